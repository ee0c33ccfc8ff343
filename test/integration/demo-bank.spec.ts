import { DemoBankGenerator, type CompanyBundle } from '../../src/demo/demo-bank.generator';
import { bankIsEmpty, loadDemoBank } from '../../src/demo/demo-bank.loader';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

describe('demo bank loader', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase();
  });
  afterEach(async () => {
    await db.drop();
  });

  it('writes every generated record, with holdings linked to catalogue products', async () => {
    const ds = await db.dataSource();
    expect(await bankIsEmpty(ds)).toBe(true);
    const options = { corporates: 8, employees: 700, asOf: '2026-11-23', seed: 3 };
    const expected = [...new DemoBankGenerator(options).companies()];
    const summary = await loadDemoBank(ds, new DemoBankGenerator(options), 700);
    expect(summary).toMatchObject({
      corporateClients: 8,
      employees: 700,
      persons: expected.reduce((s, b) => s + b.persons.length, 0),
      holdings: expected.reduce((s, b) => s + b.holdings.length, 0),
    });
    expect(await bankIsEmpty(ds)).toBe(false);
    const [counts] = await ds.query(`SELECT
        (SELECT count(*)::int FROM corporate_clients) AS clients,
        (SELECT count(*)::int FROM employments WHERE role = 'EMPLOYEE') AS employees,
        (SELECT count(*)::int FROM holdings h JOIN products p ON p.id = h.product_id) AS holdings`);
    expect(counts).toEqual({ clients: 8, employees: 700, holdings: summary.holdings });
    const [sample] = await ds.query(`SELECT aum, monthly_income FROM persons WHERE external_id = $1`, [expected[0]!.persons[0]!.externalId]);
    expect(sample).toEqual({ aum: expected[0]!.persons[0]!.aum, monthly_income: expected[0]!.persons[0]!.monthlyIncome });
  });

  it('writes nothing when a record is refused', async () => {
    const ds = await db.dataSource();
    class BrokenGenerator extends DemoBankGenerator {
      override *companies(): Generator<CompanyBundle> {
        let n = 0;
        for (const bundle of super.companies()) {
          if (++n === 3) bundle.holdings.push({ ...bundle.holdings[0]!, id: bundle.holdings[0]!.id.replace(/^.{8}/, 'ffffffff'), externalId: 'H-BROKEN', productCode: 'NO_SUCH_PRODUCT' });
          yield bundle;
        }
      }
    }
    const generator = new BrokenGenerator({ corporates: 5, employees: 300, asOf: '2026-11-23', seed: 4 });
    await expect(loadDemoBank(ds, generator, 300)).rejects.toThrow(/NO_SUCH_PRODUCT/);
    expect(await bankIsEmpty(ds)).toBe(true);
    const [{ persons }] = await ds.query('SELECT count(*)::int AS persons FROM persons');
    expect(persons).toBe(0);
  });
});
