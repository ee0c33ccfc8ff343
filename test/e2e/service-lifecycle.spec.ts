/**
 * The service as a process (`node dist/src/main.js`, as `npm start` runs it) on its own embedded
 * PostgreSQL: the database dying under it, SIGTERM with a request in flight, a second process (the
 * CSV import) on the same data folder, and SIGTERM to `npm start` itself.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { ROOT, compiled, descendants, isAlive, newDataFolder, startService, waitFor, type ServiceProcess } from '../setup/service-process';

const AUDIT_QUERY = '{ auditLog(first: 1) { totalCount } }';
const answered = (a: { status: number; body: any }) => a.status === 200 && a.body?.data?.auditLog && !a.body.errors;
const codes = (a: { body: any }) => (a.body?.errors ?? []).map((e: any) => e.extensions?.code);

describe('the service process and its embedded PostgreSQL', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const track = (service: ServiceProcess, folder: { remove(): void }) => {
    cleanups.push(() => folder.remove());
    cleanups.push(() => service.kill());
    return service;
  };

  it('answers SERVICE_UNAVAILABLE while its embedded PostgreSQL is down, restarts it, and serves again', async () => {
    const folder = newDataFolder();
    const service = track(await startService(folder.pgDir, { EMBEDDED_PG_RESTART_DELAY_MS: '1500' }), folder);
    expect(answered(await service.gql(AUDIT_QUERY))).toBe(true);

    const killed = service.postmasterPid();
    process.kill(killed, 'SIGKILL');
    const seen: Array<{ status: number; body: any }> = [];
    const unavailable = await waitFor('a SERVICE_UNAVAILABLE answer', async () => {
      const answer = await service.gql(AUDIT_QUERY);
      seen.push(answer);
      return codes(answer).includes('SERVICE_UNAVAILABLE') ? answer : undefined;
    }, 10_000);
    expect(unavailable.body.errors[0].message).toMatch(/cannot reach its database/);
    expect(await service.get('/ready')).toBe(503);
    expect(await service.get('/health')).toBe(200); // it can recover: no reason to restart the instance

    const back = await waitFor('the service to answer again', async () => {
      const answer = await service.gql(AUDIT_QUERY);
      seen.push(answer);
      return answered(answer) ? answer : undefined;
    }, 20_000, 250);
    expect(back.body.data.auditLog.totalCount).toBeGreaterThanOrEqual(0);
    // Between the two, nothing but SERVICE_UNAVAILABLE: never a bare HTTP 500 or INTERNAL_SERVER_ERROR.
    for (const answer of seen) expect(answered(answer) || codes(answer).every((c: string) => c === 'SERVICE_UNAVAILABLE')).toBe(true);
    expect(seen.some((a) => a.status === 500)).toBe(false);
    expect(service.postmasterPid()).not.toBe(killed);
    expect(isAlive(service.postmasterPid())).toBe(true);
    expect(await service.get('/ready')).toBe(200);
  }, 45_000);

  it('fails liveness when the embedded PostgreSQL cannot be restarted, so an orchestrator restarts the instance', async () => {
    const folder = newDataFolder();
    const service = track(await startService(folder.pgDir, { EMBEDDED_PG_MAX_RESTARTS: '0' }), folder);
    expect(await service.get('/health')).toBe(200);
    process.kill(service.postmasterPid(), 'SIGKILL');
    await waitFor('liveness to fail', async () => ((await service.get('/health')) === 503 ? true : undefined), 10_000);
    expect(codes(await service.gql(AUDIT_QUERY))).toEqual(['SERVICE_UNAVAILABLE']);
  }, 45_000);

  it('on SIGTERM lets a request in flight finish, then exits promptly and stops its PostgreSQL', async () => {
    const folder = newDataFolder();
    const service = track(await startService(folder.pgDir), folder);
    const postmaster = service.postmasterPid();
    // A second connection holds a lock the request needs: the request waits, in flight.
    const blocker = new Client({ connectionString: service.databaseUrl() });
    blocker.on('error', () => undefined);
    await blocker.connect();
    cleanups.push(() => blocker.end().catch(() => undefined));
    await blocker.query('BEGIN; LOCK TABLE audit_events IN ACCESS EXCLUSIVE MODE');
    const slow = service.gql(AUDIT_QUERY);
    await waitFor('the request to wait for the lock', async () => {
      const { rows } = await blocker.query(`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND relation = 'audit_events'::regclass`);
      return rows[0].n > 0 || undefined;
    });

    const signalled = Date.now();
    service.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 800));
    expect(service.child.exitCode).toBeNull(); // still finishing the request
    await blocker.query('COMMIT');
    await blocker.end();

    const answer = await slow;
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.auditLog.totalCount).toBeGreaterThanOrEqual(0);
    expect(await service.exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(8000); // not the 10 s hang of an exit hook
    await waitFor('PostgreSQL to stop', () => (!isAlive(postmaster) ? true : undefined), 5000);
  }, 45_000);

  it('keeps serving while the CSV import, a second process, runs on the same data folder', async () => {
    const folder = newDataFolder();
    const service = track(await startService(folder.pgDir), folder);
    const postmaster = service.postmasterPid();
    const csv = join(folder.base, 'csv');
    require('node:fs').mkdirSync(csv);
    writeFileSync(join(csv, 'branches.csv'), 'externalId,name,city\nSH-BR-1,Shared Branch,Northport\nSH-BR-2,Second Branch,Southport\n');

    const importer = spawn(process.execPath, [compiled('src/cli/import.cli.js'), csv], { cwd: ROOT, env: service.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let importOutput = '';
    importer.stdout.on('data', (d: Buffer) => (importOutput += d.toString()));
    importer.stderr.on('data', (d: Buffer) => (importOutput += d.toString()));
    const importDone = new Promise<number | null>((resolve) => importer.once('exit', (code) => resolve(code)));
    let finished = false;
    void importDone.then(() => (finished = true));

    const failures: unknown[] = [];
    let requests = 0;
    const ask = async () => {
      requests += 1;
      const answer = await service.gql(AUDIT_QUERY).catch((error: Error) => ({ status: 0, body: error.message }));
      if (!answered(answer)) failures.push(answer);
    };
    while (!finished) {
      await ask();
      await new Promise((r) => setTimeout(r, 50));
    }
    for (let i = 0; i < 10; i++) {
      await new Promise((r) => setTimeout(r, 100));
      await ask();
    }
    expect(await importDone).toBe(0);
    expect(importOutput).toMatch(/branches\.csv\s+2 rows: 2 inserted/);
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(10);
    expect(service.postmasterPid()).toBe(postmaster);
    expect(isAlive(postmaster)).toBe(true);
  }, 60_000);

  it('SIGTERM to `npm start` ends node and its PostgreSQL', async () => {
    const folder = newDataFolder();
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const service = track(await startService(folder.pgDir, {}, { file: npm, args: ['start', '--silent'] }), folder);
    const family = descendants(service.child.pid!);
    const postmaster = service.postmasterPid();
    expect(family).toContain(postmaster);
    const signalled = Date.now();
    service.child.kill('SIGTERM'); // the npm process only, as an orchestrator or a terminal would
    await service.exited;
    await waitFor('node and PostgreSQL to end', () => (family.every((pid) => !isAlive(pid)) ? true : undefined), 10_000);
    expect(Date.now() - signalled).toBeLessThan(10_000);
    expect(service.output()).not.toMatch(/compiling/); // dist/ is current: no TypeScript build at start
  }, 60_000);
});
