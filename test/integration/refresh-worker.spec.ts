/**
 * The refresh workers: a worker killed mid-job loses nothing, two workers never refresh the same
 * person at the same time, a failing job is retried and then dead-lettered (and shown), and a
 * refresh counts only the rows it really wrote.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { COMPANY_LOCK_SPACE, RefresherService } from '../../src/refresh/refresher.service';
import { BankFactory } from '../factories/bank.factory';
import { settleRefresh } from '../setup/refresh-queue';
import { createTestApp, type GqlClient, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

/** Short expiry and retries, so that a dead worker's job and a failing job move within seconds. */
const QUEUE_SETTINGS = { REFRESH_JOB_TIMEOUT_SECONDS: '6', REFRESH_RETRY_DELAY_SECONDS: '1', REFRESH_RETRY_LIMIT: '1' };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('refresh workers', () => {
  let db: TestDatabase;
  let api: TestApp;
  let ds: DataSource;
  let bank: BankFactory;
  let system: GqlClient;
  let locker: Client;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await db.dataSource();
    bank = new BankFactory(ds);
    api = await createTestApp(db.url, { WORKERS: '0', ...QUEUE_SETTINGS });
    system = await api.signIn('SYSTEM');
    locker = new Client({ connectionString: db.url });
    await locker.connect();
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await locker?.end();
    await api?.close();
    await db?.drop();
  });

  /** Holds a company's refresh lock, as a worker refreshing it would. */
  const lockCompany = (id: string) => locker.query('SELECT pg_advisory_lock($1::int, hashtext($2))', [COMPANY_LOCK_SPACE, id]);
  const unlockCompany = (id: string) => locker.query('SELECT pg_advisory_unlock($1::int, hashtext($2))', [COMPANY_LOCK_SPACE, id]);

  async function payrollEmployee(client?: { id: string; externalId: string }) {
    const company = client ?? (await bank.corporateClient());
    const person = await bank.person({ marketingConsent: true });
    await bank.employment(person, company as never, { salaryPaidHere: true, startDate: '2021-01-01' });
    return { company, person };
  }
  /** A change through the API: marks the person and queues their job. */
  const touch = async (person: { externalId: string; fullName: string; birthDate: string }, income: string) =>
    expect((await system.gql('mutation($i: UpsertPersonInput!) { upsertPerson(input: $i) { id } }', { i: { externalId: person.externalId, fullName: person.fullName, birthDate: person.birthDate, monthlyIncome: income } })).errors).toBeUndefined();
  const live = (personId: string) => ds.query(`SELECT o.id, pr.code FROM opportunities o JOIN products pr ON pr.id = o.product_id WHERE o.party_id = $1 AND o.status = 'OPEN' ORDER BY pr.code`, [personId]);
  const marked = async (personId: string) => (await ds.query('SELECT refresh_change FROM persons WHERE id = $1', [personId]))[0].refresh_change !== null;

  function startWorkerProcess(): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['-r', join(__dirname, '..', 'setup', 'swc-register.js'), join(__dirname, '..', 'fixtures', 'processes', 'refresh-worker.process.ts')], {
      env: { ...process.env, TEST_DATABASE_URL: db.url, WORKERS: '1', ...QUEUE_SETTINGS },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    return new Promise((resolve, reject) => {
      let err = '';
      child.stderr!.on('data', (d) => (err += d));
      child.stdout!.on('data', (d) => String(d).includes('ready') && resolve(child));
      child.on('exit', (code) => reject(new Error(`worker process exited (${code}) before it was ready: ${err.slice(0, 500)}`)));
    });
  }

  it('loses nothing when a worker process is killed mid-job: another worker finishes it, leaving what one clean refresh leaves', async () => {
    const a = await payrollEmployee();
    const b = await payrollEmployee();
    const [early, late] = [a, b].sort((x, y) => (x.company.id < y.company.id ? -1 : 1)) as [typeof a, typeof a];
    await touch(early.person, '4100.00');
    await touch(late.person, '4150.00');
    const jobs: { id: string }[] = await ds.query(`SELECT id FROM pgboss.job WHERE name = 'refresh-persons' AND singleton_key = ANY($1::text[])`, [[early.person.id, late.person.id]]);
    expect(jobs).toHaveLength(2);
    // The batch refreshes the persons company by company: it writes the first, then waits for the second.
    await lockCompany(late.company.id);
    const child = await startWorkerProcess();
    await until(() => live(early.person.id), (rows) => rows.length > 0, 20_000, 'the first company to be written');
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    // Mid-job: half written, nothing marked done, the job still held by the dead worker.
    expect(await live(late.person.id)).toEqual([]);
    expect(await marked(early.person.id)).toBe(true);
    expect(await marked(late.person.id)).toBe(true);
    const [{ active }] = await ds.query(`SELECT count(*)::int AS active FROM pgboss.job WHERE id = ANY($1::uuid[]) AND state = 'active'`, [jobs.map((j) => j.id)]);
    expect(active).toBeGreaterThan(0);
    await unlockCompany(late.company.id);

    const other = await createTestApp(db.url, QUEUE_SETTINGS);
    try {
      await settleRefresh(other.app, 45_000);
    } finally {
      await other.close();
    }
    const states: { state: string }[] = await ds.query(`SELECT state::text FROM pgboss.job WHERE id = ANY($1::uuid[])`, [jobs.map((j) => j.id)]);
    expect(states.map((s) => s.state)).toEqual(['completed', 'completed']);
    expect((await live(late.person.id)).length).toBeGreaterThan(0);
    expect(await marked(early.person.id)).toBe(false);
    expect(await marked(late.person.id)).toBe(false);
    // What is left is what one clean refresh leaves: refreshing again changes nothing.
    const before = [await live(early.person.id), await live(late.person.id)];
    const again = await api.app.get(RefresherService).refreshPersons([early.person.id, late.person.id]);
    expect(again).toMatchObject({ created: 0, expired: 0 });
    expect([await live(early.person.id), await live(late.person.id)]).toEqual(before);
  });

  it('never lets two workers refresh the same person at the same time', async () => {
    const { company, person } = await payrollEmployee();
    await touch(person, '4300.00');
    await lockCompany(company.id);
    const workers = [await createTestApp(db.url, QUEUE_SETTINGS), await createTestApp(db.url, QUEUE_SETTINGS)];
    try {
      const activeFor = async () => (await ds.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'refresh-persons' AND singleton_key = $1 AND state = 'active'`, [person.id]))[0].n as number;
      await until(activeFor, (n) => n === 1, 10_000, 'the person job to start');
      // More work on the same person and company arrives while the first worker waits for the company.
      await touch(person, '4400.00');
      expect((await system.gql('mutation($c: ID) { refreshOpportunities(corporateClientId: $c) { jobId } }', { c: company.id })).errors).toBeUndefined();
      const waiting = async () =>
        (await ds.query(`SELECT count(*)::int AS n FROM pg_locks l WHERE l.locktype = 'advisory' AND NOT l.granted AND l.classid = $1 AND l.objid = hashtext($2)::oid`, [COMPANY_LOCK_SPACE, company.id]))[0].n as number;
      await until(waiting, (n) => n === 2, 10_000, 'both workers to wait for the company');
      for (let i = 0; i < 20; i++) {
        expect(await activeFor()).toBe(1);
        expect(await live(person.id)).toEqual([]);
        await sleep(50);
      }
      await unlockCompany(company.id);
      await settleRefresh(workers[0]!.app, 30_000);
    } finally {
      await unlockCompany(company.id).catch(() => undefined);
      for (const w of workers) await w.close();
    }
    const rows = await live(person.id);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r: { code: string }) => r.code)).size).toBe(rows.length);
    expect(await marked(person.id)).toBe(false);
  });

  it('retries a failing job, then dead-letters it and shows it in refreshStatus, without its data', async () => {
    const branch = await bank.branch();
    const otherBranch = await bank.branch();
    const client = await bank.corporateClient({ branchId: branch.id });
    await payrollEmployee(client);
    await ds.query(`CREATE FUNCTION test_refuse_opportunity() RETURNS trigger LANGUAGE plpgsql AS $$
                      BEGIN RAISE EXCEPTION 'refused for Alex Example, 4200.00'; END $$`);
    await ds.query(`CREATE TRIGGER test_refuse_opportunity BEFORE INSERT ON opportunities FOR EACH ROW
                      WHEN (NEW.via_corporate_client_id = '${client.id}') EXECUTE FUNCTION test_refuse_opportunity()`);
    const requested = await system.gql('mutation($c: ID) { refreshOpportunities(corporateClientId: $c) { jobId state } }', { c: client.id });
    expect(requested.errors).toBeUndefined();
    const jobId = requested.data.refreshOpportunities.jobId;
    const admin = await api.signIn('ADMIN');
    const worker = await createTestApp(db.url, QUEUE_SETTINGS);
    const STATUS = 'query($b: ID) { refreshStatus(branchId: $b) { branchId failedJobs pendingCompanies failed { queue corporateClientId error } } }';
    try {
      const status = await until(
        async () => (await admin.gql(STATUS, {})).data.refreshStatus,
        (s: any) => s.failedJobs > 0,
        30_000,
        'the job to be dead-lettered',
      );
      expect(status.failed).toContainEqual({ queue: 'refresh-dead', corporateClientId: client.id, error: 'QueryFailedError (P0001)' });
      expect(JSON.stringify(status)).not.toMatch(/Alex|4200/);
    } finally {
      await worker.close();
    }
    const [original] = await ds.query(`SELECT state::text, retry_count FROM pgboss.job WHERE id = $1`, [jobId]);
    expect(original).toEqual({ state: 'failed', retry_count: 1 });
    // A branch manager sees their branch's dead letter and pending company, not another branch's.
    const mine = await api.signIn('BRANCH_MANAGER', { branchId: branch.id });
    const theirs = await api.signIn('BRANCH_MANAGER', { branchId: otherBranch.id });
    expect((await mine.gql(STATUS, {})).data.refreshStatus).toMatchObject({ branchId: branch.id, failedJobs: 1, pendingCompanies: 1 });
    expect((await theirs.gql(STATUS, {})).data.refreshStatus).toMatchObject({ branchId: otherBranch.id, failedJobs: 0, pendingCompanies: 0 });
    expect((await theirs.gql(STATUS, { b: branch.id })).errors?.[0].extensions.code).toBe('FORBIDDEN');
    await ds.query('DROP TRIGGER test_refuse_opportunity ON opportunities');
  });

  it('counts only the rows a refresh really inserted when two refreshes of a client run at once', async () => {
    const client = await bank.corporateClient();
    for (let i = 0; i < 5; i++) await payrollEmployee(client);
    const refresher = api.app.get(RefresherService);
    const [one, two] = await Promise.all([refresher.refresh(client.id), refresher.refresh(client.id)]);
    const [{ rows }] = await ds.query(`SELECT count(*)::int AS rows FROM opportunities WHERE via_corporate_client_id = $1`, [client.id]);
    expect(rows).toBeGreaterThan(0);
    expect(one.created + two.created).toBe(rows);
  });

  it('schedules the nightly full refresh at REFRESH_NIGHTLY_AT in the service time zone, once for every instance, and removes it when off', async () => {
    const schedule = async () => ds.query(`SELECT cron, timezone, data FROM pgboss.schedule WHERE name = 'refresh-full'`);
    const nightly = await createTestApp(db.url, { ...QUEUE_SETTINGS, REFRESH_NIGHTLY_AT: '03:15' });
    try {
      expect(await schedule()).toEqual([{ cron: '15 3 * * *', timezone: Intl.DateTimeFormat().resolvedOptions().timeZone, data: { reason: 'nightly' } }]);
    } finally {
      await nightly.close();
    }
    const off = await createTestApp(db.url, { ...QUEUE_SETTINGS, REFRESH_NIGHTLY_AT: 'off' });
    try {
      expect(await schedule()).toEqual([]);
    } finally {
      await off.close();
    }
  });
});
