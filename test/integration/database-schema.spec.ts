import { DataSource } from 'typeorm';
import { pendingSchemaChanges } from '../../src/database/schema-diff';
import { dataSourceOptions } from '../../src/database/data-source.options';
import { MIGRATIONS } from '../../migrations';
import { PRODUCT_CATALOGUE } from '../../src/products/product-catalogue';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';
import { BankFactory } from '../factories/bank.factory';

describe('database schema', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await db.dataSource();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('has applied every migration in migrations/', async () => {
    const applied: { name: string }[] = await ds.query('SELECT name FROM migrations ORDER BY id');
    expect(applied.map((m) => m.name)).toEqual(MIGRATIONS.map((m) => (new (m as new () => { name: string })()).name));
  });

  it('agrees with the entities: schema generation reports no changes', async () => {
    const { up } = await pendingSchemaChanges(ds);
    expect(up).toEqual([]);
  });

  it('stores money as exact numerics, never floating point', async () => {
    const floats: unknown[] = await ds.query(
      `SELECT table_name, column_name, data_type FROM information_schema.columns
        WHERE table_schema = 'public' AND data_type IN ('real', 'double precision')`,
    );
    expect(floats).toEqual([]);
    const money: { column_name: string; data_type: string }[] = await ds.query(
      `SELECT column_name, data_type FROM information_schema.columns
        WHERE table_schema = 'public' AND column_name IN ('aum', 'monthly_income', 'monthly_salary', 'balance', 'value', 'outflow30d')`,
    );
    expect(money.length).toBeGreaterThanOrEqual(6);
    for (const column of money) expect(column.data_type).toBe('numeric');
  });

  it('holds the standard product catalogue as reference data', async () => {
    const rows: Record<string, unknown>[] = await ds.query(
      'SELECT code, name, category, audience, risk_level, value, family, family_rank, active FROM products ORDER BY code',
    );
    const expected = [...PRODUCT_CATALOGUE]
      .sort((a, b) => (a.code < b.code ? -1 : 1))
      .map((p) => ({ code: p.code, name: p.name, category: p.category, audience: p.audience, risk_level: p.riskLevel, value: p.value, family: p.family, family_rank: p.familyRank, active: true }));
    expect(rows).toEqual(expected);
  });

  it('enforces external ids as unique and one owner per holding', async () => {
    await ds.query(`INSERT INTO branches (external_id, name, city) VALUES ('BR-X', 'X', 'Y')`);
    await expect(ds.query(`INSERT INTO branches (external_id, name, city) VALUES ('BR-X', 'X2', 'Y2')`)).rejects.toThrow(/unique/i);
    const [product] = await ds.query(`SELECT id FROM products WHERE code = 'MORTGAGE'`);
    await expect(
      ds.query(`INSERT INTO holdings (external_id, product_id, opened_at) VALUES ('H-X', $1, '2026-01-01')`, [product.id]),
    ).rejects.toThrow(/CHK_holdings_one_owner/);
  });

  it('refuses to delete or re-key a product or rule set version that opportunities reference (no foreign keys there: a guard)', async () => {
    const bank = new BankFactory(ds);
    const client = await bank.corporateClient();
    const person = await bank.person();
    await ds.query(`INSERT INTO rule_set_versions (version, files, rule_count, last_activated_at) VALUES ('v-guarded', '[]', 0, now()), ('v-free', '[]', 0, now())`);
    const [used] = await ds.query(`SELECT id FROM products WHERE code = 'MORTGAGE'`);
    const [free] = await ds.query(
      `INSERT INTO products (code, name, description, category, audience, risk_level, value) VALUES ('TEST_FREE', 'Free', 'x', 'MORTGAGE', 'PERSON', 'R1', 1) RETURNING id`,
    );
    await ds.query(
      `INSERT INTO opportunities (party_type, party_id, person_id, linkage, via_corporate_client_id, via_person_id, via_role, product_id, rule_id, rule_set_version, score, reasons, last_refreshed_at, row_version)
       VALUES ('PERSON', $1, $1, 'EMPLOYEE_PROSPECT', $2, $1, 'EMPLOYEE', $3, 'r', 'v-guarded', 1, '[]', now(), 1)`,
      [person.id, client.id, used.id],
    );
    const refused = { code: '23503' };
    await expect(ds.query('DELETE FROM products WHERE id = $1', [used.id])).rejects.toMatchObject(refused);
    await expect(ds.query('UPDATE products SET id = gen_random_uuid() WHERE id = $1', [used.id])).rejects.toMatchObject(refused);
    await expect(ds.query(`DELETE FROM rule_set_versions WHERE version = 'v-guarded'`)).rejects.toMatchObject(refused);
    await expect(ds.query(`UPDATE rule_set_versions SET version = 'v-other' WHERE version = 'v-guarded'`)).rejects.toMatchObject(refused);
    // Unreferenced reference data is not held back, and other columns stay updatable.
    await ds.query(`UPDATE products SET name = 'Mortgage' WHERE id = $1`, [used.id]);
    await ds.query('DELETE FROM products WHERE id = $1', [free.id]);
    await ds.query(`DELETE FROM rule_set_versions WHERE version = 'v-free'`);
    // The person's foreign key still cascades erasure.
    await ds.query('DELETE FROM persons WHERE id = $1', [person.id]);
    expect(await ds.query('SELECT id FROM opportunities')).toEqual([]);
  });

  it('reverts every migration with down() and applies them again', async () => {
    const fresh = await createTestDatabase({ empty: true });
    const source = new DataSource({ ...dataSourceOptions({ url: fresh.url }), logging: false });
    try {
      await source.initialize();
      await source.runMigrations({ transaction: 'each' });
      for (let i = 0; i < MIGRATIONS.length; i++) await source.undoLastMigration({ transaction: 'each' });
      const tables: { table_name: string }[] = await source.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'`,
      );
      expect(tables).toEqual([]);
      const again = await source.runMigrations({ transaction: 'each' });
      expect(again).toHaveLength(MIGRATIONS.length);
      expect((await pendingSchemaChanges(source)).up).toEqual([]);
    } finally {
      if (source.isInitialized) await source.destroy();
      await fresh.drop();
    }
  });
});
