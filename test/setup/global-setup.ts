/**
 * Jest global setup for the database tests: one PostgreSQL for the whole run (embedded by default,
 * the server at DATABASE_URL when set), and a template database with every migration applied.
 * Each test file then clones the template (test/setup/test-database.ts), so files run in parallel
 * without sharing state.
 */
import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../src/database/embedded-postgres';
import { dataSourceOptions } from '../../src/database/data-source.options';
import { withDatabase } from '../../src/database/database-connection';
import PgBoss from 'pg-boss';
import { ensureQueues, queueOptions } from '../../src/refresh/refresh-queue.service';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

declare global {
  // eslint-disable-next-line no-var
  var __TEST_EMBEDDED_PG__: EmbeddedPostgresHandle | undefined;
}

export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'cross-sell-test-pg-'));
    const handle = await startEmbeddedPostgres({
      dir,
      port: await freePort(),
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '200' },
    });
    globalThis.__TEST_EMBEDDED_PG__ = handle;
    serverUrl = handle.url;
    process.env.TEST_PG_LANE = 'embedded';
  } else {
    process.env.TEST_PG_LANE = 'server';
  }
  const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  const template = `cs_test_${runId}_template`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${template}"`);
  } finally {
    await admin.end();
  }
  const dataSource = new DataSource({ ...dataSourceOptions({ url: withDatabase(serverUrl, template) }), logging: false });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
  // The job queue's schema and queues, as the application creates them at start: every clone has them.
  const boss = new PgBoss(queueOptions(withDatabase(serverUrl, template), { supervise: false, schedule: false }));
  await boss.start();
  try {
    await ensureQueues(boss, { retryLimit: 5, retryDelay: 10, expireInSeconds: 1800 });
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
  // Read by the workers (spawned after this) and by the teardown.
  process.env.TEST_PG_SERVER_URL = serverUrl;
  process.env.TEST_PG_TEMPLATE = template;
  process.env.TEST_PG_RUN_ID = runId;
}
