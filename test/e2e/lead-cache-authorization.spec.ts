import { DataSource } from 'typeorm';
import { createTestApp, type GqlClient, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

const LEADS = '{ corporateLeads(first: 5) { totalCount } }';

/** A cached lead list is served only to a viewer who may call it now. */
describe('lead-list response cache and authorization', () => {
  let db: TestDatabase;
  let api: TestApp;
  let rm: GqlClient;
  let now: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await createTestApp(db.url);
    const [branch] = await api.app.get(DataSource).query(`INSERT INTO branches (external_id, name, city) VALUES ('BR-CACHE', 'Cache branch', 'Town') RETURNING id`);
    rm = await api.signIn('CORPORATE_RM', { branchId: branch.id });
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await api?.close();
    await db?.drop();
  });

  it('refuses a demoted manager the list their old role had cached (FORBIDDEN)', async () => {
    // The clock is driven so that the manager's role is looked up again (every 5 s) while the
    // list is still cached (2 s): the order in which a role change made elsewhere arrives.
    now = Date.now();
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    expect((await rm.gql(LEADS)).data).toEqual({ corporateLeads: { totalCount: 0 } });
    now += 4000;
    expect((await rm.gql(LEADS)).data).toEqual({ corporateLeads: { totalCount: 0 } }); // cached again at +4 s
    // Demoted by another instance or an operator: only the database knows.
    await api.app.get(DataSource).query(`UPDATE managers SET role = 'RULE_ADMIN' WHERE external_id = $1`, [rm.externalId]);
    now += 1500; // the role is looked up again; the list cached at +4 s is still fresh
    expect((await rm.gql('{ me { role } }')).data).toEqual({ me: { role: 'RULE_ADMIN' } });
    const res = await rm.gql(LEADS);
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });
});
