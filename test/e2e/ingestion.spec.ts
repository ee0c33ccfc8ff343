import { settleRefresh } from '../setup/refresh-queue';
import { createTestApp, type GqlClient, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

/** Ingestion keyed by the bank's external ids, as other systems call it. */
describe('ingestion over GraphQL', () => {
  let db: TestDatabase;
  let api: TestApp;
  let admin: GqlClient;
  let n = 0;
  const ext = (prefix: string) => `${prefix}-${process.pid}-${++n}`;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await createTestApp(db.url);
    api.actAs(await api.signIn('SYSTEM'));
    admin = await api.signIn('ADMIN');
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  // Branches and managers are ADMIN's; everything else arrives from SYSTEM.
  const upsert = (mutation: string, input: Record<string, unknown>, fields: string) =>
    (mutation === 'upsertBranch' || mutation === 'upsertManager' ? admin : api).gql(`mutation($i: ${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input!) { ${mutation}(input: $i) { ${fields} } }`, { i: input });

  async function company() {
    const branch = ext('BR');
    const rm = ext('CRM');
    const client = ext('CC');
    expect((await upsert('upsertBranch', { externalId: branch, name: 'Harbour Branch', city: 'Northport' }, 'id')).errors).toBeUndefined();
    expect((await upsert('upsertManager', { externalId: rm, name: 'Carla Corp', role: 'CORPORATE_RM', branchExternalId: branch }, 'id')).errors).toBeUndefined();
    const res = await upsert(
      'upsertCorporateClient',
      { externalId: client, name: 'Harbour Foods', industry: 'CATERING', sizeBand: 'SMALL', branchExternalId: branch, corporateRmExternalId: rm, payrollWithBank: true, relationshipSince: '2019-04-01' },
      'id name corporateRm { externalId }',
    );
    expect(res.errors).toBeUndefined();
    return { branch, rm, client, clientId: res.data.upsertCorporateClient.id };
  }

  it('creates every kind of record by external id, and updates instead of duplicating', async () => {
    const { client } = await company();
    const person = ext('P');
    const created = await upsert('upsertPerson', { externalId: person, fullName: 'Dana Doe', birthDate: '1988-06-01', aum: '15000.00', marketingConsent: true, email: 'dana@example.com' }, 'id fullName aum');
    expect(created.data.upsertPerson).toMatchObject({ fullName: 'Dana Doe', aum: '15000.00' });
    const updated = await upsert('upsertPerson', { externalId: person, fullName: 'Dana Doe-Smith', birthDate: '1988-06-01' }, 'id fullName aum');
    expect(updated.data.upsertPerson).toEqual({ id: created.data.upsertPerson.id, fullName: 'Dana Doe-Smith', aum: '15000.00' });

    const job = await upsert('upsertEmployment', { externalId: ext('E'), personExternalId: person, corporateClientExternalId: client, role: 'EMPLOYEE', monthlySalary: '4100.00', salaryPaidHere: true, startDate: '2021-01-01' }, 'role monthlySalary current corporateClient { name }');
    expect(job.data.upsertEmployment).toEqual({ role: 'EMPLOYEE', monthlySalary: '4100.00', current: true, corporateClient: { name: 'Harbour Foods' } });
    const holding = await upsert('upsertHolding', { externalId: ext('H'), productCode: 'TERM_DEPOSIT', personExternalId: person, openedAt: '2024-03-01', balance: '5000.00' }, 'product { code } balance closedAt');
    expect(holding.data.upsertHolding).toEqual({ product: { code: 'TERM_DEPOSIT' }, balance: '5000.00', closedAt: null });
    const ds = await db.dataSource();
    const [{ count }] = await ds.query('SELECT count(*)::int AS count FROM persons WHERE external_id = $1', [person]);
    expect(count).toBe(1);
  });

  it('answers NOT_FOUND naming the field for an unknown reference', async () => {
    const res = await upsert('upsertEmployment', { externalId: ext('E'), personExternalId: 'NO-SUCH-PERSON', corporateClientExternalId: 'NO-SUCH-CLIENT', role: 'EMPLOYEE', startDate: '2021-01-01' }, 'id');
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', fields: ['personExternalId'] });
    const product = await upsert('upsertHolding', { externalId: ext('H'), productCode: 'NO_SUCH', personExternalId: 'X-1', openedAt: '2024-01-01' }, 'id');
    expect(product.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', fields: ['productCode'] });
  });

  it('answers BAD_USER_INPUT naming the field for bad values, and writes nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ externalId: ext('P'), fullName: 'X', birthDate: '2026-02-30' }, 'birthDate'],
      [{ externalId: ext('P'), fullName: 'X', birthDate: '1990-01-01', aum: '-5.00' }, 'aum'],
      [{ externalId: 'bad id with spaces', fullName: 'X', birthDate: '1990-01-01' }, 'externalId'],
      [{ externalId: ext('P'), fullName: 'X', birthDate: '1990-01-01', creditScore: 900 }, 'creditScore'],
      [{ externalId: ext('P'), fullName: 'X', birthDate: '1990-01-01', riskTolerance: 'C3' }, 'riskAssessmentExpiresAt'],
    ];
    const ds = await db.dataSource();
    const [{ before }] = await ds.query('SELECT count(*)::int AS before FROM persons');
    for (const [input, field] of cases) {
      const res = await upsert('upsertPerson', input, 'id');
      expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].extensions.fields).toContain(field);
    }
    const [{ after }] = await ds.query('SELECT count(*)::int AS after FROM persons');
    expect(after).toBe(before);
  });

  it('refuses to move an employment to another person (CONFLICT) and an end before the start (BAD_USER_INPUT)', async () => {
    const { client } = await company();
    const a = ext('P');
    const b = ext('P');
    await upsert('upsertPerson', { externalId: a, fullName: 'A', birthDate: '1980-01-01' }, 'id');
    await upsert('upsertPerson', { externalId: b, fullName: 'B', birthDate: '1980-01-01' }, 'id');
    const job = ext('E');
    await upsert('upsertEmployment', { externalId: job, personExternalId: a, corporateClientExternalId: client, role: 'EMPLOYEE', startDate: '2020-01-01' }, 'id');
    const moved = await upsert('upsertEmployment', { externalId: job, personExternalId: b, corporateClientExternalId: client, role: 'EMPLOYEE', startDate: '2020-01-01' }, 'id');
    expect(moved.errors?.[0].extensions.code).toBe('CONFLICT');
    const backwards = await upsert('upsertEmployment', { externalId: job, personExternalId: a, corporateClientExternalId: client, role: 'EMPLOYEE', startDate: '2020-01-01', endDate: '2019-01-01' }, 'id');
    expect(backwards.errors?.[0]).toMatchObject({ message: 'endDate must not be before startDate', extensions: { code: 'BAD_USER_INPUT' } });
  });

  it("marks a person's opportunities for refresh: the next read after the queued job sees the change", async () => {
    const { client, clientId } = await company();
    const person = ext('P');
    const created = await upsert('upsertPerson', { externalId: person, fullName: 'Payroll Pat', birthDate: '1990-03-03', marketingConsent: true }, 'id');
    const personId = created.data.upsertPerson.id;
    await upsert('upsertEmployment', { externalId: ext('E'), personExternalId: person, corporateClientExternalId: client, role: 'EMPLOYEE', monthlySalary: '3900.00', salaryPaidHere: true, startDate: '2020-05-01' }, 'id');
    await api.gql('mutation($c: ID) { refreshOpportunities(corporateClientId: $c, wait: true) { state } }', { c: clientId });
    await settleRefresh(api.app);
    const products = async () => (await api.gql('query($p: ID!) { opportunities(partyId: $p) { items { product { code } } } }', { p: personId })).data.opportunities.items.map((o: any) => o.product.code);
    expect(await products()).toContain('DEBIT_CARD_STD');

    await upsert('upsertHolding', { externalId: ext('H'), productCode: 'DEBIT_CARD_STD', personExternalId: person, openedAt: '2026-01-02' }, 'id');
    await settleRefresh(api.app);
    expect(await products()).not.toContain('DEBIT_CARD_STD');
  });

  it('stores identity and contact details without exposing them', async () => {
    const res = await api.gql('{ __type(name: "Person") { fields { name } } }');
    const names = res.data.__type.fields.map((f: { name: string }) => f.name);
    expect(names).not.toEqual(expect.arrayContaining(['nationalId']));
    for (const hidden of ['nationalId', 'email', 'phone']) expect(names).not.toContain(hidden);
  });
});
