import { createTestApp, type GqlClient, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

/** What every HTTP answer carries, and request bodies that must not reach GraphQL. */
describe('HTTP hardening', () => {
  let db: TestDatabase;
  let api: TestApp;
  let rm: GqlClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await createTestApp(db.url, { REQUEST_BODY_LIMIT_KB: '1000' });
    rm = await api.signIn('CORPORATE_RM');
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  function expectSecurityHeaders(headers: Record<string, string>) {
    expect(headers['x-powered-by']).toBeUndefined();
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['cross-origin-opener-policy']).toBe('same-origin');
  }

  it('sends security headers and no X-Powered-By on /graphql, /health and refusals', async () => {
    const ok = await api.http().post('/graphql').set('authorization', `Bearer ${rm.token}`).send({ query: '{ me { role } }' });
    expect(ok.status).toBe(200);
    expectSecurityHeaders(ok.headers);
    expectSecurityHeaders((await api.http().get('/health')).headers);
    const refused = await api.http().post('/graphql').send({ query: '{ me { role } }' });
    expect(refused.status).toBe(401);
    expectSecurityHeaders(refused.headers);
  });

  it('answers a 45,000-deep JSON value in the variables with a clean 400, not a stack overflow', async () => {
    const depth = 45_000;
    const deep = `${'['.repeat(depth)}1${']'.repeat(depth)}`;
    const body = `{"query":"query Q($d: LeadFilter) { executiveLeads(filter: $d) { totalCount } }","variables":{"d":{"productCategory":${deep}}}}`;
    const res = await api.http().post('/graphql').set('authorization', `Bearer ${rm.token}`).set('content-type', 'application/json').send(body);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ message: 'the request body is nested deeper than 64 levels', extensions: { code: 'BAD_REQUEST' } }]);
    // The service goes on answering.
    expect((await rm.gql('{ me { role } }')).data).toEqual({ me: { role: 'CORPORATE_RM' } });
  });

  it('leaves ordinarily nested variables to GraphQL to judge', async () => {
    const res = await rm.gql('query Q($d: LeadFilter) { executiveLeads(filter: $d) { totalCount } }', { d: { productCategory: [[['x']]] } });
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});
