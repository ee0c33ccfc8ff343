import { BankFactory } from '../factories/bank.factory';
import { createTestApp, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

describe('opportunities over GraphQL', () => {
  let db: TestDatabase;
  let api: TestApp;
  let bank: BankFactory;

  beforeAll(async () => {
    db = await createTestDatabase();
    bank = new BankFactory(await db.dataSource());
    api = await createTestApp(db.url);
    api.actAs(await api.signIn('SYSTEM'));
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  async function payrollEmployee() {
    const client = await bank.corporateClient();
    const person = await bank.person();
    await bank.employment(person, client, { salaryPaidHere: true, startDate: '2021-01-01' });
    return { client, person };
  }

  it('refreshes a client, then serves the party its explained opportunities, best first', async () => {
    const { client, person } = await payrollEmployee();
    const refreshed = await api.gql('mutation($c: ID) { refreshOpportunities(corporateClientId: $c, wait: true) { jobId queue state summary { created kept expired subjects ruleSetVersion } } }', { c: client.id });
    expect(refreshed.errors).toBeUndefined();
    expect(refreshed.data.refreshOpportunities).toMatchObject({ queue: 'refresh-company', state: 'COMPLETED', summary: { kept: 0, expired: 0, subjects: 1 } });
    expect(refreshed.data.refreshOpportunities.jobId).toMatch(/^[0-9a-f-]{36}$/);
    expect(refreshed.data.refreshOpportunities.summary.created).toBeGreaterThan(0);

    const res = await api.gql(
      `query($p: ID!) { opportunities(partyId: $p) { freshAsOf pendingChanges items { score status linkage ruleId ruleSetVersion product { code }
          reasons { ruleId text conditions { fact path operator value factValue result } } } } }`,
      { p: person.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.opportunities).toMatchObject({ pendingChanges: 0, freshAsOf: expect.any(String) });
    const list = res.data.opportunities.items;
    expect(list.map((o: any) => o.score)).toEqual([...list.map((o: any) => o.score)].sort((a: number, b: number) => b - a));
    const card = list.find((o: any) => o.product.code === 'DEBIT_CARD_STD');
    expect(card).toMatchObject({ status: 'OPEN', linkage: 'EMPLOYEE_PROSPECT', ruleId: 'payroll-debit-card', ruleSetVersion: refreshed.data.refreshOpportunities.summary.ruleSetVersion });
    expect(card.reasons[0].conditions).toContainEqual({ fact: 'employment', path: '$.salaryPaidHere', operator: 'equal', value: true, factValue: true, result: true });
  });

  it('records an outcome idempotently and explains the decline afterwards', async () => {
    const { client, person } = await payrollEmployee();
    await api.gql('mutation($c: ID) { refreshOpportunities(corporateClientId: $c, wait: true) { state } }', { c: client.id });
    const { data } = await api.gql('query($p: ID!) { opportunities(partyId: $p) { items { id product { code } } } }', { p: person.id });
    const card = data.opportunities.items.find((o: any) => o.product.code === 'DEBIT_CARD_STD');
    const record = (key: string) =>
      api.gql('mutation($i: RecordOutcomeInput!) { recordOutcome(input: $i) { status replayed outcomeId } }', {
        i: { opportunityId: card.id, outcome: 'DECLINED', note: 'has a card elsewhere', idempotencyKey: key },
      });
    const first = await record(`decline-${card.id}`);
    const again = await record(`decline-${card.id}`);
    expect(first.data.recordOutcome).toMatchObject({ status: 'DECLINED', replayed: false });
    expect(again.data.recordOutcome).toEqual({ ...first.data.recordOutcome, replayed: true });

    const why = await api.gql('query($p: ID!) { whyNot(partyId: $p, productCode: "DEBIT_CARD_STD") { stage message blockers { stage reason } rules { ruleId eligible } } }', { p: person.id });
    expect(why.errors).toBeUndefined();
    expect(why.data.whyNot[0]).toMatchObject({ stage: 'CONTACT_POLICY', blockers: [{ stage: 'CONTACT_POLICY', reason: 'COOLING_OFF' }], rules: [{ ruleId: 'payroll-debit-card', eligible: true }] });
    const declined = await api.gql('query($p: ID!) { opportunities(partyId: $p, status: [DECLINED]) { items { id } } }', { p: person.id });
    expect(declined.data.opportunities.items).toEqual([{ id: card.id }]);
    const other = await api.gql('query($p: ID!) { opportunities(partyId: $p, status: [DECLINED], linkage: EXECUTIVE_LEAD) { items { id } } }', { p: person.id });
    expect(other.data.opportunities.items).toEqual([]);
  });

  it('answers each error with its code', async () => {
    const badKey = await api.gql('mutation { recordOutcome(input: { opportunityId: "00000000-0000-4000-8000-000000000000", outcome: CONTACTED, idempotencyKey: "bad key!" }) { status } }');
    expect(badKey.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['idempotencyKey'] });
    const unknown = await api.gql('mutation { recordOutcome(input: { opportunityId: "00000000-0000-4000-8000-000000000000", outcome: CONTACTED, idempotencyKey: "unknown-opportunity-1" }) { status } }');
    expect(unknown.errors?.[0].extensions.code).toBe('NOT_FOUND');
    const noClient = await api.gql('mutation { refreshOpportunities(corporateClientId: "00000000-0000-4000-8000-000000000000") { jobId } }');
    expect(noClient.errors?.[0].extensions.code).toBe('NOT_FOUND');
    const badParty = await api.gql('{ whyNot(partyId: "nope", productCode: "MORTGAGE") { stage } }');
    expect(badParty.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['partyId'] });
  });
});
