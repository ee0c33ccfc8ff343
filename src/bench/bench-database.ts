/**
 * A throwaway database for benchmarks: on the server at DATABASE_URL when set (a new database,
 * dropped afterwards), otherwise on an embedded PostgreSQL in a temp folder.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { withDatabase } from '../database/database-connection';
import { startEmbeddedPostgres } from '../database/embedded-postgres';

export interface BenchDatabase {
  url: string;
  where: string;
  dispose(): Promise<void>;
}

/** `settings`: extra server settings of the embedded server (ignored on a server at DATABASE_URL). */
export async function createBenchDatabase(port = 54390, settings: Record<string, string> = {}): Promise<BenchDatabase> {
  const name = `crosssell_bench_${Date.now().toString(36)}`;
  const server = process.env.DATABASE_URL;
  if (server) {
    const admin = new Client({ connectionString: server });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    return {
      url: withDatabase(server, name),
      where: `server ${new URL(server).host}`,
      dispose: async () => {
        const c = new Client({ connectionString: server });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'cross-sell-bench-'));
  chmodSync(dir, 0o755);
  const embedded = await startEmbeddedPostgres({ dir, port, settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', ...settings } });
  const admin = new Client({ connectionString: embedded.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  return {
    url: withDatabase(embedded.url, name),
    where: 'embedded PostgreSQL',
    dispose: async () => {
      await embedded.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
