import { DemoBankGenerator } from '../../src/demo/demo-bank.generator';
import { loadDemoBank } from '../../src/demo/demo-bank.loader';
import { OpportunityEngineService } from '../../src/opportunities/opportunity-engine.service';
import { createTestApp, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

describe('top-K ranking of a company', () => {
  let db: TestDatabase;
  let api: TestApp;
  let clientId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const ds = await db.dataSource();
    await loadDemoBank(ds, new DemoBankGenerator({ corporates: 4, employees: 2400, largestClientEmployees: 2000, asOf: '2026-11-23', seed: 7 }), 2400);
    [{ id: clientId }] = await ds.query(`SELECT id FROM corporate_clients WHERE external_id = 'CC-00001'`);
    api = await createTestApp(db.url, { WORKERS: '0' });
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const shape = (r: Awaited<ReturnType<OpportunityEngineService['rankCompany']>>) =>
    r.top.map(({ decided, explanations }) => ({
      party: decided.subject.partyId,
      offers: decided.decision.offers.map((o) => [o.productCode, o.ruleId, o.score]),
      reasons: explanations.map((e) => e.reasonText),
    }));

  it.each([1, 10, 50, 400])('skips subjects that cannot make the top %i, and returns exactly what deciding everyone returns', async (k) => {
    const engine = api.app.get(OpportunityEngineService);
    const ctx = await engine.context('2026-11-23');
    const everyone = await engine.rankCompany(ctx, clientId, k, ['EMPLOYEE_PROSPECT'], { prune: false, chunkSize: 100 });
    const pruned = await engine.rankCompany(ctx, clientId, k, ['EMPLOYEE_PROSPECT'], { chunkSize: 100 });
    expect(everyone.top.length).toBe(Math.min(k, everyone.withOffers));
    expect(shape(pruned)).toEqual(shape(everyone));
    expect(pruned.subjects).toBe(everyone.subjects);
    expect(everyone.decidedInFull).toBe(everyone.subjects);
    if (k < 400) expect(pruned.decidedInFull).toBeLessThan(everyone.subjects / 2);
  });
});
