/**
 * Outcomes have a time of their own (occurredAt), the cooling-off counts from it, and whyNot and
 * previewOpportunities answer as of a day without writing anything.
 */
import type { DataSource } from 'typeorm';
import { addDays, todayIso } from '../../src/common/dates';
import { DEFAULT_COOLING_OFF_DAYS } from '../../src/rule-engine/decision';
import { BankFactory } from '../factories/bank.factory';
import { createTestApp, type GqlClient, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

const RECORD = 'mutation($i: RecordOutcomeInput!) { recordOutcome(input: $i) { status } }';
const WHY_NOT = 'query($p: ID!, $d: String) { whyNot(partyId: $p, productCode: "DEBIT_CARD_STD", asOf: $d) { stage blockers { reason } } }';
const PREVIEW = 'query($p: ID!, $d: String!) { previewOpportunities(partyId: $p, asOf: $d) { asOf productCode linkage viaCorporateClientId reasonText } }';
const DAY_MS = 86_400_000;

describe('outcome time: occurredAt, cooling-off from it, asOf', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let api: TestApp;
  let bank: BankFactory;
  let system: GqlClient;
  let serial = 0;
  const key = () => `outcome-time-${++serial}`;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await db.dataSource();
    bank = new BankFactory(ds);
    api = await createTestApp(db.url);
    system = await api.signIn('SYSTEM');
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  /** A payroll employee of a fresh client with an open DEBIT_CARD_STD opportunity that arose `ageDays` ago. */
  async function openCard(ageDays: number) {
    const rm = await bank.manager({ role: 'CORPORATE_RM' });
    const client = await bank.corporateClient({ corporateRmId: rm.id, branchId: rm.branchId ?? undefined });
    const person = await bank.person();
    await bank.employment(person, client, { salaryPaidHere: true, startDate: '2021-01-01' });
    const refreshed = await system.gql('mutation($c: ID) { refreshOpportunities(corporateClientId: $c, wait: true) { state } }', { c: client.id });
    expect(refreshed.data.refreshOpportunities.state).toBe('COMPLETED');
    // An UPDATE answers [rows, count] through TypeORM.
    const [[card]] = await ds.query(
      `UPDATE opportunities o SET created_at = now() - make_interval(days => $2) FROM products p
        WHERE p.id = o.product_id AND p.code = 'DEBIT_CARD_STD' AND o.party_id = $1 RETURNING o.id`,
      [person.id, ageDays],
    );
    return { rm: api.signInAs(rm), client, person, cardId: card.id as string };
  }
  const ago = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();
  const codeOf = (res: any) => res.errors?.[0]?.extensions?.code;

  it('refuses an occurredAt in the future or before the opportunity arose, and a manager further back than OUTCOME_BACKDATE_DAYS (7)', async () => {
    const { rm, cardId } = await openCard(40);
    const record = (viewer: GqlClient, occurredAt: string) => viewer.gql(RECORD, { i: { opportunityId: cardId, outcome: 'CONTACTED', idempotencyKey: key(), occurredAt } });
    expect(codeOf(await record(system, new Date(Date.now() + 3_600_000).toISOString()))).toBe('BAD_USER_INPUT');
    expect(codeOf(await record(system, ago(41)))).toBe('BAD_USER_INPUT');
    expect(codeOf(await record(rm, ago(8)))).toBe('BAD_USER_INPUT');
    expect((await record(rm, ago(6))).errors).toBeUndefined();
    expect((await record(system, ago(30))).errors).toBeUndefined();
    const rows = await ds.query(`SELECT (now() - occurred_at) > interval '29 days' AS back FROM opportunity_outcomes WHERE opportunity_id = $1 ORDER BY occurred_at`, [cardId]);
    expect(rows.map((r: { back: boolean }) => r.back)).toEqual([true, false]);
  });

  it('dates an outcome without occurredAt at its recording', async () => {
    const { cardId } = await openCard(1);
    expect((await system.gql(RECORD, { i: { opportunityId: cardId, outcome: 'CONTACTED', idempotencyKey: key(), occurredAt: null } })).errors).toBeUndefined();
    const [row] = await ds.query('SELECT occurred_at = recorded_at AS same FROM opportunity_outcomes WHERE opportunity_id = $1', [cardId]);
    expect(row.same).toBe(true);
  });

  it(`counts the ${DEFAULT_COOLING_OFF_DAYS}-day cooling-off from the day the decline occurred: suppressed on D+${DEFAULT_COOLING_OFF_DAYS - 1}, offered on D+${DEFAULT_COOLING_OFF_DAYS}`, async () => {
    const { person, client, cardId } = await openCard(40);
    const declinedOn = addDays(todayIso(), -30);
    const declined = await system.gql(RECORD, { i: { opportunityId: cardId, outcome: 'DECLINED', idempotencyKey: key(), occurredAt: `${declinedOn}T12:00:00.000Z` } });
    expect(declined.errors).toBeUndefined();
    const whyNot = async (asOf: string) => (await system.gql(WHY_NOT, { p: person.id, d: asOf })).data.whyNot[0];
    const preview = async (asOf: string) => {
      const res = await system.gql(PREVIEW, { p: person.id, d: asOf });
      expect(res.errors).toBeUndefined();
      return res.data.previewOpportunities as { asOf: string; productCode: string; linkage: string; viaCorporateClientId: string }[];
    };
    const lastHeld = addDays(declinedOn, DEFAULT_COOLING_OFF_DAYS - 1);
    const free = addDays(declinedOn, DEFAULT_COOLING_OFF_DAYS);

    expect(await whyNot(lastHeld)).toMatchObject({ stage: 'CONTACT_POLICY', blockers: [{ reason: 'COOLING_OFF' }] });
    expect(await whyNot(free)).toMatchObject({ stage: 'OFFERED', blockers: [] });
    // Before the decline occurred, it holds nothing back.
    expect(await whyNot(addDays(declinedOn, -1))).toMatchObject({ stage: 'OFFERED' });

    expect((await preview(lastHeld)).map((o) => o.productCode)).not.toContain('DEBIT_CARD_STD');
    const offered = await preview(free);
    expect(offered.find((o) => o.productCode === 'DEBIT_CARD_STD')).toMatchObject({ asOf: free, linkage: 'EMPLOYEE_PROSPECT', viaCorporateClientId: client.id });
  });

  it('writes no row while answering whyNot and previewOpportunities as of a day', async () => {
    const { person } = await openCard(1);
    await ds.query(`CREATE TABLE preview_writes (tbl text, op text)`);
    await ds.query(`CREATE FUNCTION log_preview_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO preview_writes VALUES (TG_TABLE_NAME, TG_OP); RETURN NULL; END $$`);
    for (const table of ['opportunities', 'opportunity_outcomes', 'persons', 'corporate_clients']) {
      await ds.query(`CREATE TRIGGER log_preview_write AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION log_preview_write()`);
    }
    try {
      const asOf = addDays(todayIso(), 200);
      const previewed = await system.gql(PREVIEW, { p: person.id, d: asOf });
      expect(previewed.errors).toBeUndefined();
      expect(previewed.data.previewOpportunities.length).toBeGreaterThan(0);
      expect((await system.gql(WHY_NOT, { p: person.id, d: asOf })).errors).toBeUndefined();
      const ruleAdmin = await api.signIn('RULE_ADMIN');
      expect((await ruleAdmin.gql(PREVIEW, { p: person.id, d: asOf })).errors).toBeUndefined();
      expect(await ds.query('SELECT * FROM preview_writes')).toEqual([]);
    } finally {
      for (const table of ['opportunities', 'opportunity_outcomes', 'persons', 'corporate_clients']) await ds.query(`DROP TRIGGER log_preview_write ON ${table}`);
    }
  });

  it('answers previewOpportunities for an unknown party with NOT_FOUND and a malformed day with BAD_USER_INPUT', async () => {
    expect(codeOf(await system.gql(PREVIEW, { p: '00000000-0000-4000-8000-000000000000', d: '2030-01-01' }))).toBe('NOT_FOUND');
    const { person } = await openCard(1);
    expect(codeOf(await system.gql(PREVIEW, { p: person.id, d: '2030-02-30' }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await system.gql(WHY_NOT, { p: person.id, d: 'tomorrow' }))).toBe('BAD_USER_INPUT');
  });
});
