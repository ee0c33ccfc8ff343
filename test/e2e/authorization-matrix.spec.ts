/**
 * The authorization matrix: every role × every GraphQL operation × an in-scope and an out-of-scope
 * record → the expected answer, generated from OPERATION_ROLES and the CASES table below. An
 * operation in the schema without a row here fails the first test, so none is forgotten silently.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { OPERATION_ROLES, type Operation } from '../../src/auth/access-policy';
import { MANAGER_ROLES, type ManagerRole } from '../../src/managers/manager-role';
import { BankFactory } from '../factories/bank.factory';
import { createTestApp, type GqlClient, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

const schema = buildSchema(readFileSync(join(__dirname, '..', '..', 'src', 'schema.gql'), 'utf8'));
const UNKNOWN = '00000000-0000-4000-8000-00000000abcd';

/** The records of the two branches the matrix runs on. */
interface World {
  clientA: string; // branch A, the corporate RM's own client
  clientB: string; // branch B
  clientC: string; // branch B, refreshed by the matrix (its opportunities are not used)
  employeeA: string; // employee of clientA, home branch A
  ownerA: string; // owner of clientA, in the retail RM's portfolio
  employeeB: string; // employee of clientB, home branch B
  opportunity: Record<'employeeA' | 'ownerA' | 'employeeB', string>;
  branchA: string;
  branchB: string;
  ownersB: { mine: string; other: string }; // owners of clientB, one in the retail RM's portfolio
}

type Scope = 'in' | 'out' | 'unknown';
type Request = { query: string; variables?: Record<string, unknown> };

let serial = 0;
const key = () => `matrix-${++serial}`;

/** The in-scope person of each role: what they may reach in branch A. */
const personIn = (w: World, role: ManagerRole) => (role === 'RETAIL_RM' ? w.ownerA : w.employeeA);
const pick = (w: World, role: ManagerRole, scope: Scope, inScope: string, outOfScope: string) => (scope === 'in' ? inScope : scope === 'out' ? outOfScope : UNKNOWN);

/**
 * How to call each operation for a role, in or out of their scope. `scoped: false` marks operations
 * that have no records to be in or out of scope (the in-scope call is the only one).
 */
const CASES: Record<Operation, { scoped: boolean; request(w: World, role: ManagerRole, scope: Scope): Request }> = {
  me: { scoped: false, request: () => ({ query: '{ me { id } }' }) },
  products: { scoped: false, request: () => ({ query: '{ products { code } }' }) },
  myClients: { scoped: false, request: () => ({ query: '{ myClients { totalCount } }' }) },
  corporateClient: { scoped: true, request: (w, r, s) => ({ query: 'query($id: ID) { corporateClient(id: $id) { id } }', variables: { id: pick(w, r, s, w.clientA, w.clientB) } }) },
  person: { scoped: true, request: (w, r, s) => ({ query: 'query($id: ID) { person(id: $id) { id } }', variables: { id: pick(w, r, s, personIn(w, r), w.employeeB) } }) },
  employeeProspects: {
    scoped: true,
    request: (w, r, s) => ({ query: 'query($c: ID!) { employeeProspects(corporateClientId: $c) { totalCount } }', variables: { c: pick(w, r, s, w.clientA, w.clientB) } }),
  },
  executiveLeads: {
    scoped: true,
    request: (w, r, s) => ({ query: 'query($b: ID) { executiveLeads(branchId: $b) { totalCount } }', variables: { b: s === 'in' ? undefined : s === 'out' ? w.branchB : UNKNOWN } }),
  },
  corporateLeads: {
    scoped: true,
    request: (w, r, s) => ({ query: 'query($c: ID) { corporateLeads(corporateClientId: $c) { totalCount } }', variables: { c: s === 'in' ? undefined : s === 'out' ? w.clientB : UNKNOWN } }),
  },
  linkageStats: { scoped: true, request: (w, r, s) => ({ query: 'query($c: ID!) { linkageStats(corporateClientId: $c) { employees } }', variables: { c: pick(w, r, s, w.clientA, w.clientB) } }) },
  opportunities: { scoped: true, request: (w, r, s) => ({ query: 'query($p: ID!) { opportunities(partyId: $p) { items { id } } }', variables: { p: pick(w, r, s, personIn(w, r), w.employeeB) } }) },
  whyNot: {
    scoped: true,
    request: (w, r, s) => ({ query: 'query($p: ID!) { whyNot(partyId: $p, productCode: "DEBIT_CARD_STD") { stage } }', variables: { p: pick(w, r, s, personIn(w, r), w.employeeB) } }),
  },
  // Only bank-wide roles may call it: no record is out of their scope.
  previewOpportunities: {
    scoped: false,
    request: (w) => ({ query: 'query($p: ID!) { previewOpportunities(partyId: $p, asOf: "2030-01-01") { productCode } }', variables: { p: w.employeeA } }),
  },
  ruleset: { scoped: false, request: () => ({ query: '{ ruleset { version } }' }) },
  auditLog: { scoped: false, request: () => ({ query: '{ auditLog(first: 1) { totalCount } }' }) },
  refreshStatus: {
    scoped: true,
    request: (w, r, s) => ({ query: 'query($b: ID) { refreshStatus(branchId: $b) { queuedJobs } }', variables: { b: s === 'in' ? w.branchA : s === 'out' ? w.branchB : UNKNOWN } }),
  },
  recordOutcome: {
    scoped: true,
    request: (w, r, s) => ({
      query: 'mutation($i: RecordOutcomeInput!) { recordOutcome(input: $i) { status } }',
      variables: {
        i: { opportunityId: pick(w, r, s, r === 'RETAIL_RM' ? w.opportunity.ownerA : w.opportunity.employeeA, w.opportunity.employeeB), outcome: 'CONTACTED', idempotencyKey: key() },
      },
    }),
  },
  refreshOpportunities: { scoped: false, request: (w) => ({ query: 'mutation($c: ID) { refreshOpportunities(corporateClientId: $c) { jobId } }', variables: { c: w.clientC } }) },
  reloadRules: { scoped: false, request: () => ({ query: 'mutation { reloadRules { applied } }' }) },
  upsertBranch: { scoped: false, request: () => ({ query: 'mutation($i: UpsertBranchInput!) { upsertBranch(input: $i) { id } }', variables: { i: { externalId: key(), name: 'New Branch', city: 'Anywhere' } } }) },
  upsertProduct: {
    scoped: false,
    request: () => ({
      query: 'mutation($i: UpsertProductInput!) { upsertProduct(input: $i) { id } }',
      variables: { i: { code: `MATRIX_${key().replace(/[^A-Za-z0-9]/g, '_').toUpperCase()}`, name: 'New product', category: 'DEPOSIT', audience: 'PERSON', value: '10.00' } },
    }),
  },
  upsertManager: {
    scoped: false,
    request: () => ({ query: 'mutation($i: UpsertManagerInput!) { upsertManager(input: $i) { id } }', variables: { i: { externalId: key(), name: 'New RM', role: 'RETAIL_RM' } } }),
  },
  upsertCorporateClient: {
    scoped: false,
    request: () => ({
      query: 'mutation($i: UpsertCorporateClientInput!) { upsertCorporateClient(input: $i) { id } }',
      variables: { i: { externalId: key(), name: 'New Co', industry: 'RETAIL', sizeBand: 'SMALL', creditGrade: 'B', branchExternalId: 'MATRIX-BR-A', relationshipSince: '2024-01-01' } },
    }),
  },
  upsertPerson: {
    scoped: false,
    request: () => ({ query: 'mutation($i: UpsertPersonInput!) { upsertPerson(input: $i) { id } }', variables: { i: { externalId: key(), fullName: 'New Person', birthDate: '1990-01-01' } } }),
  },
  upsertEmployment: {
    scoped: false,
    request: () => ({
      query: 'mutation($i: UpsertEmploymentInput!) { upsertEmployment(input: $i) { id } }',
      variables: { i: { externalId: key(), personExternalId: 'MATRIX-EMP-A', corporateClientExternalId: 'MATRIX-CC-A', role: 'EMPLOYEE', startDate: '2024-01-01' } },
    }),
  },
  upsertHolding: {
    scoped: false,
    request: () => ({
      query: 'mutation($i: UpsertHoldingInput!) { upsertHolding(input: $i) { id } }',
      variables: { i: { externalId: key(), productCode: 'CREDIT_CARD_GOLD', personExternalId: 'MATRIX-EMP-A', openedAt: '2024-01-01' } },
    }),
  },
  opportunityChanges: {
    scoped: false,
    request: () => ({ query: '{ opportunityChanges(first: 5) { pageInfo { endCursor } } }' }),
  },
  upsertPersons: {
    scoped: false,
    request: () => ({ query: 'mutation($i: [UpsertPersonInput!]!) { upsertPersons(inputs: $i) { id } }', variables: { i: [{ externalId: key(), fullName: 'New Person', birthDate: '1990-01-01' }] } }),
  },
  upsertEmployments: {
    scoped: false,
    request: () => ({
      query: 'mutation($i: [UpsertEmploymentInput!]!) { upsertEmployments(inputs: $i) { id } }',
      variables: { i: [{ externalId: key(), personExternalId: 'MATRIX-EMP-A', corporateClientExternalId: 'MATRIX-CC-A', role: 'EMPLOYEE', startDate: '2024-01-01' }] },
    }),
  },
  upsertHoldings: {
    scoped: false,
    request: () => ({
      query: 'mutation($i: [UpsertHoldingInput!]!) { upsertHoldings(inputs: $i) { id } }',
      variables: { i: [{ externalId: key(), productCode: 'CREDIT_CARD_GOLD', personExternalId: 'MATRIX-EMP-A', openedAt: '2024-01-01' }] },
    }),
  },
  upsertCorporateClients: {
    scoped: false,
    request: () => ({
      query: 'mutation($i: [UpsertCorporateClientInput!]!) { upsertCorporateClients(inputs: $i) { id } }',
      variables: { i: [{ externalId: key(), name: 'New Co', industry: 'RETAIL', sizeBand: 'SMALL', creditGrade: 'B', branchExternalId: 'MATRIX-BR-A', relationshipSince: '2024-01-01' }] },
    }),
  },
};

/** An open DEBIT_CARD_STD opportunity of a person, arisen through `company`. */
async function insertOpportunity(ds: DataSource, person: { id: string }, company: { id: string }, linkage = 'EMPLOYEE_PROSPECT', role = 'EMPLOYEE', product = 'DEBIT_CARD_STD'): Promise<string> {
  const [version] = await ds.query('SELECT version FROM rule_set_versions LIMIT 1');
  const [row] = await ds.query(
    `INSERT INTO opportunities (party_type, party_id, person_id, linkage, via_corporate_client_id, via_person_id, via_role, product_id, rule_id, rule_set_version, score, reasons, last_refreshed_at, row_version)
     VALUES ('PERSON', $1, $1, $2, $3, $1, $4, (SELECT id FROM products WHERE code = $6), 'matrix-rule', $5, 10, '[]', now(), 1) RETURNING id`,
    [person.id, linkage, company.id, role, version.version, product],
  );
  return row.id;
}

/** Roles that reach every record of an operation they may call. */
const bankWide = (role: ManagerRole, operation: Operation) =>
  role === 'SYSTEM' || (role === 'RULE_ADMIN' && operation === 'whyNot') || (role === 'ADMIN' && operation === 'refreshStatus');

/** The answer the table promises: OK, or FORBIDDEN for a role not listed or a record out of scope. */
function expected(operation: Operation, role: ManagerRole, scope: 'in' | 'out'): 'OK' | 'FORBIDDEN' {
  if (!(OPERATION_ROLES[operation] as readonly ManagerRole[]).includes(role)) return 'FORBIDDEN';
  if (scope === 'in' || !CASES[operation].scoped || bankWide(role, operation)) return 'OK';
  return 'FORBIDDEN';
}

describe('authorization matrix', () => {
  let db: TestDatabase;
  let api: TestApp;
  let world: World;
  const viewers = new Map<ManagerRole, GqlClient>();

  beforeAll(async () => {
    db = await createTestDatabase();
    const ds = await db.dataSource();
    const bank = new BankFactory(ds);
    api = await createTestApp(db.url);
    const branchA = await bank.branch({ externalId: 'MATRIX-BR-A' });
    const branchB = await bank.branch();
    const crmA = await bank.manager({ branchId: branchA.id, role: 'CORPORATE_RM' });
    const rrmA = await bank.manager({ branchId: branchA.id, role: 'RETAIL_RM' });
    const crmB = await bank.manager({ branchId: branchB.id, role: 'CORPORATE_RM' });
    const clientA = await bank.corporateClient({ externalId: 'MATRIX-CC-A', branchId: branchA.id, corporateRmId: crmA.id });
    const clientB = await bank.corporateClient({ branchId: branchB.id, corporateRmId: crmB.id });
    const employeeA = await bank.person({ externalId: 'MATRIX-EMP-A', branchId: branchA.id });
    const ownerA = await bank.person({ branchId: branchB.id, retailRmId: rrmA.id, aum: '900000.00', segment: 'AFFLUENT' });
    const employeeB = await bank.person({ branchId: branchB.id });
    await bank.employment(employeeA, clientA, { salaryPaidHere: true });
    await bank.employment(ownerA, clientA, { role: 'OWNER', title: 'Owner' });
    await bank.employment(employeeB, clientB, { salaryPaidHere: true });
    const opportunity = (person: { id: string }, company: { id: string }, linkage: string, role: string) => insertOpportunity(ds, person, company, linkage, role);
    // Two owners of the branch-B client: one in the retail RM's portfolio, one not.
    const ownerBMine = await bank.person({ branchId: branchB.id, retailRmId: rrmA.id });
    const ownerBOther = await bank.person({ branchId: branchB.id });
    for (const owner of [ownerBMine, ownerBOther]) {
      await bank.employment(owner, clientB, { role: 'OWNER', title: 'Owner' });
      await opportunity(owner, clientB, 'EXECUTIVE_LEAD', 'OWNER');
    }
    // Nothing is stale: reads must not recompute (and expire) the opportunities made above.
    await ds.query('UPDATE persons SET refresh_change = NULL, refresh_change_at = NULL');
    world = {
      clientC: (await bank.corporateClient({ branchId: branchB.id })).id,
      clientA: clientA.id,
      clientB: clientB.id,
      employeeA: employeeA.id,
      ownerA: ownerA.id,
      employeeB: employeeB.id,
      branchA: branchA.id,
      branchB: branchB.id,
      ownersB: { mine: ownerBMine.id, other: ownerBOther.id },
      opportunity: {
        employeeA: await opportunity(employeeA, clientA, 'EMPLOYEE_PROSPECT', 'EMPLOYEE'),
        ownerA: await opportunity(ownerA, clientA, 'EXECUTIVE_LEAD', 'OWNER'),
        employeeB: await opportunity(employeeB, clientB, 'EMPLOYEE_PROSPECT', 'EMPLOYEE'),
      },
    };
    viewers.set('CORPORATE_RM', api.signInAs(crmA));
    viewers.set('RETAIL_RM', api.signInAs(rrmA));
    viewers.set('BRANCH_MANAGER', await api.signIn('BRANCH_MANAGER', { branchId: branchA.id }));
    for (const role of ['RULE_ADMIN', 'SYSTEM', 'ADMIN'] as const) viewers.set(role, await api.signIn(role));
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('has a row for every operation of the schema, and the access table has the same operations', () => {
    const operations = [...Object.keys(schema.getQueryType()!.getFields()), ...Object.keys(schema.getMutationType()!.getFields())].sort();
    expect(Object.keys(CASES).sort()).toEqual(operations);
    expect(Object.keys(OPERATION_ROLES).sort()).toEqual(operations);
  });

  const rows = (Object.keys(OPERATION_ROLES) as Operation[]).flatMap((operation) =>
    MANAGER_ROLES.flatMap((role) => (['in', 'out'] as const).filter((s) => s === 'in' || CASES[operation].scoped).map((scope) => ({ operation, role, scope }))),
  );

  it.each(rows)('$role calling $operation on an $scope-of-scope record: as the table says', async ({ operation, role, scope }) => {
    const { query, variables } = CASES[operation].request(world, role, scope);
    const res = await viewers.get(role)!.gql(query, variables);
    const want = expected(operation, role, scope);
    if (want === 'OK') {
      expect(res.errors).toBeUndefined();
      expect(res.data?.[operation]).toBeDefined();
    } else {
      expect(res.errors?.map((e: any) => e.extensions.code)).toEqual([want]);
      expect(res.data ?? null).toBeNull();
    }
  });

  it.each(rows.filter((r) => r.scope === 'out' && expected(r.operation, r.role, 'out') === 'FORBIDDEN' && (OPERATION_ROLES[r.operation] as readonly string[]).includes(r.role)))(
    '$role: an out-of-scope $operation answers exactly as an unknown id does',
    async ({ operation, role }) => {
      const out = CASES[operation].request(world, role, 'out');
      const unknown = CASES[operation].request(world, role, 'unknown');
      const [a, b] = [await viewers.get(role)!.gql(out.query, out.variables), await viewers.get(role)!.gql(unknown.query, unknown.variables)];
      expect(a.errors?.map((e: any) => ({ message: e.message, code: e.extensions.code }))).toEqual(b.errors?.map((e: any) => ({ message: e.message, code: e.extensions.code })));
      expect(a.errors?.[0].extensions.code).toBe('FORBIDDEN');
    },
  );

  it("gives a retail RM executive leads of their branch and of their portfolio anywhere, and a branch manager only the branch's", async () => {
    const leads = async (role: ManagerRole) =>
      ((await viewers.get(role)!.gql('{ executiveLeads(first: 100) { edges { node { person { id } } } } }')).data.executiveLeads.edges as any[]).map((e) => e.node.person.id).sort();
    expect(await leads('RETAIL_RM')).toEqual([world.ownerA, world.ownersB.mine].sort());
    expect(await leads('BRANCH_MANAGER')).toEqual([world.ownerA]);
  });

  describe('recordOutcome: only the RM responsible for the route, that branch\'s manager, or SYSTEM', () => {
    const record = (viewer: GqlClient, opportunityId: string) =>
      viewer.gql('mutation($i: RecordOutcomeInput!) { recordOutcome(input: $i) { status } }', { i: { opportunityId, outcome: 'CONTACTED', idempotencyKey: key() } });
    const codes = (res: any) => res.errors?.map((e: any) => ({ message: e.message, code: e.extensions.code }));
    let route: { rmA: GqlClient; rmD: GqlClient; portfolioRm: GqlClient; otherRetailRm: GqlClient; managerA: GqlClient; managerB: GqlClient; viaA: string; viaD: string };

    beforeAll(async () => {
      // A person employed by two companies of the same branch, each with its own corporate RM.
      const ds = await db.dataSource();
      const bank = new BankFactory(ds);
      const branchA = world.branchA;
      const crmD = await bank.manager({ branchId: branchA, role: 'CORPORATE_RM' });
      const clientD = await bank.corporateClient({ branchId: branchA, corporateRmId: crmD.id });
      const portfolioRm = await bank.manager({ branchId: world.branchB, role: 'RETAIL_RM' });
      const otherRetailRm = await bank.manager({ branchId: branchA, role: 'RETAIL_RM' });
      const twoJobs = await bank.person({ branchId: branchA, retailRmId: portfolioRm.id });
      await bank.employment(twoJobs, { id: world.clientA } as never, { salaryPaidHere: true });
      await bank.employment(twoJobs, clientD, {});
      route = {
        rmA: viewers.get('CORPORATE_RM')!,
        rmD: api.signInAs(crmD),
        portfolioRm: api.signInAs(portfolioRm),
        otherRetailRm: api.signInAs(otherRetailRm),
        managerA: await api.signIn('BRANCH_MANAGER', { branchId: branchA }),
        managerB: await api.signIn('BRANCH_MANAGER', { branchId: world.branchB }),
        viaA: await insertOpportunity(ds, twoJobs, { id: world.clientA }),
        viaD: await insertOpportunity(ds, twoJobs, clientD, 'EMPLOYEE_PROSPECT', 'EMPLOYEE', 'CREDIT_CARD_GOLD'),
      };
    });

    it('lets each corporate RM of a person employed by two clients record only on the opportunity that came through their own client', async () => {
      expect((await record(route.rmA, route.viaA)).errors).toBeUndefined();
      expect((await record(route.rmD, route.viaD)).errors).toBeUndefined();
      const unknown = codes(await record(route.rmA, UNKNOWN));
      expect(unknown).toEqual([{ message: expect.any(String), code: 'FORBIDDEN' }]);
      expect(codes(await record(route.rmA, route.viaD))).toEqual(unknown);
      expect(codes(await record(route.rmD, route.viaA))).toEqual(codes(await record(route.rmD, UNKNOWN)));
    });

    it("lets the retail RM of the person's portfolio record on every route, but not another retail RM of the person's branch", async () => {
      expect((await record(route.portfolioRm, route.viaA)).errors).toBeUndefined();
      expect((await record(route.portfolioRm, route.viaD)).errors).toBeUndefined();
      expect(codes(await record(route.otherRetailRm, route.viaA))).toEqual(codes(await record(route.otherRetailRm, UNKNOWN)));
    });

    it("lets the manager of the route's branch record, and refuses another branch's manager as if the opportunity did not exist", async () => {
      expect((await record(route.managerA, route.viaA)).errors).toBeUndefined();
      expect((await record(route.managerA, route.viaD)).errors).toBeUndefined();
      const unknown = codes(await record(route.managerB, UNKNOWN));
      expect(unknown?.[0].code).toBe('FORBIDDEN');
      expect(codes(await record(route.managerB, route.viaD))).toEqual(unknown);
    });
  });

  it('keeps a corporate RM to their own clients for employee prospects, though the branch has others', async () => {
    const ds = await db.dataSource();
    const [other] = await ds.query(`SELECT c.id FROM corporate_clients c WHERE c.branch_id = (SELECT branch_id FROM corporate_clients WHERE id = $1) AND c.id <> $1 LIMIT 1`, [world.clientA]);
    const sibling =
      other?.id ??
      (await new BankFactory(ds).corporateClient({ branchId: (await ds.query('SELECT branch_id FROM corporate_clients WHERE id = $1', [world.clientA]))[0].branch_id })).id;
    const res = await viewers.get('CORPORATE_RM')!.gql('query($c: ID!) { employeeProspects(corporateClientId: $c) { totalCount } }', { c: sibling });
    expect(res.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const leads = await viewers.get('CORPORATE_RM')!.gql('query($c: ID) { corporateLeads(corporateClientId: $c) { totalCount } }', { c: sibling });
    expect(leads.errors).toBeUndefined();
  });
});
