import { settleRefresh } from '../setup/refresh-queue';
import { createTestApp, type GqlClient, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

/** upsertPersons, upsertEmployments, upsertHoldings, upsertCorporateClients: many records, one set-based write. */
describe('batch upserts over GraphQL', () => {
  let db: TestDatabase;
  let api: TestApp;
  let admin: GqlClient;
  const RESULT = '{ index externalId outcome id errorCode field message }';

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await createTestApp(db.url);
    api.actAs(await api.signIn('SYSTEM'));
    admin = await api.signIn('ADMIN');
    expect((await admin.gql(`mutation { upsertBranch(input: { externalId: "BU-BR", name: "Batch Branch", city: "Town" }) { id } }`)).errors).toBeUndefined();
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const persons = (inputs: object[]) => api.gql(`mutation($i: [UpsertPersonInput!]!) { upsertPersons(inputs: $i) ${RESULT} }`, { i: inputs });

  it('answers every item in order: created, rejected with code and field, and applies the valid ones', async () => {
    const res = await persons([
      { externalId: 'BU-P1', fullName: 'Ann One', birthDate: '1980-01-01', aum: '100.00', branchExternalId: 'BU-BR' },
      { externalId: 'BU-P2', fullName: 'Bad Date', birthDate: '1980-02-31' },
      { externalId: 'BU-P3', fullName: 'No Branch', birthDate: '1980-01-01', branchExternalId: 'NO-SUCH-BR' },
      { externalId: 'BU-P4', fullName: 'Risky', birthDate: '1980-01-01', riskTolerance: 'C3' },
      { externalId: 'BU-P1', fullName: 'Ann Again', birthDate: '1980-01-01' },
      { externalId: 'BU-P5', fullName: 'Bob Five', birthDate: '1981-01-01' },
    ]);
    expect(res.errors).toBeUndefined();
    const answers = res.data.upsertPersons;
    expect(answers.map((a: any) => [a.index, a.externalId, a.outcome, a.errorCode, a.field])).toEqual([
      [0, 'BU-P1', 'CREATED', null, null],
      [1, 'BU-P2', 'REJECTED', 'BAD_USER_INPUT', 'birthDate'],
      [2, 'BU-P3', 'REJECTED', 'NOT_FOUND', 'branchExternalId'],
      [3, 'BU-P4', 'REJECTED', 'BAD_USER_INPUT', 'riskAssessmentExpiresAt'],
      [4, 'BU-P1', 'REJECTED', 'CONFLICT', 'externalId'],
      [5, 'BU-P5', 'CREATED', null, null],
    ]);
    expect(answers[2].message).toBe('branch with external id NO-SUCH-BR was not found');
    expect(answers[0].id).toEqual(expect.any(String));
    const ds = await db.dataSource();
    const rows = await ds.query(`SELECT external_id, full_name FROM persons WHERE external_id LIKE 'BU-P%' ORDER BY 1`);
    expect(rows).toEqual([
      { external_id: 'BU-P1', full_name: 'Ann One' },
      { external_id: 'BU-P5', full_name: 'Bob Five' },
    ]);
  });

  it('answers unchanged for a record that already holds the values, marks nothing stale, and updated with the same id otherwise', async () => {
    const ds = await db.dataSource();
    await settleRefresh(ds);
    const res = await persons([
      { externalId: 'BU-P1', fullName: 'Ann One', birthDate: '1980-01-01', aum: '100' },
      { externalId: 'BU-P5', fullName: 'Bob Five', birthDate: '1981-01-01', aum: '5.00' },
    ]);
    const [first, second] = res.data.upsertPersons;
    expect(first).toMatchObject({ outcome: 'UNCHANGED' });
    expect(second).toMatchObject({ outcome: 'UPDATED' });
    const marked = await ds.query(`SELECT external_id FROM persons WHERE external_id LIKE 'BU-P%' AND refresh_change IS NOT NULL`);
    expect(marked).toEqual([{ external_id: 'BU-P5' }]);
  });

  it('writes employments, holdings and corporate clients through the same path, with owners that cannot change', async () => {
    const clients = await api.gql(`mutation($i: [UpsertCorporateClientInput!]!) { upsertCorporateClients(inputs: $i) ${RESULT} }`, {
      i: [
        { externalId: 'BU-CC1', name: 'One Co', industry: 'RETAIL', sizeBand: 'SMALL', branchExternalId: 'BU-BR', relationshipSince: '2020-01-01' },
        { externalId: 'BU-CC2', name: 'Two Co', industry: 'RETAIL', sizeBand: 'SMALL', branchExternalId: 'BU-BR', relationshipSince: '2020-01-01' },
      ],
    });
    expect(clients.data.upsertCorporateClients.map((a: any) => a.outcome)).toEqual(['CREATED', 'CREATED']);
    const employments = (companyExternalId: string) =>
      api.gql(`mutation($i: [UpsertEmploymentInput!]!) { upsertEmployments(inputs: $i) ${RESULT} }`, {
        i: [
          { externalId: 'BU-E1', personExternalId: 'BU-P1', corporateClientExternalId: companyExternalId, role: 'EMPLOYEE', startDate: '2021-01-01' },
          { externalId: 'BU-E2', personExternalId: 'BU-P5', corporateClientExternalId: 'BU-CC1', role: 'EMPLOYEE', startDate: '2021-01-01', endDate: '2020-01-01' },
        ],
      });
    expect((await employments('BU-CC1')).data.upsertEmployments.map((a: any) => [a.outcome, a.errorCode, a.field])).toEqual([
      ['CREATED', null, null],
      ['REJECTED', 'BAD_USER_INPUT', 'endDate'],
    ]);
    const moved = (await employments('BU-CC2')).data.upsertEmployments[0];
    expect(moved).toMatchObject({ outcome: 'REJECTED', errorCode: 'CONFLICT', message: 'employment BU-E1 belongs to another person or company; its person and company cannot change' });
    const holdings = await api.gql(`mutation($i: [UpsertHoldingInput!]!) { upsertHoldings(inputs: $i) ${RESULT} }`, {
      i: [
        { externalId: 'BU-H1', productCode: 'TERM_DEPOSIT', personExternalId: 'BU-P1', openedAt: '2024-01-01', balance: '10.00' },
        { externalId: 'BU-H2', productCode: 'NO_SUCH', personExternalId: 'BU-P1', openedAt: '2024-01-01' },
        { externalId: 'BU-H3', productCode: 'TERM_DEPOSIT', openedAt: '2024-01-01' },
      ],
    });
    expect(holdings.data.upsertHoldings.map((a: any) => [a.outcome, a.errorCode, a.field])).toEqual([
      ['CREATED', null, null],
      ['REJECTED', 'NOT_FOUND', 'productCode'],
      ['REJECTED', 'BAD_USER_INPUT', 'personExternalId'],
    ]);
  });

  it('refuses more than 1000 items as a whole, and other roles than SYSTEM', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => ({ externalId: `BU-MANY-${i}`, fullName: 'X', birthDate: '1980-01-01' }));
    const res = await persons(many);
    expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const rm = await api.signIn('RETAIL_RM');
    const refused = await rm.gql(`mutation { upsertPersons(inputs: [{ externalId: "BU-RM", fullName: "X", birthDate: "1980-01-01" }]) { id } }`);
    expect(refused.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });
});

describe('batch upserts and the rate limit', () => {
  let db: TestDatabase;
  let api: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await createTestApp(db.url, { RATE_LIMIT_SYSTEM_PER_MINUTE: '10', RATE_LIMIT_STORE: 'memory' });
    api.actAs(await api.signIn('SYSTEM'));
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  // 10 a minute for SYSTEM, a burst of 1: the first batch passes only if it counts once.
  it('counts a batch of 500 items as one request', async () => {
    const batch = (k: number) => Array.from({ length: 500 }, (_, i) => ({ externalId: `RL-${k}-${i}`, fullName: 'Rate Limited', birthDate: '1980-01-01' }));
    const send = (k: number) => api.gql(`mutation($i: [UpsertPersonInput!]!) { upsertPersons(inputs: $i) { outcome } }`, { i: batch(k) });
    const first = await send(1);
    expect(first.errors).toBeUndefined();
    expect(first.data.upsertPersons).toHaveLength(500);
    expect((await send(2)).errors?.[0].extensions.code).toBe('RATE_LIMITED');
  });
});
