/**
 * Decides which PostgreSQL the service uses and makes sure it answers:
 * DATABASE_URL when set, otherwise an embedded server started here (data kept between runs).
 */
import { Client } from 'pg';
import type { AppConfig } from '../config/app-config';
import { resolveEmbeddedDir, startEmbeddedPostgres, type EmbeddedPostgresHandle } from './embedded-postgres';

/** The application's database on the embedded server. */
export const EMBEDDED_DATABASE = 'crosssell';

export class DatabaseUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseUnavailableError';
  }
}

export interface ResolvedDatabase {
  url: string;
  /** host:port/database, safe to log (no credentials). */
  display: string;
  embedded?: EmbeddedPostgresHandle;
}

export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Connects once and closes; rejects with a message naming the host instead of a stack trace. */
export async function checkReachable(url: string, timeoutMs: number): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const why = e.code && !/^\d/.test(e.code) ? `${e.code}${e.message ? `: ${e.message}` : ''}` : e.message || String(error);
    throw new DatabaseUnavailableError(`cannot reach the database at ${describeUrl(url)} (${why.replace(/postgres(ql)?:\/\/[^\s]+/g, '[url]')})`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function ensureDatabaseExists(serverUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`create database "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

export async function resolveDatabase(
  config: Pick<AppConfig, 'DATABASE_URL' | 'EMBEDDED_PG_DIR' | 'EMBEDDED_PG_PORT' | 'DATABASE_CONNECT_TIMEOUT_MS'> &
    Partial<Pick<AppConfig, 'EMBEDDED_PG_RESTART_DELAY_MS' | 'EMBEDDED_PG_MAX_RESTARTS'>>,
  log: (message: string) => void,
  options: { supervise?: boolean } = {},
): Promise<ResolvedDatabase> {
  if (config.DATABASE_URL) {
    await checkReachable(config.DATABASE_URL, config.DATABASE_CONNECT_TIMEOUT_MS);
    return { url: config.DATABASE_URL, display: describeUrl(config.DATABASE_URL) };
  }
  const { dir, note } = resolveEmbeddedDir(config.EMBEDDED_PG_DIR);
  if (note) log(note);
  const started = Date.now();
  const embedded = await startEmbeddedPostgres({
    dir,
    port: config.EMBEDDED_PG_PORT,
    log,
    // The service restarts a server that died; a tool that runs for a moment does not.
    restart: options.supervise ? { delayMs: config.EMBEDDED_PG_RESTART_DELAY_MS ?? 500, maxAttempts: config.EMBEDDED_PG_MAX_RESTARTS ?? 8 } : undefined,
  });
  try {
    await ensureDatabaseExists(embedded.url, EMBEDDED_DATABASE);
  } catch (error) {
    await embedded.stop();
    throw error;
  }
  const url = withDatabase(embedded.url, EMBEDDED_DATABASE);
  log(`embedded PostgreSQL ${embedded.owned ? 'ready' : 'shared'} on 127.0.0.1:${embedded.port} (data in ${embedded.dataDir}) in ${Date.now() - started} ms`);
  return { url, display: describeUrl(url), embedded };
}
