import { generateKeyPairSync, sign as rsaSign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signHs256 } from '../../src/auth/jwt';
import { AuthService } from '../../src/auth/auth.service';
import { MANAGER_ROLES } from '../../src/managers/manager-role';
import { createTestApp, TEST_JWT_SECRET, type GqlClient, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

const ME = '{ me { externalId role } }';
const now = () => Math.floor(Date.now() / 1000);

describe('authentication', () => {
  let db: TestDatabase;
  let api: TestApp;
  let rm: GqlClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await createTestApp(db.url, { BOOTSTRAP_ADMIN_ID: 'first-admin', RATE_LIMIT_PER_MINUTE: '60', RATE_LIMIT_BURST: '5', RATE_LIMIT_SYSTEM_PER_MINUTE: '120' });
    rm = await api.signIn('CORPORATE_RM');
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('answers a valid token with the manager the database knows', async () => {
    const res = await rm.gql(ME);
    expect(res.errors).toBeUndefined();
    expect(res.data.me).toEqual({ externalId: rm.externalId, role: 'CORPORATE_RM' });
  });

  it.each([
    ['no Authorization header', undefined, /bearer token is required/],
    ['a malformed token', 'not-a-jwt', /malformed/],
    ['an expired token', signHs256({ sub: 'X', iat: now() - 7200, exp: now() - 3600 }, TEST_JWT_SECRET), /expired/],
    ['a token signed with another secret', signHs256({ sub: 'X', iat: now(), exp: now() + 600 }, 'another-secret-another-secret-another'), /signature is invalid/],
    ['a token that lives longer than the maximum token age (12 h)', signHs256({ sub: 'X', iat: now(), exp: now() + 13 * 3600 }, TEST_JWT_SECRET), /maximum token age/],
    ['a token without an issue time (iat)', signHs256({ sub: 'X', exp: now() + 600 }, TEST_JWT_SECRET), /no issue time/],
    ['a token for an unknown manager', signHs256({ sub: 'NOBODY', iat: now(), exp: now() + 600 }, TEST_JWT_SECRET), /not name a known manager/],
  ])('answers 401 UNAUTHENTICATED to %s, before any GraphQL work', async (_, token, message) => {
    const res = await api.gqlWithToken(token, ME);
    expect(res.status).toBe(401);
    expect(res.data).toBeUndefined();
    expect(res.errors).toEqual([{ message: expect.stringMatching(message), extensions: { code: 'UNAUTHENTICATED' } }]);
  });

  it('takes the role from the database, not from the token', async () => {
    const token = signHs256({ sub: rm.externalId, role: 'ADMIN', iat: now(), exp: now() + 600 }, TEST_JWT_SECRET);
    const res = await api.gqlWithToken(token, '{ auditLog(first: 1) { totalCount } }');
    expect(res.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('answers GET requests to /graphql only with a token; /health and /ready need none', async () => {
    const res = await api.http().get('/graphql').query({ query: ME });
    expect(res.status).toBe(401);
    await api.http().get('/health').expect(200);
    await api.http().get('/ready').expect(200);
  });

  it('creates the bootstrap administrator at start, once', async () => {
    const ds = api.app.get(AuthService);
    const rows = await db.dataSource().then((d) => d.query("SELECT role FROM managers WHERE external_id = 'first-admin'"));
    expect(rows).toEqual([{ role: 'ADMIN' }]);
    await ds.onApplicationBootstrap(); // a second start changes nothing
    expect(await db.dataSource().then((d) => d.query("SELECT count(*)::int AS n FROM managers WHERE external_id = 'first-admin'"))).toEqual([{ n: 1 }]);
    const token = api.app.get(AuthService).tokenFor('first-admin')!;
    expect((await api.gqlWithToken(token, ME)).data.me).toEqual({ externalId: 'first-admin', role: 'ADMIN' });
  });

  it('offers one ready token per role (printed at start in development)', async () => {
    for (const role of MANAGER_ROLES) if (role !== 'CORPORATE_RM' && role !== 'ADMIN') await api.signIn(role);
    const samples = await api.app.get(AuthService).sampleTokens();
    expect(samples.map((s) => s.role).sort()).toEqual([...MANAGER_ROLES].sort());
    for (const s of samples) expect((await api.gqlWithToken(s.token, ME)).data.me).toEqual({ externalId: s.externalId, role: s.role });
  });

  it('answers 429 RATE_LIMITED with Retry-After once a manager exceeds the limit, and only that manager', async () => {
    const busy = await api.signIn('RETAIL_RM');
    const statuses: number[] = [];
    let limited: any;
    for (let i = 0; i < 8; i++) {
      const res = await api.http().post('/graphql').set('authorization', `Bearer ${busy.token}`).send({ query: ME });
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    expect(limited.headers['retry-after']).toBe('1');
    expect(limited.body.errors[0].extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: 1 });
    const other = await api.signIn('RETAIL_RM');
    expect((await other.gql(ME)).status).toBe(200);
  });

  it('gives integrations (SYSTEM) their own, higher limit: bursts of a tenth of a minute', async () => {
    const feed = await api.signIn('SYSTEM');
    // Sent at once, so that a slow machine does not spread them over a new window.
    const statuses = (await Promise.all(Array.from({ length: 16 }, () => feed.gql(ME)))).map((r) => r.status);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(12);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
  });
});

describe('authentication with an identity provider (JWKS_URL, RS256)', () => {
  let db: TestDatabase;
  let api: TestApp;
  let idp: Server;
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });

  const rs256 = (payload: object) => {
    const head = Buffer.from(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'idp-1' })).toString('base64url');
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${head}.${body}.${rsaSign('RSA-SHA256', Buffer.from(`${head}.${body}`), pair.privateKey).toString('base64url')}`;
  };

  beforeAll(async () => {
    idp = createServer((_, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [{ ...pair.publicKey.export({ format: 'jwk' }), kid: 'idp-1', use: 'sig', alg: 'RS256' }] }));
    });
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    db = await createTestDatabase();
    api = await createTestApp(db.url, { JWKS_URL: `http://127.0.0.1:${(idp.address() as AddressInfo).port}/jwks`, JWT_ISSUER: 'https://idp.bank', JWT_AUDIENCE: 'cross-sell' });
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
    await new Promise((resolve) => idp?.close(resolve));
  });

  it("accepts the provider's RS256 tokens and refuses HS256 ones, wrong issuers and audiences", async () => {
    const rm = await api.signIn('RETAIL_RM', { externalId: 'RRM-IDP-1' });
    const claims = { sub: 'RRM-IDP-1', iss: 'https://idp.bank', aud: 'cross-sell', iat: now(), exp: now() + 600 };
    expect((await api.gqlWithToken(rs256(claims), ME)).data.me).toEqual({ externalId: 'RRM-IDP-1', role: 'RETAIL_RM' });
    expect((await api.gqlWithToken(rm.token, ME)).errors?.[0].message).toMatch(/must be signed with RS256/);
    expect((await api.gqlWithToken(rs256({ ...claims, iss: 'https://elsewhere' }), ME)).status).toBe(401);
    expect((await api.gqlWithToken(rs256({ ...claims, aud: 'another-app' }), ME)).status).toBe(401);
    expect(api.app.get(AuthService).tokenFor('RRM-IDP-1')).toBeUndefined();
  });
});
