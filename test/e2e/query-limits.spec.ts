import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { createTestApp, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

/** Hostile queries are refused during validation, before any resolver or SQL runs. */
describe('query limits', () => {
  let db: TestDatabase;
  let api: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await createTestApp(db.url, { GRAPHQL_MAX_DEPTH: '5', GRAPHQL_MAX_ALIASES: '5', GRAPHQL_MAX_COST: '1000', GRAPHQL_MAX_OPERATIONS: '2', REQUEST_BODY_LIMIT_KB: '20' });
    api.actAs(await api.signIn('CORPORATE_RM'));
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  async function refusedWithoutSql(query: string) {
    // The token's manager is looked up once and then served from memory: sign in before watching.
    expect((await api.gql('{ me { role } }')).errors).toBeUndefined();
    const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query');
    try {
      const res = await api.gql(query);
      expect(res.errors?.[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
      expect(res.data).toBeUndefined();
      expect(spy).not.toHaveBeenCalled();
      return res.errors![0].message as string;
    } finally {
      spy.mockRestore();
    }
  }

  it('refuses a query deeper than allowed', async () => {
    const deep = '{ person(externalId: "P-1") { employments { corporateClient { holdings { product { code } } branch { name } } } } }';
    expect(await refusedWithoutSql(deep)).toMatch(/levels deep; at most 5/);
  });

  it('refuses too many aliases', async () => {
    const aliases = `{ ${Array.from({ length: 6 }, (_, i) => `a${i}: products { code }`).join(' ')} }`;
    expect(await refusedWithoutSql(aliases)).toMatch(/6 aliases; at most 5/);
  });

  it('refuses a query whose list sizes multiply beyond the budget', async () => {
    const costly = `{ a: employeeProspects(corporateClientId: "00000000-0000-4000-8000-000000000000", first: 100) { edges { node { person { fullName age segment title } } } }
                      b: employeeProspects(corporateClientId: "00000000-0000-4000-8000-000000000000", first: 100) { edges { node { person { fullName age segment title } } } } }`;
    expect(await refusedWithoutSql(costly)).toMatch(/would cost \d+/);
  });

  it('refuses a document with too many operations', async () => {
    expect(await refusedWithoutSql('query A { products { code } } query B { products { code } } query C { products { code } }')).toMatch(/at most 2 operation/);
  });

  it('answers ordinary queries', async () => {
    const res = await api.gql('{ products { code } }');
    expect(res.errors).toBeUndefined();
    const page = await api.gql('{ employeeProspects(corporateClientId: "00000000-0000-4000-8000-000000000000", first: 5) { totalCount } }');
    expect(page.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('refuses a request body over the limit with 413', async () => {
    const big = `{ products { code } } # ${'x'.repeat(25 * 1024)}`;
    const res = await api.http().post('/graphql').set('content-type', 'application/json').send({ query: big });
    expect(res.status).toBe(413);
  });
});
