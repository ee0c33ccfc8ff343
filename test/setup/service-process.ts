/**
 * The service as `npm start` runs it — `node dist/src/main.js` in a child process, on its own
 * embedded PostgreSQL in a temporary data folder — for tests of what only a whole process shows:
 * the embedded server dying, signals, a second process on the same data folder. Needs a compiled
 * dist/ (`npm test` compiles first).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signManagerToken } from '../../src/auth/auth.service';

export const ROOT = join(__dirname, '..', '..');
export const SERVICE_JWT_SECRET = 'service-process-secret-0123456789abcdefghij';
export const SERVICE_ADMIN = 'ADMIN-LIFECYCLE';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export function compiled(script: string): string {
  const file = join(ROOT, 'dist', script);
  if (!existsSync(file)) throw new Error(`${file} is missing: compile first (npm run build, or npm test)`);
  return file;
}

export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A folder the embedded server's OS user can reach, with everything the service keeps there. */
export function newDataFolder(): { base: string; pgDir: string; remove(): void } {
  const base = mkdtempSync(join(tmpdir(), 'cs-lifecycle-'));
  chmodSync(base, 0o755);
  return { base, pgDir: join(base, 'pg'), remove: () => rmSync(base, { recursive: true, force: true }) };
}

export type GqlAnswer = { status: number; body: any };

export interface ServiceProcess {
  child: ChildProcess;
  port: number;
  pgPort: number;
  pgDir: string;
  env: NodeJS.ProcessEnv;
  output(): string;
  /** The postmaster's pid, from its pid file. */
  postmasterPid(): number;
  /** URL of the application database on the embedded server (password from the data folder). */
  databaseUrl(): string;
  gql(query: string): Promise<GqlAnswer>;
  get(path: string): Promise<number>;
  exited: Promise<number | null>;
  /** SIGKILLs whatever is left (the child and its postmaster). */
  kill(): Promise<void>;
}

/** Env of a child service: no test-lane database, its own ports and data folder. */
export function serviceEnv(pgDir: string, port: number, pgPort: number, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    EMBEDDED_PG_DIR: pgDir,
    EMBEDDED_PG_PORT: String(pgPort),
    DEMO_DATA: 'false',
    JWT_SECRET: SERVICE_JWT_SECRET,
    BOOTSTRAP_ADMIN_ID: SERVICE_ADMIN,
    RATE_LIMIT_PER_MINUTE: '0',
    RATE_LIMIT_SYSTEM_PER_MINUTE: '0',
    LOG_LEVEL: 'log',
    ...extra,
  };
  for (const key of ['DATABASE_URL', 'TEST_PG_SERVER_URL', 'TEST_PG_TEMPLATE', 'TEST_PG_RUN_ID', 'TEST_PG_LANE']) delete env[key];
  return env;
}

export async function startService(pgDir: string, extra: NodeJS.ProcessEnv = {}, command?: { file: string; args: string[] }): Promise<ServiceProcess> {
  const port = await freePort();
  const pgPort = Number(extra.EMBEDDED_PG_PORT ?? (await freePort()));
  const env = serviceEnv(pgDir, port, pgPort, extra);
  const child = spawn(command?.file ?? process.execPath, command?.args ?? [compiled('src/main.js')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const token = signManagerToken(SERVICE_ADMIN, SERVICE_JWT_SECRET, 30);
  const base = `http://127.0.0.1:${port}`;
  const postmasterPid = () => Number(readFileSync(join(pgDir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const service: ServiceProcess = {
    child,
    port,
    pgPort,
    pgDir,
    env,
    output: () => output,
    postmasterPid,
    databaseUrl: () => `postgres://postgres:${encodeURIComponent(readFileSync(join(pgDir, 'password'), 'utf8').trim())}@127.0.0.1:${pgPort}/crosssell`,
    async gql(query) {
      const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) });
      return { status: res.status, body: await res.json().catch(() => undefined) };
    },
    async get(path) {
      const res = await fetch(`${base}${path}`);
      await res.arrayBuffer();
      return res.status;
    },
    exited,
    async kill() {
      if (process.env.SERVICE_PROCESS_OUTPUT) process.stderr.write(`--- service on ${port}:\n${output}\n`);
      let pm: number | undefined;
      try {
        pm = postmasterPid();
      } catch {
        /* none */
      }
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
      if (pm && isAlive(pm)) process.kill(pm, 'SIGKILL');
    },
  };
  try {
    await waitFor('the service to be ready', async () => {
      if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}:\n${output}`);
      // Its own log line first: a free port picked before the start may be taken by another process meanwhile.
      if (!output.includes(`GraphQL at http://127.0.0.1:${port}/graphql`)) return undefined;
      return (await service.get('/ready').catch(() => 0)) === 200 || undefined;
    });
  } catch (error) {
    await service.kill();
    throw error;
  }
  return service;
}

/** Pids of every descendant of `pid` (Linux /proc). */
export function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      /* gone */
    }
  }
  const found: number[] = [];
  const walk = (p: number) => {
    for (const c of parents.get(p) ?? []) {
      found.push(c);
      walk(c);
    }
  };
  walk(pid);
  return found;
}
