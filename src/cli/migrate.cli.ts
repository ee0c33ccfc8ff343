/**
 * Migration tooling over the same database the service would use (DATABASE_URL, or the embedded
 * server when unset):
 *   migrate run | revert | show | generate <CamelCaseName>
 */
import 'reflect-metadata';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { resolveDatabase } from '../database/database-connection';
import { dataSourceOptions } from '../database/data-source.options';
import { pendingSchemaChanges } from '../database/schema-diff';
import { pendingMigrations, runMigrationsOnce } from '../database/migrations-runner';

const MIGRATIONS_DIR = process.env.MIGRATIONS_DIR ?? join(__dirname, '..', '..', '..', 'migrations');

function migrationSource(className: string, up: string[], down: string[]): string {
  const q = (sql: string) => `    await queryRunner.query(${JSON.stringify(sql)});`;
  return `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${up.map(q).join('\n')}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${down.map(q).join('\n')}
  }
}
`;
}

async function main(): Promise<number> {
  const [command, name] = process.argv.slice(2);
  const config = loadConfig();
  const db = await resolveDatabase(config, (m) => console.log(m));
  const dataSource = new DataSource(dataSourceOptions({ url: db.url, applicationName: 'cross-sell-migrate' }));
  try {
    // `run` opens its own connections under the migrations lock.
    if (command !== 'run') await dataSource.initialize();
    switch (command) {
      case 'run': {
        // Under the same advisory lock as the service's start: safe beside starting instances.
        const done = await runMigrationsOnce(db.url);
        console.log(done.length ? `applied: ${done.join(', ')}` : 'no pending migrations');
        return 0;
      }
      case 'revert':
        await dataSource.undoLastMigration({ transaction: 'each' });
        console.log('reverted the last migration');
        return 0;
      case 'show': {
        const pending = await pendingMigrations(dataSource);
        console.log(pending.length ? `pending: ${pending.join(', ')}` : 'no pending migrations');
        return 0;
      }
      case 'generate': {
        if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
          console.error('usage: migration:generate -- <CamelCaseName>');
          return 2;
        }
        await dataSource.runMigrations({ transaction: 'each' });
        const { up, down } = await pendingSchemaChanges(dataSource);
        if (up.length === 0) {
          console.log('entities and migrations agree: nothing to generate');
          return 0;
        }
        const timestamp = Date.now();
        const className = `${name}${timestamp}`;
        const file = `${timestamp}-${name}.ts`;
        writeFileSync(join(MIGRATIONS_DIR, file), migrationSource(className, up, down.reverse()));
        const indexFile = join(MIGRATIONS_DIR, 'index.ts');
        let index = readFileSync(indexFile, 'utf8');
        index = `import { ${className} } from './${file.replace(/\.ts$/, '')}';\n` + index;
        index = index.replace(/export const MIGRATIONS: Function\[\] = \[([\s\S]*?)\];/, (_m, list: string) => {
          const items = list.split(',').map((s) => s.trim()).filter(Boolean);
          items.push(className);
          return `export const MIGRATIONS: Function[] = [\n${items.map((i) => `  ${i},`).join('\n')}\n];`;
        });
        writeFileSync(indexFile, index);
        console.log(`wrote migrations/${file}`);
        return 0;
      }
      default:
        console.error('usage: migrate run | revert | show | generate <Name>');
        return 2;
    }
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await db.embedded?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`migration failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
