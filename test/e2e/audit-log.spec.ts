import { OpportunitiesService } from '../../src/opportunities/opportunities.service';
import { RefresherService } from '../../src/refresh/refresher.service';
import { BankFactory } from '../factories/bank.factory';
import { createTestApp, type GqlClient, type TestApp } from '../setup/test-app';
import { expectRelayPageInfo } from '../setup/relay-page';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

const PROSPECTS = 'query($c: ID!, $f: Int) { employeeProspects(corporateClientId: $c, first: $f) { edges { node { person { id } opportunities { id } } } } }';
const LOG = `query($f: AuditLogFilter, $first: Int, $after: String) { auditLog(filter: $f, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  edges { cursor node { id occurredAt managerExternalId role action operation scope personCount details } } } }`;

describe('audit log', () => {
  let db: TestDatabase;
  let api: TestApp;
  let rm: GqlClient;
  let admin: GqlClient;
  let clientId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const bank = new BankFactory(await db.dataSource());
    api = await createTestApp(db.url);
    const branch = await bank.branch();
    const manager = await bank.manager({ branchId: branch.id, role: 'CORPORATE_RM' });
    rm = api.signInAs(manager);
    admin = await api.signIn('ADMIN');
    const client = await bank.corporateClient({ branchId: branch.id, corporateRmId: manager.id });
    clientId = client.id;
    for (let i = 0; i < 4; i++) await bank.employment(await bank.person(), client, { salaryPaidHere: true, monthlySalary: '3500.00' });
    await api.app.get(RefresherService).refresh();
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const trail = async (filter: Record<string, unknown> = {}, first = 100) => {
    const res = await admin.gql(LOG, { f: filter, first });
    expect(res.errors).toBeUndefined();
    return res.data.auditLog;
  };

  it('records every lead-list view with who, which query, which scope and how many persons, cached views included', async () => {
    const before = (await trail({ managerExternalId: rm.externalId, action: 'LEAD_LIST_VIEWED' })).totalCount;
    const first = await rm.gql(PROSPECTS, { c: clientId, f: 3 });
    expect(first.data.employeeProspects.edges).toHaveLength(3);
    await rm.gql(PROSPECTS, { c: clientId, f: 3 }); // served from the response cache
    await rm.gql(PROSPECTS, { c: clientId, f: 3 }); // and again
    const log = await trail({ managerExternalId: rm.externalId, action: 'LEAD_LIST_VIEWED' });
    expect(log.totalCount).toBe(before + 3);
    for (const { node } of log.edges.slice(0, 3)) {
      expect(node).toMatchObject({ managerExternalId: rm.externalId, role: 'CORPORATE_RM', operation: 'employeeProspects', personCount: 3, scope: { corporateClientId: clientId, first: 3 } });
      expect(Date.now() - Date.parse(node.occurredAt)).toBeLessThan(60_000);
    }
  });

  it('records outcomes (once per idempotency key) and rule reloads', async () => {
    const page = await rm.gql(PROSPECTS, { c: clientId, f: 1 });
    const opportunityId = page.data.employeeProspects.edges[0].node.opportunities[0].id;
    const record = () => rm.gql('mutation($i: RecordOutcomeInput!) { recordOutcome(input: $i) { status } }', { i: { opportunityId, outcome: 'CONTACTED', idempotencyKey: 'audit-outcome-1' } });
    expect((await record()).errors).toBeUndefined();
    expect((await record()).errors).toBeUndefined();
    const outcomes = await trail({ action: 'OUTCOME_RECORDED' });
    expect(outcomes.totalCount).toBe(1);
    expect(outcomes.edges[0].node).toMatchObject({ managerExternalId: rm.externalId, operation: 'recordOutcome', details: { opportunityId, outcome: 'CONTACTED', status: 'CONTACTED' } });
    // The outcome itself is the token's manager's, not whatever a request might claim.
    const [outcome] = await (await db.dataSource()).query('SELECT manager_id FROM opportunity_outcomes WHERE idempotency_key = $1', ['audit-outcome-1']);
    expect(outcome.manager_id).toBe(rm.managerId);

    const ruleAdmin = await api.signIn('RULE_ADMIN');
    expect((await ruleAdmin.gql('mutation { reloadRules { applied } }')).errors).toBeUndefined();
    const reloads = await trail({ action: 'RULES_RELOADED' });
    expect(reloads.edges[0].node).toMatchObject({ managerExternalId: ruleAdmin.externalId, role: 'RULE_ADMIN', operation: 'reloadRules', details: { applied: true } });
  });

  it('pages newest first, every event once, and filters by time', async () => {
    const all = await trail();
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const res = (await admin.gql(LOG, { first: 2, after })).data.auditLog;
      expectRelayPageInfo(res, after);
      seen.push(...res.edges.map((e: any) => e.node.id));
      if (!res.pageInfo.hasNextPage) break;
      after = res.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.edges.map((e: any) => e.node.id));
    expect(seen.map(Number)).toEqual([...seen.map(Number)].sort((a, b) => b - a));
    expect((await trail({ from: '2999-01-01' })).totalCount).toBe(0);
    const bad = await admin.gql(LOG, { f: { from: 'yesterday' } });
    expect(bad.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('shows nothing when the view cannot be audited', async () => {
    const ds = await db.dataSource();
    await ds.query('ALTER TABLE audit_events RENAME TO audit_events_away');
    try {
      const res = await rm.gql(PROSPECTS, { c: clientId, f: 4 });
      expect(res.data).toBeNull();
      expect(res.errors?.[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
      const cached = await rm.gql(PROSPECTS, { c: clientId, f: 3 });
      expect(cached.data).toBeNull();
    } finally {
      await ds.query('ALTER TABLE audit_events_away RENAME TO audit_events');
    }
    expect((await rm.gql(PROSPECTS, { c: clientId, f: 4 })).errors).toBeUndefined();
  });

  it('records an outcome and its audit row together: when the audit insert fails, nothing is recorded, and the retry records both', async () => {
    const ds = await db.dataSource();
    const page = await rm.gql(PROSPECTS, { c: clientId, f: 4 });
    const opportunityId = page.data.employeeProspects.edges[3].node.opportunities[0].id;
    const [{ status }] = await ds.query('SELECT status FROM opportunities WHERE id = $1', [opportunityId]);
    const record = () => rm.gql('mutation($i: RecordOutcomeInput!) { recordOutcome(input: $i) { status replayed } }', { i: { opportunityId, outcome: 'ACCEPTED', idempotencyKey: 'audit-atomic-1' } });
    await ds.query(`CREATE FUNCTION test_refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit refused'; END $$`);
    await ds.query(`CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_events FOR EACH ROW WHEN (NEW.action = 'OUTCOME_RECORDED') EXECUTE FUNCTION test_refuse_audit()`);
    try {
      const refused = await record();
      expect(refused.errors?.[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
      expect(await ds.query('SELECT id FROM opportunity_outcomes WHERE idempotency_key = $1', ['audit-atomic-1'])).toEqual([]);
      expect((await ds.query('SELECT status FROM opportunities WHERE id = $1', [opportunityId]))[0].status).toBe(status);
    } finally {
      await ds.query('DROP TRIGGER test_refuse_audit ON audit_events');
    }
    const retried = await record();
    expect(retried.data.recordOutcome).toEqual({ status: 'ACCEPTED', replayed: false });
    const audited = await trail({ action: 'OUTCOME_RECORDED' });
    expect(audited.edges.map((e: any) => e.node.details.opportunityId)).toContain(opportunityId);
  });
});
