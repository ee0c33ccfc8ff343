/**
 * Masking: a corporate RM reaches every field and reason the API lets them reach (selection sets
 * generated from the schema) and never sees an employee's exact salary, income, assets, credit
 * score or balances; SYSTEM, asking the same, does (so the check can fail). No response, error
 * message or log line carries identity numbers or contact details either.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, getNamedType, isLeafType, isNonNullType, isObjectType, type GraphQLObjectType } from 'graphql';
import { OPERATION_ROLES } from '../../src/auth/access-policy';
import { OpportunitiesService } from '../../src/opportunities/opportunities.service';
import { RefresherService } from '../../src/refresh/refresher.service';
import { PRODUCT_CATALOGUE } from '../../src/products/product-catalogue';
import { BankFactory } from '../factories/bank.factory';
import { createTestApp, type GqlClient, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

const schema = buildSchema(readFileSync(join(__dirname, '..', '..', 'src', 'schema.gql'), 'utf8'));

/** Every field without required arguments, down to `depth` levels. */
function selectAll(type: GraphQLObjectType, depth: number): string {
  const parts: string[] = [];
  for (const field of Object.values(type.getFields())) {
    if (field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
    const named = getNamedType(field.type);
    if (isLeafType(named)) parts.push(field.name);
    else if (isObjectType(named) && depth > 1) {
      const inner = selectAll(named, depth - 1);
      if (inner) parts.push(`${field.name} { ${inner} }`);
    }
  }
  return parts.join(' ');
}

const root = (name: string) => schema.getQueryType()!.getFields()[name] ?? schema.getMutationType()!.getFields()[name]!;
const select = (name: string) => selectAll(getNamedType(root(name).type) as GraphQLObjectType, 7);

/** Every way an amount could be written out. */
function spellings(amount: number): string[] {
  return [
    amount.toFixed(2),
    amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
    Math.round(amount).toLocaleString('en-US'),
    String(Math.round(amount)),
    String(amount),
  ];
}

// Figures no band, score or count will produce by accident.
const SALARY = 4381.27;
const INCOME = 7213.49;
const AUM = 187654.32;
const BALANCE = 23456.71;
const OWNER_AUM = 2345678.91;
const CREDIT_SCORE = 763;
const SECRETS = { nationalId: 'NID-99817263', email: 'dana.secret@example.org', phone: '+1-555-0199-8877' };
const EXACT = [SALARY, INCOME, AUM, BALANCE, OWNER_AUM].flatMap(spellings);

describe('privacy: what a corporate RM can reach is masked', () => {
  let db: TestDatabase;
  let api: TestApp;
  let crm: GqlClient;
  let system: GqlClient;
  let args: Record<string, Record<string, unknown>[]>;
  let ownerId: string;
  let employeeId: string;
  let retail: GqlClient;
  const logged: string[] = [];
  const writes = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };

  beforeAll(async () => {
    db = await createTestDatabase();
    const ds = await db.dataSource();
    const bank = new BankFactory(ds);
    api = await createTestApp(db.url, { LOG_LEVEL: 'verbose', LOG_FORMAT: 'json', GRAPHQL_MAX_COST: '10000000', GRAPHQL_MAX_DEPTH: '20' });
    const branch = await bank.branch();
    const rm = await bank.manager({ branchId: branch.id, role: 'CORPORATE_RM' });
    crm = api.signInAs(rm);
    system = await api.signIn('SYSTEM');
    const client = await bank.corporateClient({ branchId: branch.id, corporateRmId: rm.id, posTerminalCount: 0, payrollWithBank: false });
    const rrm = await bank.manager({ branchId: branch.id, role: 'RETAIL_RM' });
    retail = api.signInAs(rrm);
    const employee = await bank.person({
      branchId: branch.id,
      fullName: 'Dana Secret',
      aum: AUM.toFixed(2),
      monthlyIncome: INCOME.toFixed(2),
      creditScore: CREDIT_SCORE,
      segment: 'AFFLUENT',
      riskTolerance: 'C4',
      riskAssessedAt: '2026-01-01',
      riskAssessmentExpiresAt: '2027-12-31',
      ...SECRETS,
    });
    await bank.employment(employee, client, { monthlySalary: SALARY.toFixed(2), salaryPaidHere: true, startDate: '2019-03-01', title: 'Engineer' });
    await bank.holding({ personId: employee.id }, 'TERM_DEPOSIT', { balance: BALANCE.toFixed(2) });
    const owner = await bank.person({ retailRmId: rrm.id, fullName: 'Olga Owner', aum: OWNER_AUM.toFixed(2), segment: 'HIGH_NET_WORTH', ...SECRETS, nationalId: 'NID-55512345' });
    await bank.employment(owner, client, { role: 'OWNER', title: 'Owner', monthlySalary: SALARY.toFixed(2) });
    await bank.holding({ personId: owner.id }, 'TERM_DEPOSIT', { balance: BALANCE.toFixed(2) });
    ownerId = owner.id;
    employeeId = employee.id;
    await api.app.get(RefresherService).refresh();
    const [opportunity] = await ds.query('SELECT id FROM opportunities WHERE party_id = $1 LIMIT 1', [employee.id]);
    expect(opportunity).toBeDefined();
    const people = [employee.id, owner.id];
    const statuses = ['OPEN', 'CONTACTED', 'ACCEPTED', 'DECLINED', 'EXPIRED'];
    args = {
      me: [{}],
      products: [{}],
      corporateClient: [{ id: client.id }],
      myClients: [{ first: 100 }],
      person: people.map((id) => ({ id })),
      employeeProspects: [{ corporateClientId: client.id, first: 100 }],
      corporateLeads: [{ first: 100 }],
      linkageStats: [{ corporateClientId: client.id }],
      opportunities: [...people, client.id].map((partyId) => ({ partyId, status: statuses })),
      whyNot: people.flatMap((partyId) => PRODUCT_CATALOGUE.map((p) => ({ partyId, productCode: p.code }))),
      recordOutcome: [{ input: { opportunityId: opportunity.id, outcome: 'CONTACTED', idempotencyKey: 'privacy-1' } }],
    };
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => (logged.push(String(chunk)), (writes.out as any)(chunk, ...rest))) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => (logged.push(String(chunk)), (writes.err as any)(chunk, ...rest))) as typeof process.stderr.write;
  });
  afterAll(async () => {
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
    await api?.close();
    await db?.drop();
  });

  /** Every operation a corporate RM may call, each selecting every field it has; whyNot for every product. */
  async function reachEverything(viewer: GqlClient): Promise<string> {
    const answers: unknown[] = [];
    const may = (role: string) => Object.entries(OPERATION_ROLES).filter(([, roles]) => (roles as readonly string[]).includes(role)).map(([name]) => name);
    expect(may('CORPORATE_RM').sort()).toEqual(Object.keys(args).sort());
    for (const name of may('CORPORATE_RM').filter((n) => may(viewer.role).includes(n))) {
      const field = root(name);
      const kind = schema.getMutationType()!.getFields()[name] ? 'mutation' : 'query';
      for (const values of args[name]!) {
        const used = field.args.filter((a) => a.name in values);
        const vars = used.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
        const call = used.length ? `(${used.map((a) => `${a.name}: $${a.name}`).join(', ')})` : '';
        const inner = select(name);
        const res = await viewer.gql(`${kind}${vars ? `(${vars})` : ''} { ${name}${call}${inner ? ` { ${inner} }` : ''} }`, values);
        expect(res.errors).toBeUndefined();
        answers.push(res.data);
      }
    }
    return scrubIds(JSON.stringify(answers));
  }

  /** Ids and cursors are random text: a figure's digits may turn up in them by chance. */
  const scrubIds = (text: string) =>
    text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>').replace(/"(cursor|startCursor|endCursor)":"[^"]*"/g, '"$1":"<cursor>"');

  /** The figure written out in the text, as a whole number (not digits inside a longer one). */
  const mentions = (text: string, spelling: string) => new RegExp(`(?<![\\d.,])${spelling.replace(/[.]/g, '\\.')}(?![\\d])`).test(text);

  it('shows a corporate RM bands only, in every field and every reason, and SYSTEM the exact figures', async () => {
    const seen = await reachEverything(crm);
    expect(EXACT.filter((exact) => mentions(seen, exact))).toEqual([]);
    expect(seen).not.toMatch(new RegExp(`\\b${CREDIT_SCORE}\\b`));
    expect(seen).toContain('3k–5k / month'); // the salary, as a band
    expect(seen).toContain('100k–250k'); // the assets, as a band
    expect(seen).toMatch(/salary (of )?3k–5k/); // a reason, rendered with bands
    expect(seen).toMatch(/"corporateLeads":\{"edges":\[\{/); // the owner's company is reached, reasons and all

    const exactly = await reachEverything(system);
    for (const figure of [SALARY.toFixed(2), INCOME.toFixed(2), AUM.toFixed(2), BALANCE.toFixed(2)]) expect(exactly).toContain(figure);
    expect(exactly).toMatch(new RegExp(`\\b${CREDIT_SCORE}\\b`));
  });

  it("shows a retail RM exact figures for their own portfolio only", async () => {
    const q = 'query($id: ID) { person(id: $id) { aum aumBand monthlyIncome creditScore employments { monthlySalary salaryBand } holdings { balance balanceBand } } }';
    const own = (await retail.gql(q, { id: ownerId })).data.person;
    expect(own).toMatchObject({ aum: OWNER_AUM.toFixed(2), aumBand: '1M–5M', employments: [{ monthlySalary: SALARY.toFixed(2) }], holdings: [{ balance: BALANCE.toFixed(2) }] });
    const other = (await retail.gql(q, { id: employeeId })).data.person;
    expect(other).toMatchObject({ aum: null, aumBand: '100k–250k', monthlyIncome: null, creditScore: null, employments: [{ monthlySalary: null, salaryBand: '3k–5k / month' }], holdings: [{ balance: null, balanceBand: '10k–25k' }] });
    const leads = await retail.gql('{ executiveLeads(first: 100) { edges { node { person { id aum aumBand } } } } }');
    expect(leads.errors).toBeUndefined();
    const mine = leads.data.executiveLeads.edges.map((e: any) => e.node.person).find((p: any) => p.id === ownerId);
    expect(mine).toEqual({ id: ownerId, aum: OWNER_AUM.toFixed(2), aumBand: '1M–5M' });
  });

  it('never returns identity numbers or contact details, to anyone', async () => {
    const seen = (await reachEverything(crm)) + (await reachEverything(system));
    for (const secret of [...Object.values(SECRETS), 'NID-55512345']) expect(seen).not.toContain(secret);
  });

  it('keeps exact figures and identity data out of error messages and log lines', async () => {
    const bad = await system.gql('mutation($i: UpsertPersonInput!) { upsertPerson(input: $i) { id } }', {
      i: { externalId: 'P-PRIV-1', fullName: 'Dana Secret', birthDate: 'not-a-date', monthlyIncome: String(INCOME), aum: String(AUM), ...SECRETS },
    });
    const refused = await system.gql('mutation($i: UpsertPersonInput!) { upsertPerson(input: $i) { id } }', {
      i: { externalId: 'P-PRIV-2', fullName: 'Dana Secret', birthDate: '1990-01-01', creditScore: 999, monthlyIncome: String(INCOME), ...SECRETS },
    });
    const outside = await crm.gql('query($id: ID) { person(id: $id) { monthlyIncome } }', { id: '00000000-0000-4000-8000-000000000123' });
    const errors = JSON.stringify([bad.errors, refused.errors, outside.errors]);
    expect(bad.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(outside.errors?.[0].extensions.code).toBe('FORBIDDEN');
    await reachEverything(crm);
    const logs = logged.join('');
    expect(logs.length).toBeGreaterThan(0);
    for (const text of [errors, logs].map(scrubIds)) {
      for (const secret of [...Object.values(SECRETS), 'NID-55512345']) expect(text).not.toContain(secret);
      expect(EXACT.filter((exact) => mentions(text, exact))).toEqual([]);
    }
  });
});
