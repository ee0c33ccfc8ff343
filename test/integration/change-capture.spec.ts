import type { DataSource } from 'typeorm';
import { OpportunitiesService } from '../../src/opportunities/opportunities.service';
import { RefresherService } from '../../src/refresh/refresher.service';
import { settleRefresh } from '../setup/refresh-queue';
import { BankFactory } from '../factories/bank.factory';
import { createTestApp, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

/** Every write path records what it made stale, in its own transaction, with a change number. */
describe('change capture', () => {
  let db: TestDatabase;
  let api: TestApp;
  let ds: DataSource;
  let bank: BankFactory;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await db.dataSource();
    bank = new BankFactory(ds);
    // A read-only API instance: marks and jobs stay where the writes left them.
    api = await createTestApp(db.url, { WORKERS: '0' });
    api.actAs(await api.signIn('SYSTEM'));
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const mark = async (table: 'persons' | 'corporate_clients', id: string) =>
    (await ds.query(`SELECT refresh_change, refresh_change_at, decided_at, updated_at FROM ${table} WHERE id = $1`, [id]))[0];
  const upsertHolding = (input: Record<string, unknown>) =>
    api.gql('mutation($i: UpsertHoldingInput!) { upsertHolding(input: $i) { id } }', { i: { openedAt: '2024-01-01', ...input } });
  const upsertPerson = (input: Record<string, unknown>) => api.gql('mutation($i: UpsertPersonInput!) { upsertPerson(input: $i) { id } }', { i: input });

  async function payrollEmployee() {
    const client = await bank.corporateClient();
    const person = await bank.person({ marketingConsent: true });
    await bank.employment(person, client, { salaryPaidHere: true, startDate: '2021-01-01' });
    return { client, person };
  }

  it("clears a person's stale mark once the queue's job decided them again, so nothing is rewritten after", async () => {
    const { client, person } = await payrollEmployee();
    await api.app.get(RefresherService).refresh(client.id);
    // A holding arrives through the API: the person is marked, and their job queued, in the same transaction.
    const res = await upsertHolding({ externalId: `H-${person.id}`, productCode: 'TERM_DEPOSIT', personExternalId: person.externalId, balance: '1000.00' });
    expect(res.errors).toBeUndefined();
    expect((await mark('persons', person.id)).refresh_change).not.toBeNull();
    // A second instance with a worker runs the queued job.
    const worker = await createTestApp(db.url);
    try {
      await settleRefresh(worker.app);
    } finally {
      await worker.close();
    }
    // The mark (set with a change number by the database) is cleared by the job that decided the person.
    expect((await mark('persons', person.id)).refresh_change).toBeNull();
    expect((await mark('persons', person.id)).decided_at).not.toBeNull();
    const rows = () => ds.query('SELECT id, row_version, updated_at FROM opportunities WHERE party_id = $1 ORDER BY id', [person.id]);
    const before = await rows();
    expect(before.length).toBeGreaterThan(0);
    // Reads and another refresh of the unchanged person rewrite nothing.
    await api.app.get(OpportunitiesService).listForParty(person.id);
    await api.app.get(RefresherService).refreshPersons([person.id]);
    expect(await rows()).toEqual(before);
  });

  it('marks nothing for an upsert that changes nothing', async () => {
    const input = { externalId: `P-same-${Date.now()}`, fullName: 'Sam Same', birthDate: '1980-02-02', aum: '1000.00', marketingConsent: true };
    const first = await upsertPerson(input);
    const id = first.data.upsertPerson.id;
    expect((await mark('persons', id)).refresh_change).not.toBeNull();
    await ds.query('UPDATE persons SET refresh_change = NULL, refresh_change_at = NULL WHERE id = $1', [id]);
    const before = await mark('persons', id);
    // The same values again (1000 written as 1000.0 is the same amount): nothing is written or marked.
    expect((await upsertPerson({ ...input, aum: '1000.0' })).errors).toBeUndefined();
    expect(await mark('persons', id)).toEqual(before);
    // A real change is marked.
    await upsertPerson({ ...input, aum: '2000.00' });
    expect((await mark('persons', id)).refresh_change).not.toBeNull();
  });

  it("marks the company on a company change and on a company's holding, with increasing change numbers", async () => {
    const client = await bank.corporateClient({ posTerminalCount: 0 });
    const branch = (await ds.query('SELECT external_id FROM branches WHERE id = $1', [client.branchId]))[0].external_id;
    expect((await mark('corporate_clients', client.id)).refresh_change).toBeNull();
    const changed = await api.gql('mutation($i: UpsertCorporateClientInput!) { upsertCorporateClient(input: $i) { id } }', {
      i: { externalId: client.externalId, name: client.name, industry: client.industry, sizeBand: client.sizeBand, branchExternalId: branch, relationshipSince: client.relationshipSince, posTerminalCount: 2 },
    });
    expect(changed.errors).toBeUndefined();
    const first = (await mark('corporate_clients', client.id)).refresh_change;
    expect(first).not.toBeNull();
    await upsertHolding({ externalId: `H-${client.id}`, productCode: 'POS_TERMINAL', corporateClientExternalId: client.externalId });
    const second = await mark('corporate_clients', client.id);
    expect(BigInt(second.refresh_change)).toBeGreaterThan(BigInt(first));
  });

  it('marks the person on an employment start and end', async () => {
    const client = await bank.corporateClient();
    const person = await bank.person();
    const employment = { externalId: `E-${person.id}`, personExternalId: person.externalId, corporateClientExternalId: client.externalId, role: 'OWNER', startDate: '2020-01-01' };
    const upsert = (i: Record<string, unknown>) => api.gql('mutation($i: UpsertEmploymentInput!) { upsertEmployment(input: $i) { id } }', { i });
    expect((await upsert(employment)).errors).toBeUndefined();
    const started = (await mark('persons', person.id)).refresh_change;
    expect(started).not.toBeNull();
    expect((await upsert({ ...employment, endDate: '2024-06-30' })).errors).toBeUndefined();
    expect(BigInt((await mark('persons', person.id)).refresh_change)).toBeGreaterThan(BigInt(started));
  });

  it('records nothing when the write itself is refused', async () => {
    const person = await bank.person();
    const other = await bank.person();
    await upsertHolding({ externalId: `H-owned-${person.id}`, productCode: 'TERM_DEPOSIT', personExternalId: person.externalId });
    await ds.query('UPDATE persons SET refresh_change = NULL, refresh_change_at = NULL WHERE id = ANY($1::uuid[])', [[person.id, other.id]]);
    const moved = await upsertHolding({ externalId: `H-owned-${person.id}`, productCode: 'TERM_DEPOSIT', personExternalId: other.externalId });
    expect(moved.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect((await mark('persons', person.id)).refresh_change).toBeNull();
    expect((await mark('persons', other.id)).refresh_change).toBeNull();
  });
});
