import { addDays, todayIso } from '../../src/common/dates';
import { OpportunitiesService } from '../../src/opportunities/opportunities.service';
import { RefresherService } from '../../src/refresh/refresher.service';
import { OutcomesService } from '../../src/opportunities/outcomes.service';
import { BankFactory } from '../factories/bank.factory';
import { createTestApp, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';
import type { DataSource } from 'typeorm';

describe('opportunities: refresh, lifecycle and contact policy (starter rules)', () => {
  let db: TestDatabase;
  let api: TestApp;
  let ds: DataSource;
  let bank: BankFactory;
  let service: OpportunitiesService;
  let refresher: RefresherService;
  let outcomes: OutcomesService;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await db.dataSource();
    bank = new BankFactory(ds);
    api = await createTestApp(db.url);
    service = api.app.get(OpportunitiesService);
    refresher = api.app.get(RefresherService);
    outcomes = api.app.get(OutcomesService);
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  /** A payroll employee without our debit card: the payroll-debit-card rule fires for them. */
  async function payrollEmployee(overrides: Parameters<BankFactory['person']>[0] = {}) {
    const client = await bank.corporateClient();
    const person = await bank.person({ marketingConsent: true, ...overrides });
    await bank.employment(person, client, { salaryPaidHere: true, startDate: '2021-01-01' });
    return { client, person };
  }

  const opportunitiesOf = (personId: string) =>
    ds.query(
      `SELECT o.id, pr.code, o.status, o.rule_id, o.rule_set_version, o.score, o.reasons, o.linkage
         FROM opportunities o JOIN products pr ON pr.id = o.product_id WHERE o.party_id = $1 ORDER BY pr.code`,
      [personId],
    );

  it('creates explained opportunities stamped with the rule set version', async () => {
    const { client, person } = await payrollEmployee();
    const summary = await refresher.refresh(client.id);
    expect(summary.created).toBeGreaterThan(0);
    const rows = await opportunitiesOf(person.id);
    const card = rows.find((r: any) => r.code === 'DEBIT_CARD_STD');
    expect(card).toMatchObject({ status: 'OPEN', rule_id: 'payroll-debit-card', linkage: 'EMPLOYEE_PROSPECT' });
    const [{ version }] = await ds.query('SELECT version FROM rule_set_versions');
    expect(card.rule_set_version).toBe(version);
    // Stored compactly (by reference to the rule set version), read back in full.
    expect(card.reasons[0]).not.toHaveProperty('text');
    const [listed] = (await service.listForParties([person.id])).get(person.id)!.filter((o) => o.id === card.id);
    expect(listed!.reasons[0]!.text).toMatch(/no debit card from us is held/);
    expect(listed!.reasons[0]!.conditions).toContainEqual(expect.objectContaining({ fact: 'employment', path: '$.salaryPaidHere', factValue: true, result: true }));
    expect(rows.length).toBeLessThanOrEqual(3);
  });

  it("rewrites a kept opportunity's explanation when the person changed, even though rule and score did not", async () => {
    const { client, person } = await payrollEmployee();
    await ds.query(`UPDATE employments SET monthly_salary = 3100 WHERE person_id = $1`, [person.id]);
    await refresher.refresh(client.id);
    const card = async () => (await service.listForParties([person.id])).get(person.id)!.find((o) => o.product.code === 'DEBIT_CARD_STD')!;
    const before = await card();
    expect(before.reasons[0]!.text).toContain('Salary of 3,100 a month');
    // A salary change (as the upserts record it: the person is marked stale), same rule, same score.
    await ds.query(`UPDATE employments SET monthly_salary = 3900 WHERE person_id = $1`, [person.id]);
    await ds.query(`UPDATE persons SET refresh_change = nextval('refresh_change_seq') WHERE id = $1`, [person.id]);
    await refresher.refreshPersons([person.id]);
    const after = await card();
    expect(after.id).toBe(before.id);
    expect(after.score).toBe(before.score);
    expect(after.reasons[0]!.text).toContain('Salary of 3,900 a month');
  });

  it('is idempotent: refreshing twice leaves the same rows', async () => {
    const { client, person } = await payrollEmployee();
    await refresher.refresh(client.id);
    const first = await opportunitiesOf(person.id);
    const again = await refresher.refresh(client.id);
    expect(again.created).toBe(0);
    expect(again.expired).toBe(0);
    expect(await opportunitiesOf(person.id)).toEqual(first);
  });

  it('survives two refreshes of the same client at once, leaving the rows one refresh leaves', async () => {
    const { client, person } = await payrollEmployee();
    const results = await Promise.allSettled([refresher.refresh(client.id), refresher.refresh(client.id), refresher.refreshPersons([person.id])]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    const rows = await opportunitiesOf(person.id);
    const live = rows.filter((r: any) => r.status === 'OPEN');
    expect(new Set(live.map((r: any) => r.code)).size).toBe(live.length);
    await refresher.refresh(client.id);
    expect((await opportunitiesOf(person.id)).filter((r: any) => r.status === 'OPEN').map((r: any) => r.code)).toEqual(live.map((r: any) => r.code));
  });

  it('expires, and does not delete, an opportunity whose rule no longer fires', async () => {
    const { client, person } = await payrollEmployee();
    await refresher.refresh(client.id);
    const before = (await opportunitiesOf(person.id)).find((r: any) => r.code === 'DEBIT_CARD_STD');
    await bank.holding({ personId: person.id }, 'DEBIT_CARD_STD');
    await refresher.refresh(client.id);
    const after = (await opportunitiesOf(person.id)).find((r: any) => r.id === before.id);
    expect(after.status).toBe('EXPIRED');
  });

  it('never overwrites an opportunity a manager has worked', async () => {
    const { client, person } = await payrollEmployee();
    await refresher.refresh(client.id);
    const card = (await opportunitiesOf(person.id)).find((r: any) => r.code === 'DEBIT_CARD_STD');
    await outcomes.record({ opportunityId: card.id, outcome: 'CONTACTED', idempotencyKey: `k-${card.id}` });
    await bank.holding({ personId: person.id }, 'DEBIT_CARD_STD');
    await refresher.refresh(client.id);
    const after = (await opportunitiesOf(person.id)).find((r: any) => r.id === card.id);
    expect(after).toEqual({ ...card, status: 'CONTACTED' });
  });

  it('records an outcome once for the same idempotency key', async () => {
    const { client, person } = await payrollEmployee();
    await refresher.refresh(client.id);
    const [opportunity] = await opportunitiesOf(person.id);
    const input = { opportunityId: opportunity.id, outcome: 'ACCEPTED' as const, idempotencyKey: `same-${opportunity.id}` };
    const first = await outcomes.record(input);
    const second = await outcomes.record(input);
    expect(second).toEqual({ ...first, replayed: true });
    const [{ n }] = await ds.query('SELECT count(*)::int AS n FROM opportunity_outcomes WHERE opportunity_id = $1', [opportunity.id]);
    expect(n).toBe(1);
    await expect(outcomes.record({ ...input, outcome: 'DECLINED' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('keeps both of two concurrent updates by different managers', async () => {
    const { client, person } = await payrollEmployee();
    await refresher.refresh(client.id);
    const [opportunity] = await opportunitiesOf(person.id);
    const results = await Promise.allSettled([
      outcomes.record({ opportunityId: opportunity.id, outcome: 'CONTACTED', note: 'called', idempotencyKey: `a-${opportunity.id}` }),
      outcomes.record({ opportunityId: opportunity.id, outcome: 'CONTACTED', note: 'emailed', idempotencyKey: `b-${opportunity.id}` }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    const notes = (await ds.query('SELECT note FROM opportunity_outcomes WHERE opportunity_id = $1 ORDER BY note', [opportunity.id])).map((r: any) => r.note);
    expect(notes).toEqual(['called', 'emailed']);
    const [{ row_version }] = await ds.query('SELECT row_version FROM opportunities WHERE id = $1', [opportunity.id]);
    expect(row_version).toBe(3);
  });

  it('suppresses a declined product for the cooling-off period and not a day longer', async () => {
    const { client, person } = await payrollEmployee();
    await refresher.refresh(client.id);
    const card = (await opportunitiesOf(person.id)).find((r: any) => r.code === 'DEBIT_CARD_STD');
    await outcomes.record({ opportunityId: card.id, outcome: 'DECLINED', idempotencyKey: `d-${card.id}` });
    const today = todayIso();
    await refresher.refresh(client.id, addDays(today, 89));
    const live = async () => (await opportunitiesOf(person.id)).filter((r: any) => r.code === 'DEBIT_CARD_STD' && r.status === 'OPEN');
    expect(await live()).toEqual([]);
    const why = await service.whyNot(person.id, 'DEBIT_CARD_STD', addDays(today, 89));
    expect(why[0]).toMatchObject({ stage: 'CONTACT_POLICY' });
    await refresher.refresh(client.id, addDays(today, 90));
    expect(await live()).toHaveLength(1);
  });

  it('holds an accepted product back like a holding until the holding arrives or the suppression period ends', async () => {
    const { client, person } = await payrollEmployee();
    await refresher.refresh(client.id);
    const card = (await opportunitiesOf(person.id)).find((r: any) => r.code === 'DEBIT_CARD_STD');
    await outcomes.record({ opportunityId: card.id, outcome: 'ACCEPTED', idempotencyKey: `acc-${card.id}` });
    const today = todayIso();
    const live = async () => (await opportunitiesOf(person.id)).filter((r: any) => r.code === 'DEBIT_CARD_STD' && r.status === 'OPEN');
    await refresher.refresh(client.id);
    expect(await live()).toEqual([]);
    await refresher.refresh(client.id, addDays(today, 89));
    expect(await live()).toEqual([]);
    const [why] = await service.whyNot(person.id, 'DEBIT_CARD_STD', addDays(today, 89));
    expect(why!.blockers.map((b) => b.reason)).toContain('ALREADY_HELD');
    // ACCEPTANCE_SUPPRESSION_DAYS (90) later, with no holding arrived, it is offered again.
    await refresher.refresh(client.id, addDays(today, 90));
    expect(await live()).toHaveLength(1);
  });

  it('offers nothing to a person who asked not to be contacted', async () => {
    const { client, person } = await payrollEmployee({ doNotContact: true });
    await refresher.refresh(client.id);
    expect(await opportunitiesOf(person.id)).toEqual([]);
    const why = await service.whyNot(person.id, 'DEBIT_CARD_STD');
    expect(why[0]).toMatchObject({ stage: 'CONSENT' });
  });

  it('explains that a held product is not offered', async () => {
    const { person } = await payrollEmployee();
    await bank.holding({ personId: person.id }, 'CREDIT_CARD_GOLD');
    const [answer] = await service.whyNot(person.id, 'CREDIT_CARD_CLASSIC');
    expect(['APPLICABILITY', 'ELIGIBILITY']).toContain(answer!.stage);
    const [held] = await service.whyNot(person.id, 'CREDIT_CARD_GOLD');
    expect(held!.blockers.map((b) => b.reason)).toContain('ALREADY_HELD');
  });

  it('answers NOT_FOUND for an unknown party or product', async () => {
    await expect(service.whyNot('00000000-0000-4000-8000-000000000000', 'MORTGAGE')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const { person } = await payrollEmployee();
    await expect(service.whyNot(person.id, 'NO_SUCH_PRODUCT')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
