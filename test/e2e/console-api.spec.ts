/** What the console needs from the service: its page at /, the development sign-in (never in production), and myClients. */
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import { DemoBankGenerator } from '../../src/demo/demo-bank.generator';
import { loadDemoBank } from '../../src/demo/demo-bank.loader';
import { RefresherService } from '../../src/refresh/refresher.service';
import { createTestApp, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

const MY_CLIENTS = `query($after: String, $first: Int!) { myClients(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { employees payrollEmployees cardMatchingRate openOpportunities client { id name } } } } }`;

describe('console API', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let api: TestApp;
  let production: TestApp;

  beforeAll(async () => {
    execFileSync(process.execPath, [join(resolve(__dirname, '..', '..'), 'src', 'console', 'build-console.js')], { stdio: 'inherit' });
    db = await createTestDatabase();
    ds = await db.dataSource();
    await loadDemoBank(ds, new DemoBankGenerator({ corporates: 6, employees: 300, largestClientEmployees: 100, asOf: '2026-11-23', seed: 5 }), 300);
    api = await createTestApp(db.url);
    await api.app.get(RefresherService).refresh(undefined, '2026-11-23');
    production = await createTestApp(db.url, { NODE_ENV: 'production' });
  });
  afterAll(async () => {
    await api?.close();
    await production?.close();
    await db?.drop();
  });

  it('serves the console page at / without a token, in production too', async () => {
    for (const app of [api, production]) {
      const res = await app.http().get('/');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.text).toMatch(/<div id="root"><\/div>/);
      // Every asset is local: no script or stylesheet from another host.
      expect(res.text).not.toMatch(/(src|href)="(https?:)?\/\//);
    }
  });

  it('outside production lists the demo managers by role and signs one in with a working token', async () => {
    const list = await api.http().get('/console/dev/managers');
    expect(list.status).toBe(200);
    const roles = new Set(list.body.managers.map((m: { role: string }) => m.role));
    expect(roles).toEqual(new Set(['ADMIN', 'BRANCH_MANAGER', 'CORPORATE_RM', 'RETAIL_RM', 'RULE_ADMIN', 'SYSTEM']));
    const crm = list.body.managers.find((m: { role: string }) => m.role === 'CORPORATE_RM');
    const signIn = await api.http().post('/console/dev/sign-in').send({ externalId: crm.externalId });
    expect(signIn.status).toBe(200);
    const me = await api.gqlWithToken(signIn.body.token, '{ me { externalId role } }');
    expect(me.data.me).toEqual({ externalId: crm.externalId, role: 'CORPORATE_RM' });
    expect((await api.http().post('/console/dev/sign-in').send({ externalId: 'NOBODY-1' })).status).toBe(404);
    expect((await api.http().post('/console/dev/sign-in').send({})).status).toBe(404);
  });

  it('in production has no development sign-in at all', async () => {
    expect((await production.http().get('/console/dev/managers')).status).toBe(404);
    const [{ external_id }] = await ds.query(`SELECT external_id FROM managers WHERE role = 'CORPORATE_RM' LIMIT 1`);
    const res = await production.http().post('/console/dev/sign-in').send({ externalId: external_id });
    expect(res.status).toBe(404);
    expect(res.body.token).toBeUndefined();
  });

  it("myClients: a corporate RM's own clients by name, every one once across pages, with the linkage figures", async () => {
    const [rm] = await ds.query(
      `SELECT m.id, m.external_id AS "externalId" FROM managers m JOIN corporate_clients c ON c.corporate_rm_id = m.id GROUP BY m.id ORDER BY count(*) DESC LIMIT 1`,
    );
    const client = api.signInAs({ id: rm.id, externalId: rm.externalId, role: 'CORPORATE_RM' });
    const own: { id: string; name: string }[] = await ds.query(`SELECT id, name FROM corporate_clients WHERE corporate_rm_id = $1 ORDER BY name, id`, [rm.id]);
    const seen: any[] = [];
    let after: string | undefined;
    do {
      const res = await client.gql(MY_CLIENTS, { first: 1, after });
      expect(res.errors).toBeUndefined();
      expect(res.data.myClients.totalCount).toBe(own.length);
      seen.push(...res.data.myClients.edges.map((e: any) => e.node));
      after = res.data.myClients.pageInfo.hasNextPage ? res.data.myClients.pageInfo.endCursor : undefined;
    } while (after);
    expect(seen.map((n) => n.client.id)).toEqual(own.map((c) => c.id));
    const stats = await client.gql(`query($c: ID!) { linkageStats(corporateClientId: $c) { employees payrollEmployees cardMatchingRate openOpportunities } }`, { c: own[0]!.id });
    const { client: _, ...figures } = seen[0];
    expect(figures).toEqual(stats.data.linkageStats);
  });

  it("myClients: a branch manager sees their branch's clients; other roles are refused", async () => {
    const [bm] = await ds.query(`SELECT id, external_id AS "externalId", branch_id FROM managers WHERE role = 'BRANCH_MANAGER' ORDER BY external_id LIMIT 1`);
    const manager = api.signInAs({ id: bm.id, externalId: bm.externalId, role: 'BRANCH_MANAGER' });
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM corporate_clients WHERE branch_id = $1`, [bm.branch_id]);
    const res = await manager.gql(MY_CLIENTS, { first: 100 });
    expect(res.data.myClients.totalCount).toBe(n);
    expect(res.data.myClients.edges).toHaveLength(n);
    const retail = await api.signIn('RETAIL_RM');
    expect((await retail.gql(MY_CLIENTS, { first: 5 })).errors?.[0].extensions.code).toBe('FORBIDDEN');
  });
});
