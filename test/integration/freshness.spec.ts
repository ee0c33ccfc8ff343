/**
 * Issue 12's acceptance: reads only read, and every kind of change reaches the affected
 * opportunities through the refresh queue. The API instance here has no workers (WORKERS=0), so a
 * read between a change and its job shows the old decision with pendingChanges > 0; a second
 * instance with a worker then runs the queue.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { CsvImportService } from '../../src/ingestion/csv-import.service';
import { RefresherService } from '../../src/refresh/refresher.service';
import { BankFactory } from '../factories/bank.factory';
import { settleRefresh } from '../setup/refresh-queue';
import { createTestApp, type GqlClient, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

describe('freshness: changes reach opportunities through the queue; reads only read', () => {
  let db: TestDatabase;
  let api: TestApp;
  let ds: DataSource;
  let bank: BankFactory;
  let system: GqlClient;
  let rulesDir: string;

  beforeAll(async () => {
    rulesDir = mkdtempSync(join(tmpdir(), 'cross-sell-fresh-rules-'));
    cpSync(join(__dirname, '..', '..', 'rules'), rulesDir, { recursive: true });
    db = await createTestDatabase();
    ds = await db.dataSource();
    bank = new BankFactory(ds);
    api = await createTestApp(db.url, { WORKERS: '0', RULES_DIR: rulesDir });
    system = await api.signIn('SYSTEM');
    // Every write to opportunities, statement by statement, whatever its path.
    await ds.query(`CREATE TABLE test_opportunity_writes (op text NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())`);
    await ds.query(`CREATE FUNCTION test_record_opportunity_write() RETURNS trigger LANGUAGE plpgsql AS $$
                      BEGIN INSERT INTO test_opportunity_writes (op) VALUES (TG_OP); RETURN NULL; END $$`);
    await ds.query(`CREATE TRIGGER test_opportunity_writes AFTER INSERT OR UPDATE OR DELETE ON opportunities
                      FOR EACH STATEMENT EXECUTE FUNCTION test_record_opportunity_write()`);
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
    rmSync(rulesDir, { recursive: true, force: true });
  });

  /** A second instance with one worker runs every queued job, then stops. */
  async function runQueue(): Promise<void> {
    const worker = await createTestApp(db.url, { RULES_DIR: rulesDir });
    try {
      await settleRefresh(worker.app);
    } finally {
      await worker.close();
    }
  }

  /** A retail company with a corporate RM, a payroll employee (debit card offer) and an owner banking with us (POS offer). */
  async function company() {
    const branch = await bank.branch();
    const rm = await bank.manager({ branchId: branch.id, role: 'CORPORATE_RM' });
    const client = await bank.corporateClient({ branchId: branch.id, corporateRmId: rm.id, industry: 'RETAIL', sizeBand: 'SMALL', posTerminalCount: 0 });
    const employee = await bank.person({ marketingConsent: true, branchId: branch.id });
    const employment = await bank.employment(employee, client, { salaryPaidHere: true, startDate: '2021-01-01' });
    const owner = await bank.person({ marketingConsent: true, branchId: branch.id, birthDate: '1975-03-03' });
    await bank.employment(owner, client, { role: 'OWNER', title: 'Owner', startDate: '2015-01-01' });
    await bank.holding({ personId: owner.id }, 'TERM_DEPOSIT');
    await api.app.get(RefresherService).refresh(client.id);
    return { branch, rm, client, employee, employment, owner, branchExternalId: branch.externalId };
  }

  const list = async (partyId: string) => {
    const res = await system.gql('query($p: ID!) { opportunities(partyId: $p) { freshAsOf pendingChanges items { status score product { code } } } }', { p: partyId });
    expect(res.errors).toBeUndefined();
    return res.data.opportunities as { freshAsOf: string | null; pendingChanges: number; items: { status: string; score: number; product: { code: string } }[] };
  };
  const codes = (l: { items: { product: { code: string } }[] }) => l.items.map((o) => o.product.code);
  const upsert = (mutation: string, input: Record<string, unknown>) =>
    system.gql(`mutation($i: ${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input!) { ${mutation}(input: $i) { id } }`, { i: input });

  it('issues no INSERT, UPDATE or DELETE on opportunities for any read, though changes are pending', async () => {
    const { client, employee, owner, branch, rm } = await company();
    // Pending changes that a read used to recompute first.
    expect((await upsert('upsertHolding', { externalId: `H-R-${employee.id}`, productCode: 'TERM_DEPOSIT', personExternalId: employee.externalId, openedAt: '2024-01-01' })).errors).toBeUndefined();
    expect((await upsert('upsertHolding', { externalId: `H-R-${owner.id}`, productCode: 'CREDIT_CARD_GOLD', personExternalId: owner.externalId, openedAt: '2024-01-01' })).errors).toBeUndefined();
    await ds.query('TRUNCATE test_opportunity_writes');
    const crm = api.signInAs(rm);
    const manager = await api.signIn('BRANCH_MANAGER', { branchId: branch.id });
    const reads: [GqlClient, string, Record<string, unknown>][] = [
      [crm, 'query($c: ID!) { employeeProspects(corporateClientId: $c) { totalCount pendingChanges freshAsOf edges { node { opportunities { id } } } } }', { c: client.id }],
      [manager, '{ executiveLeads { totalCount pendingChanges edges { node { opportunities { id } } } } }', {}],
      [manager, '{ corporateLeads { totalCount pendingChanges edges { node { opportunities { id } } } } }', {}],
      [crm, 'query($c: ID!) { linkageStats(corporateClientId: $c) { openOpportunities } }', { c: client.id }],
      [system, 'query($p: ID!) { opportunities(partyId: $p) { pendingChanges items { id } } }', { p: employee.id }],
      [system, 'query($p: ID!) { opportunities(partyId: $p) { pendingChanges items { id } } }', { p: client.id }],
      [system, 'query($p: ID!) { whyNot(partyId: $p, productCode: "DEBIT_CARD_STD") { stage } }', { p: employee.id }],
    ];
    for (const [viewer, query, variables] of reads) {
      const res = await viewer.gql(query, variables);
      expect(res.errors).toBeUndefined();
    }
    const prospects = await crm.gql('query($c: ID!) { employeeProspects(corporateClientId: $c) { pendingChanges } }', { c: client.id });
    expect(prospects.data.employeeProspects.pendingChanges).toBeGreaterThan(0);
    expect(await ds.query('SELECT op FROM test_opportunity_writes')).toEqual([]);
  });

  it('a person change: the old decision with pendingChanges until the job, then the new one', async () => {
    const { employee, client, rm } = await company();
    expect(codes(await list(employee.id))).toContain('DEBIT_CARD_STD');
    const res = await upsert('upsertPerson', { externalId: employee.externalId, fullName: employee.fullName, birthDate: employee.birthDate, doNotContact: true });
    expect(res.errors).toBeUndefined();
    const before = await list(employee.id);
    expect(codes(before)).toContain('DEBIT_CARD_STD');
    expect(before.pendingChanges).toBeGreaterThan(0);
    const crm = api.signInAs(rm);
    const prospects = async () => (await crm.gql('query($c: ID!) { employeeProspects(corporateClientId: $c) { totalCount pendingChanges } }', { c: client.id })).data.employeeProspects;
    expect(await prospects()).toMatchObject({ totalCount: 1, pendingChanges: 1 });
    await runQueue();
    const after = await list(employee.id);
    expect(after).toMatchObject({ items: [], pendingChanges: 0 });
    expect(new Date(after.freshAsOf!).getTime()).toBeGreaterThan(new Date(before.freshAsOf!).getTime());
    expect(await prospects()).toMatchObject({ totalCount: 0, pendingChanges: 0 });
  });

  it('a company change: the corporate lead follows the company facts after its job', async () => {
    const { client, branchExternalId } = await company();
    expect(codes(await list(client.id))).toContain('POS_TERMINAL');
    const res = await upsert('upsertCorporateClient', {
      externalId: client.externalId, name: client.name, industry: client.industry, sizeBand: client.sizeBand, branchExternalId, relationshipSince: client.relationshipSince, posTerminalCount: 2,
    });
    expect(res.errors).toBeUndefined();
    const before = await list(client.id);
    expect(codes(before)).toContain('POS_TERMINAL');
    expect(before.pendingChanges).toBeGreaterThan(0);
    await runQueue();
    const after = await list(client.id);
    expect(codes(after)).not.toContain('POS_TERMINAL');
    expect(after.pendingChanges).toBe(0);
  });

  it("a company's holding: the held product is no longer offered after the job", async () => {
    const { client } = await company();
    expect((await upsert('upsertHolding', { externalId: `H-POS-${client.id}`, productCode: 'POS_TERMINAL', corporateClientExternalId: client.externalId, openedAt: '2026-01-05' })).errors).toBeUndefined();
    const before = await list(client.id);
    expect(codes(before)).toContain('POS_TERMINAL');
    expect(before.pendingChanges).toBeGreaterThan(0);
    await runQueue();
    expect(await list(client.id)).toMatchObject({ pendingChanges: 0 });
    expect(codes(await list(client.id))).not.toContain('POS_TERMINAL');
  });

  it("an employment end: the person's leads through that company expire after the job", async () => {
    const { employee, employment, client } = await company();
    const res = await upsert('upsertEmployment', {
      externalId: employment.externalId, personExternalId: employee.externalId, corporateClientExternalId: client.externalId, role: 'EMPLOYEE', startDate: '2021-01-01', endDate: '2025-06-30',
    });
    expect(res.errors).toBeUndefined();
    const before = await list(employee.id);
    expect(codes(before)).toContain('DEBIT_CARD_STD');
    expect(before.pendingChanges).toBeGreaterThan(0);
    await runQueue();
    expect(await list(employee.id)).toMatchObject({ items: [], pendingChanges: 0 });
    const [{ expired }] = await ds.query(`SELECT count(*)::int AS expired FROM opportunities WHERE party_id = $1 AND status = 'EXPIRED'`, [employee.id]);
    expect(expired).toBeGreaterThan(0);
  });

  it('a CSV import: the imported change reaches the opportunities after the job', async () => {
    const { employee } = await company();
    const dir = mkdtempSync(join(tmpdir(), 'cross-sell-fresh-csv-'));
    try {
      writeFileSync(join(dir, 'persons.csv'), `externalId,fullName,birthDate,doNotContact\n${employee.externalId},${employee.fullName},${employee.birthDate},true\n`);
      const summary = await api.app.get(CsvImportService).importDirectory(dir);
      expect(summary.files[0]).toMatchObject({ updated: 1, rejected: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const before = await list(employee.id);
    expect(codes(before)).toContain('DEBIT_CARD_STD');
    expect(before.pendingChanges).toBeGreaterThan(0);
    await runQueue();
    expect(await list(employee.id)).toMatchObject({ items: [], pendingChanges: 0 });
  });

  it('a rule set change: a full refresh is queued once, and the next read after it shows the new scores', async () => {
    const { employee } = await company();
    const score = (l: Awaited<ReturnType<typeof list>>) => l.items.find((o) => o.product.code === 'DEBIT_CARD_STD')!.score;
    const old = score(await list(employee.id));
    const file = join(rulesDir, 'cards.json');
    const rules = JSON.parse(readFileSync(file, 'utf8'));
    rules.rules.find((r: { id: string }) => r.id === 'payroll-debit-card').propensity = 0.5;
    writeFileSync(file, JSON.stringify(rules, null, 2));
    const admin = await api.signIn('RULE_ADMIN');
    const reloaded = await admin.gql('mutation { reloadRules { applied } }');
    expect(reloaded.data.reloadRules.applied).toBe(true);
    const [{ jobs }] = await ds.query(`SELECT count(*)::int AS jobs FROM pgboss.job WHERE name = 'refresh-full' AND state = 'created'`);
    expect(jobs).toBe(1);
    const before = await list(employee.id);
    expect(score(before)).toBe(old);
    expect(before.pendingChanges).toBeGreaterThan(0);
    await runQueue();
    const after = await list(employee.id);
    expect(after.pendingChanges).toBe(0);
    expect(score(after)).toBeCloseTo((old * 0.5) / 0.35, 2);
  });
});
