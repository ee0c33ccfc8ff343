import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { printAppSchema, SCHEMA_FILE } from '../../src/common/schema-printer';
import { PRODUCT_CATALOGUE } from '../../src/products/product-catalogue';
import { BankFactory } from '../factories/bank.factory';
import { createTestApp, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

describe('GraphQL reads over HTTP', () => {
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

  it('answers the product catalogue', async () => {
    const res = await api.gql('{ products { code category audience riskLevel value } }');
    expect(res.errors).toBeUndefined();
    expect(res.data.products).toHaveLength(PRODUCT_CATALOGUE.length);
    expect(res.data.products).toContainEqual({ code: 'WEALTH_EQUITY_FUND', category: 'WEALTH', audience: 'PERSON', riskLevel: 'R4', value: '2000.00' });
  });

  it('filters products by category and audience', async () => {
    const res = await api.gql('query($c: ProductCategory, $a: ProductAudience) { products(category: $c, audience: $a) { code } }', { c: 'WEALTH', a: 'PERSON' });
    const codes = res.data.products.map((p: { code: string }) => p.code);
    expect(codes).toEqual(PRODUCT_CATALOGUE.filter((p) => p.category === 'WEALTH').map((p) => p.code).sort());
  });

  it('finds a corporate client by external id with branch, manager, workforce and holdings', async () => {
    const branch = await bank.branch({ name: 'Harbour Branch' });
    const rm = await bank.manager({ branchId: branch.id, name: 'Carla Corp' });
    const client = await bank.corporateClient({ branchId: branch.id, corporateRmId: rm.id, name: 'Harbour Foods', industry: 'CATERING' });
    const worker = await bank.person();
    await bank.employment(worker, client, { salaryPaidHere: true });
    const leaver = await bank.person();
    await bank.employment(leaver, client, { endDate: '2024-01-01' });
    const owner = await bank.person();
    await bank.employment(owner, client, { role: 'OWNER' });
    await bank.holding({ corporateClientId: client.id }, 'PAYROLL_SERVICE');

    const res = await api.gql(
      `query($x: String) { corporateClient(externalId: $x) {
         name industry branch { name } corporateRm { name role }
         workforce { employees payrollEmployees executives owners }
         holdings { product { code } closedAt } } }`,
      { x: client.externalId },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.corporateClient).toEqual({
      name: 'Harbour Foods',
      industry: 'CATERING',
      branch: { name: 'Harbour Branch' },
      corporateRm: { name: 'Carla Corp', role: 'CORPORATE_RM' },
      workforce: { employees: 1, payrollEmployees: 1, executives: 0, owners: 1 },
      holdings: [{ product: { code: 'PAYROLL_SERVICE' }, closedAt: null }],
    });
  });

  it('finds a person by id with age, exact money, assessment status, employments and holdings', async () => {
    const client = await bank.corporateClient({ name: 'Blue Software' });
    const person = await bank.person({ fullName: 'Dana Doe', aum: '123456.78', riskTolerance: 'C3', riskAssessedAt: '2020-01-01', riskAssessmentExpiresAt: '2021-01-01' });
    await bank.employment(person, client, { role: 'EXECUTIVE', title: 'CFO', monthlySalary: '15000.50' });
    await bank.holding({ personId: person.id }, 'CREDIT_CARD_GOLD');
    const res = await api.gql(
      `query($id: ID) { person(id: $id) { fullName age aum riskTolerance riskAssessmentStatus
         employments { role title monthlySalary current corporateClient { name } }
         holdings { product { code family familyRank } } } }`,
      { id: person.id },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.person).toMatchObject({
      fullName: 'Dana Doe',
      aum: '123456.78',
      riskTolerance: 'C3',
      riskAssessmentStatus: 'EXPIRED',
      employments: [{ role: 'EXECUTIVE', title: 'CFO', monthlySalary: '15000.50', current: true, corporateClient: { name: 'Blue Software' } }],
      holdings: [{ product: { code: 'CREDIT_CARD_GOLD', family: 'CREDIT_CARD', familyRank: 2 } }],
    });
    expect(res.data.person.age).toBeGreaterThanOrEqual(35);
  });

  it('answers NOT_FOUND for an unknown id', async () => {
    const res = await api.gql('{ person(id: "00000000-0000-4000-8000-000000000000") { id } }');
    expect(res.errors?.[0].extensions.code).toBe('NOT_FOUND');
    expect(res.errors?.[0].message).toMatch(/person with id 00000000-0000-4000-8000-000000000000 was not found/);
  });

  it('answers BAD_USER_INPUT naming the field for a malformed id', async () => {
    const res = await api.gql('{ corporateClient(id: "not-a-uuid") { id } }');
    expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].extensions.fields).toEqual(['id']);
  });

  it('answers BAD_USER_INPUT when both or neither of id and externalId are given', async () => {
    const both = await api.gql('{ corporateClient(id: "00000000-0000-4000-8000-000000000000", externalId: "CC-1") { id } }');
    expect(both.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const neither = await api.gql('{ person { id } }');
    expect(neither.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('answers GRAPHQL_VALIDATION_FAILED for an unknown field, without internals', async () => {
    const res = await api.gql('{ products { code secretColumn } }');
    expect(res.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(res.errors)).not.toMatch(/stack|at Object|\.ts:/);
  });

  it('reports liveness and readiness without a token', async () => {
    await api.http().get('/health').expect(200, { status: 'ok' });
    await api.http().get('/ready').expect(200, { status: 'ready' });
  });

  it('serves exactly the committed schema file', () => {
    const committed = readFileSync(join(__dirname, '..', '..', SCHEMA_FILE), 'utf8');
    expect(printAppSchema(api.app)).toBe(committed);
  });
});
