/**
 * recordOutcome's idempotency keys belong to the manager who sends them: another manager's equal
 * key records its own outcome, and a race on one manager's key never names a database constraint.
 */
import { RefresherService } from '../../src/refresh/refresher.service';
import { BankFactory } from '../factories/bank.factory';
import { createTestApp, type GqlClient, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

const RECORD = 'mutation($i: RecordOutcomeInput!) { recordOutcome(input: $i) { status replayed } }';

describe('idempotency keys of recordOutcome', () => {
  let db: TestDatabase;
  let api: TestApp;
  let crm: GqlClient;
  let branchManager: GqlClient;
  let opportunityIds: string[];

  beforeAll(async () => {
    db = await createTestDatabase();
    const ds = await db.dataSource();
    const bank = new BankFactory(ds);
    api = await createTestApp(db.url, { DATABASE_POOL_SIZE: '20' });
    const branch = await bank.branch();
    const rm = await bank.manager({ branchId: branch.id, role: 'CORPORATE_RM' });
    const bm = await bank.manager({ branchId: branch.id, role: 'BRANCH_MANAGER' });
    crm = api.signInAs(rm);
    branchManager = api.signInAs(bm);
    const client = await bank.corporateClient({ branchId: branch.id, corporateRmId: rm.id });
    for (let i = 0; i < 6; i++) {
      const person = await bank.person({ branchId: branch.id });
      await bank.employment(person, client, { monthlySalary: '4000.00', salaryPaidHere: true, startDate: '2019-03-01' });
    }
    await api.app.get(RefresherService).refresh();
    opportunityIds = (await ds.query(`SELECT id FROM opportunities WHERE status = 'OPEN' ORDER BY id LIMIT 12`)).map((r: { id: string }) => r.id);
    expect(opportunityIds.length).toBeGreaterThanOrEqual(12);
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it("records another manager's outcome under a key one manager already used", async () => {
    const first = await crm.gql(RECORD, { i: { opportunityId: opportunityIds[0], outcome: 'CONTACTED', idempotencyKey: 'shared-key-0001' } });
    expect(first.data.recordOutcome).toEqual({ status: 'CONTACTED', replayed: false });
    const other = await branchManager.gql(RECORD, { i: { opportunityId: opportunityIds[1], outcome: 'CONTACTED', idempotencyKey: 'shared-key-0001' } });
    expect(other.errors).toBeUndefined();
    expect(other.data.recordOutcome).toEqual({ status: 'CONTACTED', replayed: false });
    const again = await crm.gql(RECORD, { i: { opportunityId: opportunityIds[0], outcome: 'CONTACTED', idempotencyKey: 'shared-key-0001' } });
    expect(again.data.recordOutcome).toEqual({ status: 'CONTACTED', replayed: true });
  });

  it("answers a race on one manager's key with one outcome and CONFLICTs that name no constraint", async () => {
    const results = await Promise.all(
      opportunityIds.slice(2).map((opportunityId) => crm.gql(RECORD, { i: { opportunityId, outcome: 'CONTACTED', idempotencyKey: 'race-key-0001' } })),
    );
    const recorded = results.filter((r) => r.data?.recordOutcome);
    expect(recorded).toHaveLength(1);
    const refused = results.filter((r) => r.errors);
    expect(refused.map((r) => r.errors![0].extensions.code)).toEqual(Array(opportunityIds.length - 3).fill('CONFLICT'));
    for (const r of refused) expect(r.errors![0].message).not.toMatch(/UQ_|IDX_|CHK_|FK_|constraint|idempotency_key/);
    const [{ count }] = await (await db.dataSource()).query(`SELECT count(*)::int AS count FROM opportunity_outcomes WHERE idempotency_key = 'race-key-0001'`);
    expect(count).toBe(1);
  });
});
