import { createTestApp, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

describe('production mode', () => {
  let db: TestDatabase;
  let api: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await createTestApp(db.url, { NODE_ENV: 'production' });
    api.actAs(await api.signIn('SYSTEM'));
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('refuses introspection', async () => {
    const res = await api.gql('{ __schema { types { name } } }');
    expect(res.data).toBeUndefined();
    expect(res.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('suggests no field names in validation errors (the schema stays hidden)', async () => {
    const res = await api.gql('{ produts { code } person(externalId: "P-1") { fullNme } }');
    expect(res.errors?.length).toBeGreaterThan(0);
    for (const error of res.errors!) {
      expect(error.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(error.message).not.toMatch(/Did you mean|products|fullName/);
    }
  });

  it('serves no sandbox page', async () => {
    const res = await api.http().get('/graphql').set('accept', 'text/html');
    expect(res.headers['content-type'] ?? '').not.toMatch(/text\/html/);
    expect(res.text ?? '').not.toMatch(/<html|embeddable-sandbox/i);
  });

  it('answers errors with code and message only', async () => {
    const res = await api.gql('{ person(id: "00000000-0000-4000-8000-000000000000") { id } }');
    expect(res.errors).toEqual([{ message: 'person with id 00000000-0000-4000-8000-000000000000 was not found', extensions: { code: 'NOT_FOUND' } }]);
    const bad = await api.gql('{ person(id: "nope") { id } }');
    expect(bad.errors).toEqual([{ message: expect.stringContaining('id must be a uuid'), extensions: { code: 'BAD_USER_INPUT', fields: ['id'] } }]);
  });
});
