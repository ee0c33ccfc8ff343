import { createTestApp, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

/**
 * Every spelling of a path that Express or Apollo might route to GraphQL needs the token: the
 * answer without one is 401 (or 404 where nothing is served), never a GraphQL answer.
 */
describe('authentication on every path', () => {
  let db: TestDatabase;
  let api: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    // Development mode: introspection and the sandbox page are on, so a bypass would show.
    api = await createTestApp(db.url, { NODE_ENV: 'development' });
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const PATHS = [
    '/graphql',
    '/graphql/',
    '/graphql/x',
    '/graphql/anything/at/all',
    '/graphql//',
    '//graphql',
    '/GraphQL',
    '/GRAPHQL/',
    '/%67raphql',
    '/graphq%6C',
    '/graphql%2F',
    '/graphql%2Fx',
    '/graphql;a=b',
    '/graphql/;a=b',
    '/graphql?x=1',
    '/graphql/x?query=%7B__typename%7D',
    '/./graphql',
    '/x/../graphql',
    '/graphql/.',
    '/graphql/..',
    '/',
    '/health/../graphql',
  ];
  const QUERY = '{ __typename __schema { queryType { name } } }';

  it.each(PATHS)('POST %s without a token gets 401 or 404 and no GraphQL answer', async (path) => {
    const res = await api.http().post(path).set('content-type', 'application/json').send({ query: QUERY });
    expect([401, 404]).toContain(res.status);
    expect(res.body?.data).toBeUndefined();
    expect(res.text).not.toMatch(/__schema|queryType|"Query"/);
  });

  it.each(PATHS)('GET %s without a token gets 401 or 404, no GraphQL answer and no sandbox page', async (path) => {
    const sep = path.includes('?') ? '&' : '?';
    const res = await api.http().get(`${path}${sep}query=${encodeURIComponent(QUERY)}`).set('accept', 'text/html, application/json').set('apollo-require-preflight', 'true');
    // `/` (and what resolves to it) is the console's public page: static HTML, never GraphQL; the
    // static file server redirects a path that names its folder without the final slash.
    if (res.status === 301) {
      // Its text only repeats the target; where it leads is the console's folder, never GraphQL.
      expect(new URL(String(res.headers.location), 'http://x/').pathname).toBe('/');
      return;
    }
    const consolePage = res.status === 200 && /<div id="root">/.test(res.text);
    if (!consolePage) expect([401, 404]).toContain(res.status);
    expect(res.body?.data).toBeUndefined();
    expect(res.text).not.toMatch(/__schema|queryType|"Query"|sandbox|apollo/i);
  });

  it('answers 401 UNAUTHENTICATED on the paths Apollo serves', async () => {
    for (const path of ['/graphql', '/graphql/', '/graphql/x', '/GraphQL', '/%67raphql']) {
      const res = await api.http().post(path).set('content-type', 'application/json').send({ query: QUERY });
      expect({ path, status: res.status }).toEqual({ path, status: 401 });
      expect(res.body.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it('keeps /health and /ready open', async () => {
    await api.http().get('/health').expect(200);
    await api.http().get('/ready').expect(200);
  });

  it('answers a signed-in manager on a sub-path the same way as on /graphql', async () => {
    const rm = await api.signIn('CORPORATE_RM');
    const res = await api.http().post('/graphql/x').set('authorization', `Bearer ${rm.token}`).send({ query: '{ me { role } }' });
    expect([200, 404]).toContain(res.status);
  });
});
