import type { DataSource, DataSourceOptions, QueryRunner } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { ENTITIES } from './entities';
import { SafeTypeOrmLogger } from './safe-typeorm.logger';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export interface DataSourceSettings {
  url: string;
  poolSize?: number;
  connectTimeoutMs?: number;
  /** Shown in pg_stat_activity. */
  applicationName?: string;
  /** PostgreSQL statement_timeout of every pool connection, in ms (0 or absent: none). */
  statementTimeoutMs?: number;
  /** PostgreSQL lock_timeout of every pool connection, in ms (0 or absent: none). */
  lockTimeoutMs?: number;
}

/** The one TypeORM configuration, shared by the Nest module, the CLIs and the tests. */
export function dataSourceOptions(settings: DataSourceSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    // Schema changes only through migrations in migrations/.
    synchronize: false,
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    logging: ['error', 'warn', 'migration'],
    logger: new SafeTypeOrmLogger(),
    maxQueryExecutionTime: 5000,
    applicationName: settings.applicationName ?? 'cross-sell-engine',
    extra: {
      max: settings.poolSize ?? 10,
      connectionTimeoutMillis: settings.connectTimeoutMs ?? 5000,
      // Sent with each connection's start-up: no statement of the pool can hang the service. Long
      // maintenance raises them on its own connection (withoutStatementTimeout).
      ...(settings.statementTimeoutMs ? { statement_timeout: settings.statementTimeoutMs } : {}),
      ...(settings.lockTimeoutMs ? { lock_timeout: settings.lockTimeoutMs } : {}),
    },
  };
}

/**
 * Runs long maintenance (VACUUM, ANALYZE of a large table, a bulk load) on one connection of the pool
 * with statement_timeout and lock_timeout lifted, and puts them back before the connection returns
 * to the pool. VACUUM cannot run inside a transaction, so this is a session setting, not SET LOCAL.
 */
export async function withoutStatementTimeout<T>(dataSource: DataSource, work: (runner: QueryRunner) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SET statement_timeout = 0; SET lock_timeout = 0');
    return await work(runner);
  } finally {
    await runner.query('RESET statement_timeout; RESET lock_timeout').catch(() => undefined);
    await runner.release();
  }
}
