import { BankFactory } from '../factories/bank.factory';
import { createTestApp, type GqlClient, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

const UPSERT = `mutation($i: UpsertProductInput!) { upsertProduct(input: $i) {
  code name category minAge maxAge requiresSuitability minRiskTolerance active } }`;

/** The catalogue's guard attributes, maintained through the API, and the engine honouring them. */
describe('product guards over GraphQL', () => {
  let db: TestDatabase;
  let api: TestApp;
  let bank: BankFactory;
  let admin: GqlClient;
  let system: GqlClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    bank = new BankFactory(await db.dataSource());
    api = await createTestApp(db.url);
    admin = await api.signIn('ADMIN');
    system = await api.signIn('SYSTEM');
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('ships private banking with a suitability requirement of at least C3 (migration)', async () => {
    const { data } = await system.gql('{ products { code requiresSuitability minRiskTolerance minAge maxAge } }');
    expect(data.products.find((p: any) => p.code === 'PRIVATE_BANKING')).toEqual({ code: 'PRIVATE_BANKING', requiresSuitability: true, minRiskTolerance: 'C3', minAge: null, maxAge: null });
  });

  it('lets an ADMIN create and update a product; omitted fields keep their value, null clears', async () => {
    const created = await admin.gql(UPSERT, { i: { code: 'YOUTH_SAVER', name: 'Youth saver', category: 'DEPOSIT', audience: 'PERSON', value: '50.00', maxAge: 25 } });
    expect(created.errors).toBeUndefined();
    expect(created.data.upsertProduct).toEqual({ code: 'YOUTH_SAVER', name: 'Youth saver', category: 'DEPOSIT', minAge: null, maxAge: 25, requiresSuitability: false, minRiskTolerance: null, active: true });
    const updated = await admin.gql(UPSERT, { i: { code: 'YOUTH_SAVER', name: 'Youth saver plus', category: 'DEPOSIT', audience: 'PERSON', value: '60.00', minAge: 16 } });
    expect(updated.data.upsertProduct).toMatchObject({ name: 'Youth saver plus', minAge: 16, maxAge: 25 });
    const cleared = await admin.gql(UPSERT, { i: { code: 'YOUTH_SAVER', name: 'Youth saver plus', category: 'DEPOSIT', audience: 'PERSON', value: '60.00', maxAge: null } });
    expect(cleared.data.upsertProduct).toMatchObject({ minAge: 16, maxAge: null });
  });

  it('refuses a minimum age above the maximum, also when the other one is stored, and writes nothing', async () => {
    const both = await admin.gql(UPSERT, { i: { code: 'BAD_RANGE', name: 'Bad', category: 'DEPOSIT', audience: 'PERSON', value: '1.00', minAge: 30, maxAge: 20 } });
    expect(both.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    await admin.gql(UPSERT, { i: { code: 'OLD_ONLY', name: 'Old', category: 'DEPOSIT', audience: 'PERSON', value: '1.00', maxAge: 20 } });
    const merged = await admin.gql(UPSERT, { i: { code: 'OLD_ONLY', name: 'Old', category: 'DEPOSIT', audience: 'PERSON', value: '1.00', minAge: 30 } });
    expect(merged.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const { data } = await admin.gql('{ products { code minAge maxAge } }');
    expect(data.products.find((p: any) => p.code === 'OLD_ONLY')).toEqual({ code: 'OLD_ONLY', minAge: null, maxAge: 20 });
    expect(data.products.find((p: any) => p.code === 'BAD_RANGE')).toBeUndefined();
  });

  it('refuses upsertProduct to a non-ADMIN', async () => {
    const res = await system.gql(UPSERT, { i: { code: 'NOPE', name: 'No', category: 'DEPOSIT', audience: 'PERSON', value: '1.00' } });
    expect(res.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('stops a product the catalogue age-limits although its rule fires, and whyNot names the AGE stage', async () => {
    const client = await bank.corporateClient();
    const person = await bank.person({ birthDate: '1990-01-01' });
    await bank.employment(person, client, { salaryPaidHere: true, startDate: '2021-01-01' });
    const refresh = () => system.gql('mutation($c: ID) { refreshOpportunities(corporateClientId: $c, wait: true) { state } }', { c: client.id });
    const codes = async () => (await system.gql('query($p: ID!) { opportunities(partyId: $p) { items { product { code } } } }', { p: person.id })).data.opportunities.items.map((o: any) => o.product.code);
    await refresh();
    expect(await codes()).toContain('DEBIT_CARD_STD');

    const limited = await admin.gql(UPSERT, { i: { code: 'DEBIT_CARD_STD', name: 'Payroll debit card', category: 'DEBIT_CARD', audience: 'PERSON', value: '120.00', minAge: 99 } });
    expect(limited.errors).toBeUndefined();
    await refresh();
    expect(await codes()).not.toContain('DEBIT_CARD_STD');
    const why = await system.gql('query($p: ID!) { whyNot(partyId: $p, productCode: "DEBIT_CARD_STD") { stage message blockers { stage reason } rules { ruleId eligible } } }', { p: person.id });
    expect(why.errors).toBeUndefined();
    const answer = why.data.whyNot.find((a: any) => a.rules.some((r: any) => r.ruleId === 'payroll-debit-card'));
    expect(answer).toMatchObject({ stage: 'AGE', blockers: [{ stage: 'AGE', reason: 'UNDER_MINIMUM_AGE' }], rules: [{ ruleId: 'payroll-debit-card', eligible: true }] });
    expect(answer.message).toMatch(/^DEBIT_CARD_STD is offered from age 99; the customer is \d+\.$/);
  });
});
