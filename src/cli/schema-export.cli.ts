/** Writes the GraphQL schema generated from the resolvers to src/schema.gql. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isExpectedStartupError, startApplication } from '../bootstrap';
import { printAppSchema, SCHEMA_FILE } from '../common/schema-printer';

async function main(): Promise<void> {
  const started = await startApplication({ DEMO_DATA: 'false', LOG_LEVEL: 'warn', WORKERS: '0' });
  try {
    const target = join(__dirname, '..', '..', '..', SCHEMA_FILE);
    writeFileSync(target, printAppSchema(started.app));
    console.log(`wrote ${SCHEMA_FILE}`);
  } finally {
    await started.close();
  }
}

main().catch((error) => {
  console.error(`schema export failed: ${isExpectedStartupError(error) ? error.message : String(error)}`);
  process.exit(1);
});
