/**
 * linkageStats reads one kept row per company (`company_linkage_stats`, recomputed by the
 * `refresh-stats` job after refreshes, person changes and outcomes): the kept figures must equal
 * the direct aggregate over employments, holdings and opportunities after each of those.
 */
import type { DataSource } from 'typeorm';
import { ChangesService } from '../../src/changes/changes.service';
import { addDays, todayIso } from '../../src/common/dates';
import { DemoBankGenerator } from '../../src/demo/demo-bank.generator';
import { loadDemoBank } from '../../src/demo/demo-bank.loader';
import { LeadsRepository } from '../../src/leads/leads.repository';
import { LinkageStatsRepository } from '../../src/leads/linkage-stats.repository';
import { OutcomesService } from '../../src/opportunities/outcomes.service';
import { QUEUE_SCHEMA } from '../../src/refresh/refresh-queue.service';
import { RefresherService } from '../../src/refresh/refresher.service';
import { createTestApp, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

describe('linkage statistics kept by the refresh worker', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let app: TestApp;
  let companies: string[];

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await db.dataSource();
    await loadDemoBank(ds, new DemoBankGenerator({ corporates: 4, employees: 500, asOf: todayIso(), seed: 7 }), 500);
    app = await createTestApp(db.url);
    companies = (await ds.query('SELECT id FROM corporate_clients ORDER BY id')).map((r: { id: string }) => r.id);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  /** Until every refresh and statistics job (delayed ones included) is done. */
  async function settle(): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM ${QUEUE_SCHEMA}.job WHERE name LIKE 'refresh-%' AND name <> 'refresh-dead' AND state IN ('created', 'retry', 'active')`);
      if (n === 0) return;
      if (Date.now() > deadline) throw new Error(`${n} jobs still queued`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Every company's kept row equals the direct aggregate; the kept rows, by company. */
  async function expectKeptEqualsAggregate() {
    const kept = new Map<string, unknown>();
    for (const id of companies) {
      const row = await LinkageStatsRepository.kept(ds.manager, id);
      expect(row).not.toBeNull();
      expect(row).toEqual(await LinkageStatsRepository.aggregate(ds.manager, id));
      expect(await app.app.get(LeadsRepository).linkageStats(id)).toEqual(row);
      kept.set(id, row);
    }
    return kept as Map<string, Awaited<ReturnType<typeof LinkageStatsRepository.aggregate>>>;
  }

  it('equals the direct aggregate after refreshes, outcomes and changes', async () => {
    const refresher = app.app.get(RefresherService);
    for (const id of companies) await refresher.refresh(id);
    await settle();
    const afterRefresh = await expectKeptEqualsAggregate();
    const company = companies.find((id) => afterRefresh.get(id)!.open >= 2 && afterRefresh.get(id)!.payroll > afterRefresh.get(id)!.payroll_with_card)!;
    expect(company).toBeDefined();

    // Outcomes: one accepted, one declined.
    const [first, second] = await ds.query(`SELECT id FROM opportunities WHERE via_corporate_client_id = $1 AND status = 'OPEN' ORDER BY id LIMIT 2`, [company]);
    const outcomes = app.app.get(OutcomesService);
    await outcomes.record({ opportunityId: first.id, outcome: 'ACCEPTED', idempotencyKey: 'kept-stats-1' });
    await outcomes.record({ opportunityId: second.id, outcome: 'DECLINED', idempotencyKey: 'kept-stats-2' });
    await settle();
    const afterOutcomes = await expectKeptEqualsAggregate();
    expect(afterOutcomes.get(company)).toMatchObject({
      accepted: afterRefresh.get(company)!.accepted + 1,
      declined: afterRefresh.get(company)!.declined + 1,
    });

    // Changes: an employee not paid through the bank leaves; a payroll employee without a debit card opens one.
    const [leaver] = await ds.query(
      `SELECT person_id FROM employments WHERE corporate_client_id = $1 AND role = 'EMPLOYEE' AND end_date IS NULL AND NOT salary_paid_here ORDER BY person_id LIMIT 1`,
      [company],
    );
    const [cardless] = await ds.query(
      `SELECT e.person_id FROM employments e WHERE e.corporate_client_id = $1 AND e.role = 'EMPLOYEE' AND e.end_date IS NULL AND e.salary_paid_here AND e.person_id <> $2
          AND NOT EXISTS (SELECT 1 FROM holdings h JOIN products p ON p.id = h.product_id WHERE h.person_id = e.person_id AND h.closed_at IS NULL AND p.category = 'DEBIT_CARD')
        ORDER BY e.person_id LIMIT 1`,
      [company, leaver.person_id],
    );
    await ds.transaction(async (tx) => {
      await tx.query('UPDATE employments SET end_date = $1 WHERE person_id = $2 AND corporate_client_id = $3', [addDays(todayIso(), -1), leaver.person_id, company]);
      await tx.query(`INSERT INTO holdings (external_id, person_id, product_id, opened_at) SELECT 'H-KEPT-STATS', $1, id, current_date FROM products WHERE code = 'DEBIT_CARD_STD'`, [cardless.person_id]);
      await app.app.get(ChangesService).personsChanged(tx, [leaver.person_id, cardless.person_id]);
    });
    await settle();
    const afterChanges = await expectKeptEqualsAggregate();
    expect(afterChanges.get(company)).toMatchObject({
      employees: afterRefresh.get(company)!.employees - 1,
      payroll: afterRefresh.get(company)!.payroll,
      payroll_with_card: afterRefresh.get(company)!.payroll_with_card + 1,
    });
  });

  it('answers from the aggregate, without writing, for a company whose figures were never kept', async () => {
    const id = companies[0]!;
    await ds.query('DELETE FROM company_linkage_stats WHERE corporate_client_id = $1', [id]);
    const [{ n: before }] = await ds.query(`SELECT n_tup_ins::int + n_tup_upd::int AS n FROM pg_stat_user_tables WHERE relname = 'company_linkage_stats'`);
    expect(await app.app.get(LeadsRepository).linkageStats(id)).toEqual(await LinkageStatsRepository.aggregate(ds.manager, id));
    await ds.query('SELECT pg_stat_force_next_flush()');
    const [{ n: after }] = await ds.query(`SELECT n_tup_ins::int + n_tup_upd::int AS n FROM pg_stat_user_tables WHERE relname = 'company_linkage_stats'`);
    expect(after).toBe(before);
    expect(await LinkageStatsRepository.kept(ds.manager, id)).toBeNull();
  });
});
