import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { Client } from 'pg';

/** Drops this run's databases (server lane) or stops the embedded server (default lane). */
export default async function globalTeardown(): Promise<void> {
  const embedded = globalThis.__TEST_EMBEDDED_PG__;
  if (embedded) {
    await embedded.stop();
    rmSync(dirname(embedded.dataDir), { recursive: true, force: true });
    return;
  }
  const serverUrl = process.env.TEST_PG_SERVER_URL;
  const runId = process.env.TEST_PG_RUN_ID;
  if (!serverUrl || !runId) return;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`cs_test_${runId}_%`]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
