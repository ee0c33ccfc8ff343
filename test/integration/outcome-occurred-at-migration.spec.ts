import type { DataSource } from 'typeorm';
import { AddOutcomeOccurredAt1796200000000 } from '../../migrations/1796200000000-AddOutcomeOccurredAt';
import { BankFactory } from '../factories/bank.factory';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

describe('migration AddOutcomeOccurredAt', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await db.dataSource();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('dates the outcomes recorded before it at their recording, then requires a time of every outcome', async () => {
    const migration = new AddOutcomeOccurredAt1796200000000();
    const runner = ds.createQueryRunner();
    try {
      await migration.down(runner);
      const bank = new BankFactory(ds);
      const client = await bank.corporateClient();
      const person = await bank.person();
      await bank.employment(person, client, {});
      await ds.query(`INSERT INTO rule_set_versions (version, files, rule_count, last_activated_at) VALUES ('migration-test', '{}', 0, now()) ON CONFLICT DO NOTHING`);
      const [opportunity] = await ds.query(
        `INSERT INTO opportunities (party_type, party_id, person_id, linkage, via_corporate_client_id, via_person_id, via_role, product_id, rule_id, rule_set_version, score, reasons, last_refreshed_at, row_version)
         VALUES ('PERSON', $1, $1, 'EMPLOYEE_PROSPECT', $2, $1, 'EMPLOYEE', (SELECT id FROM products WHERE code = 'DEBIT_CARD_STD'), 'r', $3, 1, '[]', now(), 1) RETURNING id`,
        [person.id, client.id, 'migration-test'],
      );
      await ds.query(
        `INSERT INTO opportunity_outcomes (opportunity_id, outcome, idempotency_key, recorded_at) VALUES ($1, 'DECLINED', 'before-1', now() - interval '40 days'), ($1, 'CONTACTED', 'before-2', now() - interval '50 days')`,
        [opportunity.id],
      );
      await migration.up(runner);
      const rows = await ds.query('SELECT occurred_at = recorded_at AS same FROM opportunity_outcomes WHERE opportunity_id = $1', [opportunity.id]);
      expect(rows).toEqual([{ same: true }, { same: true }]);
      const [column] = await ds.query(`SELECT is_nullable FROM information_schema.columns WHERE table_name = 'opportunity_outcomes' AND column_name = 'occurred_at'`);
      expect(column.is_nullable).toBe('NO');
    } finally {
      await runner.release();
    }
  });
});
