/**
 * A frozen database must not hang requests: every pool connection carries statement_timeout and
 * lock_timeout, and each GraphQL request has a deadline; all three answer SERVICE_UNAVAILABLE.
 * A database that cannot be reached fails readiness at once and liveness after
 * DATABASE_LIVENESS_TIMEOUT_MS.
 */
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createTestApp, type GqlClient, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

const AUDIT_QUERY = '{ auditLog(first: 1) { totalCount } }';

async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** Runs `request` while another connection holds an ACCESS EXCLUSIVE lock on audit_events. */
async function whileLocked<T>(db: TestDatabase, request: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const blocker = await connect(db.url);
  try {
    await blocker.query('BEGIN; LOCK TABLE audit_events IN ACCESS EXCLUSIVE MODE');
    const started = Date.now();
    const result = await request();
    return { result, ms: Date.now() - started };
  } finally {
    await blocker.query('ROLLBACK').catch(() => undefined);
    await blocker.end();
  }
}

describe('database timeouts and the request deadline', () => {
  let db: TestDatabase;
  const apps: TestApp[] = [];
  const adminOf = async (env: Record<string, string>): Promise<{ api: TestApp; admin: GqlClient }> => {
    const api = await createTestApp(db.url, env);
    apps.push(api);
    const admin = await api.signIn('ADMIN');
    expect((await admin.gql(AUDIT_QUERY)).data?.auditLog).toBeDefined(); // the viewer is cached: the lock hits the resolver
    return { api, admin };
  };

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    for (const api of apps) await api.close();
    await db?.drop();
  });

  it('sets statement_timeout and lock_timeout on every pool connection', async () => {
    const { api } = await adminOf({ DATABASE_STATEMENT_TIMEOUT_MS: '4321', DATABASE_LOCK_TIMEOUT_MS: '1234' });
    const dataSource = api.app.get(DataSource);
    const seen = await Promise.all(
      Array.from({ length: 4 }, () => dataSource.transaction(async (m) => (await m.query(`SELECT current_setting('statement_timeout') AS s, current_setting('lock_timeout') AS l`))[0])),
    );
    for (const row of seen) expect(row).toEqual({ s: '4321ms', l: '1234ms' });
  });

  it('answers SERVICE_UNAVAILABLE when a lock is not granted within DATABASE_LOCK_TIMEOUT_MS', async () => {
    const { admin } = await adminOf({ DATABASE_LOCK_TIMEOUT_MS: '300', DATABASE_STATEMENT_TIMEOUT_MS: '0', REQUEST_TIMEOUT_MS: '0' });
    const { result, ms } = await whileLocked(db, () => admin.gql(AUDIT_QUERY));
    expect(result.errors?.map((e) => e.extensions.code)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(ms).toBeLessThan(15_000); // bounded, not a hang (the exact figure is the server's)
  });

  it('answers SERVICE_UNAVAILABLE when a statement runs past DATABASE_STATEMENT_TIMEOUT_MS', async () => {
    const { admin } = await adminOf({ DATABASE_LOCK_TIMEOUT_MS: '0', DATABASE_STATEMENT_TIMEOUT_MS: '300', REQUEST_TIMEOUT_MS: '0' });
    const { result, ms } = await whileLocked(db, () => admin.gql(AUDIT_QUERY));
    expect(result.errors?.map((e) => e.extensions.code)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(ms).toBeLessThan(15_000);
  });

  it('answers SERVICE_UNAVAILABLE when a request outlives REQUEST_TIMEOUT_MS', async () => {
    const { admin } = await adminOf({ DATABASE_LOCK_TIMEOUT_MS: '0', DATABASE_STATEMENT_TIMEOUT_MS: '0', REQUEST_TIMEOUT_MS: '400' });
    const { result, ms } = await whileLocked(db, () => admin.gql(AUDIT_QUERY));
    expect(result.errors?.map((e) => e.extensions.code)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(result.errors?.[0].message).toMatch(/took longer than 400 ms/);
    expect(ms).toBeLessThan(15_000);
  });
});

describe('a database that cannot be reached', () => {
  let db: TestDatabase;
  let api: TestApp;
  let admin: GqlClient;
  let server: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await createTestApp(db.url, { DATABASE_LIVENESS_TIMEOUT_MS: '1500', DATABASE_CONNECT_TIMEOUT_MS: '2000' });
    admin = await api.signIn('ADMIN');
    server = await connect(process.env.TEST_PG_SERVER_URL!);
  });
  afterAll(async () => {
    await server?.query(`ALTER DATABASE "${db.name}" ALLOW_CONNECTIONS true`).catch(() => undefined);
    await server?.end();
    await api?.close();
    await db?.drop();
  });

  it('answers GraphQL-shaped SERVICE_UNAVAILABLE, fails readiness at once and liveness after DATABASE_LIVENESS_TIMEOUT_MS, and recovers', async () => {
    expect(api.http).toBeDefined();
    expect((await api.http().get('/ready')).status).toBe(200);
    await server.query(`ALTER DATABASE "${db.name}" ALLOW_CONNECTIONS false`);
    await server.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [db.name]);

    // A manager not yet seen: the token check itself needs the database (before GraphQL runs).
    const newcomer = api.signInAs({ id: '00000000-0000-4000-8000-000000000001', externalId: 'NOBODY-YET', role: 'ADMIN' });
    const early = await api.http().post('/graphql').set('authorization', `Bearer ${newcomer.token}`).send({ query: AUDIT_QUERY });
    expect(early.status).toBe(503);
    expect(early.body.errors.map((e: any) => e.extensions.code)).toEqual(['SERVICE_UNAVAILABLE']);
    // A manager already known: the resolver's query fails.
    const inside = await admin.gql(AUDIT_QUERY);
    expect(inside.errors?.map((e) => e.extensions.code)).toEqual(['SERVICE_UNAVAILABLE']);

    expect((await api.http().get('/ready')).status).toBe(503);
    expect((await api.http().get('/health')).status).toBe(200);
    const deadline = Date.now() + 15_000;
    let live = 200;
    while (live === 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      live = (await api.http().get('/health')).status;
    }
    expect(live).toBe(503);

    await server.query(`ALTER DATABASE "${db.name}" ALLOW_CONNECTIONS true`);
    let ready = 503;
    while (ready !== 200 && Date.now() < deadline + 15_000) {
      await new Promise((r) => setTimeout(r, 250));
      ready = (await api.http().get('/ready')).status;
    }
    expect(ready).toBe(200);
    expect((await api.http().get('/health')).status).toBe(200);
    expect((await admin.gql(AUDIT_QUERY)).data?.auditLog).toBeDefined();
  });
});
