/**
 * Migrations applied once however many instances start together: each takes a PostgreSQL advisory
 * lock first, so one applies what is pending while the others wait, then find nothing to do.
 * With MIGRATIONS_RUN=false (deployments that run `npm run migration:run` as their own step) the
 * service only checks that nothing is pending and refuses to start otherwise.
 */
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { MigrationExecutor } from 'typeorm/migration/MigrationExecutor';
import { dataSourceOptions } from './data-source.options';

/** The advisory lock key that serialises migrations (an arbitrary constant of this application). */
export const MIGRATIONS_LOCK_KEY = 7_340_120_913;

export class MigrationsPendingError extends Error {
  constructor(readonly pending: string[]) {
    super(
      `the database lacks ${pending.length} migration(s) (${pending.join(', ')}) and MIGRATIONS_RUN=false: run \`npm run migration:run\` first, or start with MIGRATIONS_RUN=true`,
    );
    this.name = 'MigrationsPendingError';
  }
}

/**
 * Applies pending migrations under the advisory lock; returns the names applied (empty when another
 * instance had done it). Runs on its own connections without statement or lock timeouts: a migration
 * may rewrite a large table, and waiting for the lock is the point.
 */
export async function runMigrationsOnce(url: string, log: (message: string) => void = () => undefined): Promise<string[]> {
  const lock = new Client({ connectionString: url, application_name: 'cross-sell-migrations' });
  lock.on('error', () => undefined);
  await lock.connect();
  try {
    const started = Date.now();
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATIONS_LOCK_KEY]);
    if (Date.now() - started > 1000) log(`waited ${Date.now() - started} ms for another instance's migrations`);
    const dataSource = new DataSource({ ...dataSourceOptions({ url, poolSize: 1, applicationName: 'cross-sell-migrations' }), migrationsRun: false });
    await dataSource.initialize();
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      if (applied.length > 0) log(`applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}`);
      return applied.map((m) => m.name);
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATIONS_LOCK_KEY]).catch(() => undefined);
    await lock.end().catch(() => undefined);
  }
}

/** Names of the migrations this code has that the database has not applied. */
export async function pendingMigrations(dataSource: DataSource): Promise<string[]> {
  return (await new MigrationExecutor(dataSource).getPendingMigrations()).map((m) => m.name);
}

/** For MIGRATIONS_RUN=false: throws MigrationsPendingError naming what is missing. */
export async function assertNoPendingMigrations(dataSource: DataSource): Promise<void> {
  const pending = await pendingMigrations(dataSource);
  if (pending.length > 0) throw new MigrationsPendingError(pending);
}
