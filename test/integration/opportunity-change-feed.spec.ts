import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { encodeCursor } from '../../src/common/pagination/pagination';
import { OutcomesService } from '../../src/opportunities/outcomes.service';
import { RefresherService } from '../../src/refresh/refresher.service';
import { BankFactory } from '../factories/bank.factory';
import { createTestApp, type GqlClient, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

const PAGE = `query($a: String, $n: Int!) { opportunityChanges(after: $a, first: $n) { changes { cursor kind opportunityId status previousStatus productCode } pageInfo { endCursor hasNextPage } } }`;

/** The opportunityChanges feed: a durable total order that readers can resume, with no gap and no repeat. */
describe('opportunity change feed', () => {
  let db: TestDatabase;
  let api: TestApp;
  let ds: DataSource;
  let bank: BankFactory;
  let system: GqlClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await createTestApp(db.url, { WORKERS: '0' });
    ds = await db.dataSource();
    bank = new BankFactory(ds);
    system = await api.signIn('SYSTEM');
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  async function companyWithEmployees(n: number) {
    const company = await bank.corporateClient();
    for (let i = 0; i < n; i++) {
      const person = await bank.person({ marketingConsent: true });
      await bank.employment(person, company as never, { salaryPaidHere: true, startDate: '2021-01-01' });
    }
    return company;
  }
  /** Every change in the table, as the cursors the feed hands out, in the feed's order. */
  const allCursors = async (): Promise<string[]> =>
    (await ds.query(`SELECT xid::text AS xid, seq::text AS seq FROM opportunity_changes ORDER BY xid, seq`)).map((r: { xid: string; seq: string }) => encodeCursor([r.xid, r.seq]));
  async function read(client: GqlClient, after: string | null, n: number) {
    const res = await client.gql(PAGE, { a: after, n });
    expect(res.errors).toBeUndefined();
    return res.data.opportunityChanges as { changes: { cursor: string; kind: string; opportunityId: string; status: string; previousStatus: string | null }[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } };
  }

  /** Reads from `after` until `done` holds (the feed stops below transactions still running anywhere on the server). */
  async function readUntil(after: string | null, done: (changes: { kind: string; opportunityId: string }[]) => boolean) {
    for (let i = 0; ; i++) {
      const page = await read(system, after, 1000);
      if (done(page.changes) || i > 200) return page;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('records creation, rescoring, expiry and status changes with the outcome, and nothing for a refresh that changes nothing', async () => {
    const company = await companyWithEmployees(2);
    const start = (await read(system, null, 1000)).pageInfo.endCursor;
    await api.app.get(RefresherService).refresh(company.id);
    const [opportunity] = await ds.query(`SELECT id FROM opportunities WHERE via_corporate_client_id = $1 AND status = 'OPEN' ORDER BY id LIMIT 1`, [company.id]);
    await api.app.get(OutcomesService).record({ opportunityId: opportunity.id, outcome: 'CONTACTED', idempotencyKey: 'feed-1' });
    await ds.query(`UPDATE opportunities SET score = score + 1 WHERE via_corporate_client_id = $1 AND status = 'OPEN'`, [company.id]);
    const persons = (await ds.query(`SELECT person_id FROM employments WHERE corporate_client_id = $1`, [company.id])).map((r: { person_id: string }) => r.person_id);
    await ds.query(`UPDATE employments SET end_date = '2022-01-01' WHERE corporate_client_id = $1`, [company.id]);
    await api.app.get(RefresherService).refreshPersons(persons);
    const all = ['CREATED', 'EXPIRED', 'RESCORED', 'STATUS_CHANGED'];
    const { changes, pageInfo } = await readUntil(start, (c) => all.every((k) => c.some((x) => x.kind === k)));
    expect([...new Set(changes.map((c) => c.kind))].sort()).toEqual(all);
    expect(changes.find((c) => c.kind === 'STATUS_CHANGED')).toMatchObject({ opportunityId: opportunity.id, status: 'CONTACTED', previousStatus: 'OPEN' });
    expect(changes.find((c) => c.kind === 'EXPIRED')).toMatchObject({ status: 'EXPIRED', previousStatus: 'OPEN' });
    // A refresh that changes nothing adds nothing: the next change read is the sentinel written after it.
    await api.app.get(RefresherService).refresh(company.id);
    await ds.query(`UPDATE opportunities SET score = score + 1 WHERE id = $1`, [opportunity.id]);
    const next = await readUntil(pageInfo.endCursor, (c) => c.length > 0);
    expect(next.changes).toEqual([expect.objectContaining({ kind: 'RESCORED', opportunityId: opportunity.id })]);
  });

  it('never hands out a change that commits after a later-numbered one was read: it waits for the earlier transaction', async () => {
    const company = await companyWithEmployees(2);
    await api.app.get(RefresherService).refresh(company.id);
    const [one, two] = await ds.query(`SELECT id FROM opportunities WHERE via_corporate_client_id = $1 AND status = 'OPEN' ORDER BY id LIMIT 2`, [company.id]);
    const start = (await read(system, null, 1000)).pageInfo.endCursor;
    const early = new Client({ connectionString: db.url });
    const late = new Client({ connectionString: db.url });
    await early.connect();
    await late.connect();
    try {
      await early.query('BEGIN');
      await early.query(`UPDATE opportunities SET score = score + 5 WHERE id = $1`, [one.id]); // the smaller transaction id
      await late.query('BEGIN');
      await late.query(`UPDATE opportunities SET score = score + 5 WHERE id = $1`, [two.id]);
      await late.query('COMMIT'); // the larger one commits first
      // On a shared server, other databases' transactions can hold the horizon back, so earlier
      // changes (the refresh's creations) may still arrive here: only the two updates are followed.
      const rescored = (changes: { kind: string; opportunityId: string }[]) => changes.filter((c) => c.kind === 'RESCORED');
      const meanwhile = await read(system, start, 1000);
      expect(rescored(meanwhile.changes).map((c) => c.opportunityId)).not.toContain(two.id);
      await early.query('COMMIT');
      let after: { kind: string; opportunityId: string }[] = [];
      for (let i = 0; i < 200 && after.length < 2; i++) {
        after = rescored((await read(system, meanwhile.pageInfo.endCursor, 1000)).changes);
        if (after.length < 2) await new Promise((r) => setTimeout(r, 50));
      }
      expect(after.map((c) => c.opportunityId)).toEqual([one.id, two.id]);
    } finally {
      await early.end();
      await late.end();
    }
  });

  it('reads every change exactly once while refreshes and outcomes run concurrently, across a restart from a saved cursor', async () => {
    const companies = await Promise.all(Array.from({ length: 4 }, () => companyWithEmployees(4)));
    const refresher = api.app.get(RefresherService);
    const outcomes = api.app.get(OutcomesService);
    const before = (await read(system, null, 1000)).pageInfo.endCursor;
    let writing = true;
    const writers = (async () => {
      for (let round = 0; round < 3; round++) {
        await Promise.all(companies.map((c) => refresher.refresh(c.id)));
        const open: { id: string }[] = await ds.query(`SELECT id FROM opportunities WHERE status = 'OPEN' AND via_corporate_client_id = ANY($1::uuid[]) ORDER BY random() LIMIT 6`, [companies.map((c) => c.id)]);
        await Promise.all([
          ...open.map((o, i) => outcomes.record({ opportunityId: o.id, outcome: i % 2 ? 'DECLINED' : 'CONTACTED', idempotencyKey: `feed-${round}-${o.id}` })),
          ds.query(`UPDATE persons SET monthly_income = monthly_income + 1000 WHERE id IN (SELECT person_id FROM employments WHERE corporate_client_id = $1)`, [companies[round].id]),
          ds.query(`UPDATE employments SET end_date = '2022-01-01' WHERE id IN (SELECT id FROM employments WHERE corporate_client_id = $1 LIMIT 1)`, [companies[3 - round].id]),
        ]);
      }
      await Promise.all(companies.map((c) => refresher.refresh(c.id)));
      writing = false;
    })();
    const seen: string[] = [];
    let reader = system;
    let cursor = before;
    let restarted = false;
    while (writing || (await allCursorsAfter(before)).length > seen.length) {
      const page = await read(reader, cursor, 7);
      seen.push(...page.changes.map((c) => c.cursor));
      cursor = page.pageInfo.endCursor;
      if (!restarted && seen.length > 20) {
        // A restart: a new client that knows only the saved cursor.
        reader = await api.signIn('SYSTEM');
        restarted = true;
      }
      if (page.changes.length === 0) await new Promise((r) => setTimeout(r, 20));
    }
    await writers;
    expect(restarted).toBe(true);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(await allCursorsAfter(before));
    expect(seen.length).toBeGreaterThan(40);
  });

  async function allCursorsAfter(cursor: string | null): Promise<string[]> {
    const all = await allCursors();
    return cursor === null ? all : all.slice(all.indexOf(cursor) + 1);
  }

  it('refuses a cursor it did not hand out', async () => {
    const res = await system.gql(PAGE, { a: 'not-a-cursor', n: 5 });
    expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});
