/**
 * A private database for one test file, cloned from the run's migrated template. Real PostgreSQL:
 * embedded by default, the server at DATABASE_URL in the second lane.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source.options';
import { withDatabase } from '../../src/database/database-connection';

export interface TestDatabase {
  url: string;
  name: string;
  /** A TypeORM data source on the database (opened on first use). */
  dataSource(): Promise<DataSource>;
  drop(): Promise<void>;
}

function serverUrl(): string {
  const url = process.env.TEST_PG_SERVER_URL;
  if (!url) throw new Error('TEST_PG_SERVER_URL is not set: database tests must run through the Jest "db" project');
  return url;
}

export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const name = `cs_test_${process.env.TEST_PG_RUN_ID}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl() });
  await admin.connect();
  try {
    await admin.query(options.empty ? `CREATE DATABASE "${name}"` : `CREATE DATABASE "${name}" TEMPLATE "${process.env.TEST_PG_TEMPLATE}"`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(serverUrl(), name);
  let ds: DataSource | undefined;
  return {
    url,
    name,
    async dataSource() {
      if (!ds) {
        ds = new DataSource({ ...dataSourceOptions({ url, poolSize: 4 }), logging: false });
        await ds.initialize();
      }
      return ds;
    },
    async drop() {
      if (ds?.isInitialized) await ds.destroy();
      const c = new Client({ connectionString: serverUrl() });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
