import { settleRefresh } from '../setup/refresh-queue';
import { DemoBankGenerator } from '../../src/demo/demo-bank.generator';
import { loadDemoBank } from '../../src/demo/demo-bank.loader';
import { OpportunitiesService } from '../../src/opportunities/opportunities.service';
import { RefresherService } from '../../src/refresh/refresher.service';
import { createTestApp, type GqlClient, type TestApp } from '../setup/test-app';
import { expectRelayPageInfo } from '../setup/relay-page';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

const EXEC = `query($first: Int, $after: String, $c: ID, $b: ID, $rm: ID, $filter: LeadFilter) {
  executiveLeads(first: $first, after: $after, corporateClientId: $c, branchId: $b, retailRmId: $rm, filter: $filter) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { bestScore person { id fullName role segment aumBand company { id name } }
                   opportunities { score linkage product { code category audience } reasons { text } } } } } }`;
const CORP = `query($first: Int, $after: String, $b: ID) {
  corporateLeads(first: $first, after: $after, branchId: $b) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { bestScore company { id name industry branch { id } } linkedThrough { id fullName role }
                   opportunities { score linkage viaPersonId product { code audience } } } } } }`;

describe('executive and corporate lead lists', () => {
  let db: TestDatabase;
  let api: TestApp;
  let system: GqlClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    await loadDemoBank(await db.dataSource(), new DemoBankGenerator({ corporates: 30, employees: 900, asOf: '2026-11-23', seed: 11 }), 900);
    api = await createTestApp(db.url);
    await api.app.get(RefresherService).refresh();
    // A branch manager sees every lead list of their branch: the branch with the most executive leads.
    const [bm] = await (await db.dataSource()).query(
      `SELECT m.id, m.external_id AS "externalId", m.role FROM managers m
        WHERE m.role = 'BRANCH_MANAGER' ORDER BY (SELECT count(*) FROM opportunities o JOIN corporate_clients c ON c.id = o.via_corporate_client_id
                                                   WHERE c.branch_id = m.branch_id AND o.linkage = 'EXECUTIVE_LEAD') DESC, m.external_id LIMIT 1`,
    );
    api.actAs(api.signInAs(bm));
    system = await api.signIn('SYSTEM');
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  async function pages(query: string, field: string, vars: Record<string, unknown> = {}, first = 7) {
    const nodes: any[] = [];
    let after: string | undefined;
    let total = 0;
    for (let i = 0; i < 100; i++) {
      const res = await api.gql(query, { ...vars, first, after });
      expect(res.errors).toBeUndefined();
      const conn = res.data[field];
      expectRelayPageInfo(conn, after);
      total = conn.totalCount;
      nodes.push(...conn.edges.map((e: any) => e.node));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    return { nodes, total };
  }

  it('ranks executives and owners, each once, with executive-lead opportunities only', async () => {
    const { nodes, total } = await pages(EXEC, 'executiveLeads');
    expect(total).toBeGreaterThan(7);
    expect(nodes).toHaveLength(total);
    expect(new Set(nodes.map((n) => n.person.id)).size).toBe(total);
    const scores = nodes.map((n) => n.bestScore);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const n of nodes) {
      expect(['EXECUTIVE', 'OWNER']).toContain(n.person.role);
      for (const o of n.opportunities) expect(o).toMatchObject({ linkage: 'EXECUTIVE_LEAD', product: { audience: 'PERSON' } });
    }
  });

  it('narrows executive leads to one client or one branch', async () => {
    const { nodes } = await pages(EXEC, 'executiveLeads', {}, 100);
    const company = nodes[0].person.company.id;
    const one = await pages(EXEC, 'executiveLeads', { c: company }, 100);
    expect(one.nodes.length).toBeGreaterThan(0);
    for (const n of one.nodes) expect(n.person.company.id).toBe(company);
    const wealth = await pages(EXEC, 'executiveLeads', { filter: { productCategory: 'WEALTH' } }, 100);
    for (const n of wealth.nodes) for (const o of n.opportunities) expect(o.product.category).toBe('WEALTH');
  });

  it('shows an ingested change to an executive on the next read of the lead list after its job', async () => {
    const { nodes } = await pages(EXEC, 'executiveLeads', {}, 5);
    const target = nodes[0];
    const company = target.person.company.id;
    const product = target.opportunities[0].product.code;
    const [{ external_id }] = await (await db.dataSource()).query('SELECT external_id FROM persons WHERE id = $1', [target.person.id]);
    const held = await system.gql('mutation($i: UpsertHoldingInput!) { upsertHolding(input: $i) { id } }', {
      i: { externalId: `H-LEADS-${external_id}`, productCode: product, personExternalId: external_id, openedAt: '2026-11-01' },
    });
    expect(held.errors).toBeUndefined();
    await settleRefresh(api.app);
    const after = await pages(EXEC, 'executiveLeads', { c: company }, 100);
    const again = after.nodes.find((n) => n.person.id === target.person.id);
    for (const o of again?.opportunities ?? []) expect(o.product.code).not.toBe(product);
  });

  it("narrows executive leads to a retail RM's portfolio", async () => {
    const ds = await db.dataSource();
    const [rm] = await ds.query(
      `SELECT p.retail_rm_id AS id, count(*) FROM opportunities o JOIN persons p ON p.id = o.party_id JOIN corporate_clients c ON c.id = o.via_corporate_client_id
        WHERE o.linkage = 'EXECUTIVE_LEAD' AND o.status = 'OPEN' AND p.retail_rm_id IS NOT NULL
          AND c.branch_id = (SELECT branch_id FROM managers WHERE role = 'RETAIL_RM' AND id = p.retail_rm_id)
          AND c.branch_id = (SELECT branch_id FROM managers WHERE external_id = $1)
        GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
      [(await api.gql('{ me { externalId } }')).data.me.externalId],
    );
    const mine = await pages(EXEC, 'executiveLeads', { rm: rm.id }, 100);
    expect(mine.nodes.length).toBeGreaterThan(0);
    const owned = new Set((await ds.query('SELECT id FROM persons WHERE retail_rm_id = $1', [rm.id])).map((r: any) => r.id));
    for (const n of mine.nodes) expect(owned.has(n.person.id)).toBe(true);
    const all = await pages(EXEC, 'executiveLeads', {}, 100);
    expect(mine.nodes.length).toBeLessThan(all.nodes.length);
  });

  it('lists companies reached through their owners and executives, with who links them', async () => {
    const { nodes, total } = await pages(CORP, 'corporateLeads');
    expect(total).toBeGreaterThan(0);
    expect(new Set(nodes.map((n) => n.company.id)).size).toBe(total);
    for (const n of nodes) {
      expect(n.linkedThrough.length).toBeGreaterThan(0);
      for (const o of n.opportunities) {
        expect(o).toMatchObject({ linkage: 'CORPORATE_LEAD', product: { audience: 'CORPORATE' } });
        expect(n.linkedThrough.map((l: any) => l.id)).toContain(o.viaPersonId);
      }
    }
    const branch = nodes[0].company.branch.id;
    const inBranch = await pages(CORP, 'corporateLeads', { b: branch }, 100);
    for (const n of inBranch.nodes) expect(n.company.branch.id).toBe(branch);
  });
});
