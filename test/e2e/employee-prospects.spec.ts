import { isBackgroundQuery } from '../setup/background-queries';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { OpportunitiesService } from '../../src/opportunities/opportunities.service';
import { RefresherService } from '../../src/refresh/refresher.service';
import { dataVersion } from '../../src/common/data-version';
import { BankFactory } from '../factories/bank.factory';
import { ChangesService } from '../../src/changes/changes.service';
import { settleRefresh } from '../setup/refresh-queue';
import { createTestApp, type TestApp } from '../setup/test-app';
import { expectRelayPageInfo } from '../setup/relay-page';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

const PAGE = `query($c: ID!, $first: Int, $after: String, $filter: LeadFilter) {
  employeeProspects(corporateClientId: $c, first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { bestScore person { id fullName age segment title tenureMonths salaryBand salaryPaidHere }
                          opportunities { score product { code category } reasons { text } } } } } }`;

/** The database health check's periodic query (src/health), which may run during any request. */
const HEALTH_PROBE = 'select 1';

describe('employeeProspects', () => {
  let db: TestDatabase;
  let api: TestApp;
  let bank: BankFactory;
  let clientId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    bank = new BankFactory(await db.dataSource());
    api = await createTestApp(db.url);
    const branch = await bank.branch();
    const rm = await bank.manager({ branchId: branch.id, role: 'CORPORATE_RM' });
    // The client's own corporate RM asks.
    api.actAs(api.signInAs(rm));
    const client = await bank.corporateClient({ name: 'Prospect Co', branchId: branch.id, corporateRmId: rm.id });
    clientId = client.id;
    for (let i = 0; i < 25; i++) {
      const person = await bank.person({ fullName: `Employee ${i}`, birthDate: `19${70 + (i % 25)}-02-0${1 + (i % 9)}` });
      await bank.employment(person, client, { monthlySalary: String(2500 + i * 400) + '.00', salaryPaidHere: i % 5 !== 0, startDate: '2019-01-01' });
    }
    const outsider = await bank.person({ fullName: 'Other Company Person' });
    await bank.employment(outsider, await bank.corporateClient(), { salaryPaidHere: true });
    await api.app.get(RefresherService).refresh();
    await settleRefresh(api.app); // the linkage statistics jobs it queued, too
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  async function all(filter?: object, first = 10) {
    const seen: any[] = [];
    let after: string | undefined;
    let total = -1;
    for (let pages = 0; pages < 20; pages++) {
      const res = await api.gql(PAGE, { c: clientId, first, after, filter });
      expect(res.errors).toBeUndefined();
      const conn = res.data.employeeProspects;
      expectRelayPageInfo(conn, after);
      total = conn.totalCount;
      seen.push(...conn.edges.map((e: any) => e.node));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    return { seen, total };
  }

  it('pages through every prospect exactly once, best first', async () => {
    const { seen, total } = await all();
    expect(total).toBeGreaterThan(10);
    expect(seen).toHaveLength(total);
    expect(new Set(seen.map((n) => n.person.id)).size).toBe(total);
    const scores = seen.map((n) => n.bestScore);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(seen.map((n) => n.person.fullName)).not.toContain('Other Company Person');
    for (const node of seen) {
      expect(node.opportunities.length).toBeGreaterThan(0);
      expect(node.opportunities[0].score).toBe(node.bestScore);
    }
  });

  it('shows salaries as bands, never exact figures', async () => {
    const { seen } = await all(undefined, 100);
    expect(seen.map((n) => n.person.salaryBand)).toContain('3k–5k / month');
    const fields = (await api.gql('{ __type(name: "ProspectPerson") { fields { name } } }')).data.__type.fields.map((f: any) => f.name);
    for (const exact of ['monthlySalary', 'aum', 'monthlyIncome', 'nationalId', 'email', 'phone']) expect(fields).not.toContain(exact);
  });

  it('masks amounts in reasons and conditions: a reason never carries an exact salary', async () => {
    const { seen } = await all(undefined, 100);
    const exactSalaries = Array.from({ length: 25 }, (_, i) => (2500 + i * 400).toLocaleString('en-US'));
    const reasons = seen.flatMap((n) => n.opportunities.flatMap((o: any) => o.reasons.map((r: any) => r.text)));
    expect(reasons.some((t) => /Salary of \d+(\.\d)?k–\d+(\.\d)?k a month/.test(t))).toBe(true);
    for (const text of reasons) for (const figure of exactSalaries) expect(text).not.toContain(figure);
    const res = await api.gql(
      'query($c: ID!) { employeeProspects(corporateClientId: $c, first: 100) { edges { node { opportunities { reasons { conditions { fact path factValue } } } } } } }',
      { c: clientId },
    );
    const conditions = res.data.employeeProspects.edges.flatMap((e: any) => e.node.opportunities.flatMap((o: any) => o.reasons.flatMap((r: any) => r.conditions)));
    for (const c of conditions.filter((c: any) => c.path === '$.monthlySalary' || c.path === '$.aum')) expect(typeof c.factValue === 'string' || c.factValue === null).toBe(true);
  });

  it('filters by product category and minimum score', async () => {
    const { seen } = await all({ productCategory: 'CREDIT_CARD' }, 100);
    for (const node of seen) for (const o of node.opportunities) expect(o.product.category).toBe('CREDIT_CARD');
    const everyone = (await all(undefined, 100)).seen;
    const threshold = everyone[Math.floor(everyone.length / 2)].bestScore;
    const { seen: top } = await all({ minScore: threshold }, 100);
    expect(top.length).toBeLessThan(everyone.length);
    for (const node of top) expect(node.bestScore).toBeGreaterThanOrEqual(threshold);
  });

  it('costs the same number of SQL queries for a page of 5 and a page of 50', async () => {
    const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query');
    // The instance's own timers (health probe, heartbeat, rule set check) query meanwhile: not the page's work.
    const pageQueries = () => spy.mock.calls.filter((c) => !isBackgroundQuery(c[0])).length;
    try {
      await api.gql(PAGE, { c: clientId, first: 5 }); // warm: one-time loads are not the page's work
      spy.mockClear();
      dataVersion.bump(); // measure the work, not the read caches
      await api.gql(PAGE, { c: clientId, first: 5 });
      const small = pageQueries();
      spy.mockClear();
      dataVersion.bump();
      await api.gql(PAGE, { c: clientId, first: 50 });
      expect(pageQueries()).toBe(small);
      expect(small).toBeLessThanOrEqual(8);
    } finally {
      spy.mockRestore();
    }
  });

  it("reports the client's card matching rate, penetration and outcomes", async () => {
    const ds = await db.dataSource();
    const [payroll] = await ds.query('SELECT person_id FROM employments WHERE corporate_client_id = $1 AND salary_paid_here LIMIT 1', [clientId]);
    await bank.holding({ personId: payroll.person_id }, 'DEBIT_CARD_STD');
    // Recorded as every write path records it; the kept figures follow once the queue has run.
    await ds.transaction((tx) => api.app.get(ChangesService).personsChanged(tx, [payroll.person_id]));
    await settleRefresh(api.app);
    const res = await api.gql(`query($c: ID!) { linkageStats(corporateClientId: $c) {
      employees payrollEmployees payrollEmployeesWithDebitCard cardMatchingRate penetration { category holders rate }
      openOpportunities acceptedOpportunities declinedOpportunities } }`, { c: clientId });
    expect(res.errors).toBeUndefined();
    expect(res.data.linkageStats).toMatchObject({ employees: 25, payrollEmployees: 20, payrollEmployeesWithDebitCard: 1, cardMatchingRate: 0.05, acceptedOpportunities: 0 });
    expect(res.data.linkageStats.penetration).toContainEqual({ category: 'DEBIT_CARD', holders: 1, rate: 0.04 });
    expect(res.data.linkageStats.openOpportunities).toBeGreaterThan(0);
    const bad = await api.gql('{ linkageStats(corporateClientId: "x") { employees } }');
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['corporateClientId'] });
  });

  it('answers a repeated page from memory (the only SQL is its access check and its audit entry) until something changes', async () => {
    const query = `query($c: ID!) { employeeProspects(corporateClientId: $c, first: 3) { totalCount edges { node { bestScore } } } }`;
    const first = await api.gql(query, { c: clientId });
    const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query');
    try {
      const ACCESS_CHECK = 'SELECT branch_id, corporate_rm_id FROM corporate_clients WHERE id = $1';
      const sql = () => spy.mock.calls.map((c) => String(c[0])).filter((q) => !q.startsWith('INSERT INTO audit_events') && q !== ACCESS_CHECK && q !== HEALTH_PROBE);
      const again = await api.gql(query, { c: clientId });
      expect(again.data).toEqual(first.data);
      expect(sql()).toEqual([]);
      // The viewer's access is checked, and the view audited, even when the page comes from memory.
      expect(spy.mock.calls.map((c) => String(c[0]))).toContain(ACCESS_CHECK);
      expect(spy.mock.calls.filter((c) => String(c[0]).startsWith('INSERT INTO audit_events'))).toHaveLength(1);
      dataVersion.bump();
      await api.gql(query, { c: clientId });
      expect(sql().length).toBeGreaterThan(0);
    } finally {
      spy.mockRestore();
    }
  });

  it('serves a fresh page after a manager records an outcome (no stale cached list)', async () => {
    const first = await api.gql(`query($c: ID!) { employeeProspects(corporateClientId: $c, first: 1) { edges { node { person { id } opportunities { id score } } } } }`, { c: clientId });
    const top = first.data.employeeProspects.edges[0].node;
    const best = top.opportunities[0];
    const declined = await api.gql('mutation($i: RecordOutcomeInput!) { recordOutcome(input: $i) { status } }', {
      i: { opportunityId: best.id, outcome: 'DECLINED', idempotencyKey: `cache-${best.id}` },
    });
    expect(declined.data.recordOutcome.status).toBe('DECLINED');
    const again = await api.gql(`query($c: ID!) { employeeProspects(corporateClientId: $c, first: 100) { edges { node { person { id } opportunities { id } } } } }`, { c: clientId });
    const ids = again.data.employeeProspects.edges.flatMap((e: any) => e.node.opportunities.map((o: any) => o.id));
    expect(ids).not.toContain(best.id);
  });

  it('answers the right error codes', async () => {
    const tooMany = await api.gql(PAGE, { c: clientId, first: 101 });
    expect(tooMany.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['first'] });
    const badCursor = await api.gql(PAGE, { c: clientId, after: 'not-a-cursor' });
    expect(badCursor.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['after'] });
    const unknown = await api.gql(PAGE, { c: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });
});
