import { DataSource } from 'typeorm';
import { AuditService } from '../../src/audit/audit.service';
import type { AuditAction } from '../../src/audit/audit-action';
import { RefresherService } from '../../src/refresh/refresher.service';
import { createTestApp, type GqlClient, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

const METRICS_TOKEN = 'metrics-scraper-token-0123456789';

describe('GET /metrics', () => {
  let db: TestDatabase;
  let api: TestApp;
  let rm: GqlClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await createTestApp(db.url, { METRICS_ENABLED: 'true', METRICS_TOKEN });
    rm = await api.signIn('CORPORATE_RM');
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const scrape = () => api.http().get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}`);

  it('answers 401 without the metrics token, and a manager token is not one', async () => {
    const without = await api.http().get('/metrics');
    expect(without.status).toBe(401);
    expect(without.text).not.toMatch(/graphql_requests_total/);
    expect((await api.http().get('/metrics').set('authorization', `Bearer ${rm.token}`)).status).toBe(401);
    expect((await api.http().get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}x`)).status).toBe(401);
  });

  it('counts requests per operation, errors per code, pool use, the rule set version, refreshes and audit failures', async () => {
    for (let i = 0; i < 3; i++) expect((await rm.gql('{ me { role } }')).errors).toBeUndefined();
    await rm.gql('{ nosuchfield }');
    await rm.gql('{ auditLog(first: 1) { totalCount } }'); // FORBIDDEN for a corporate RM
    await api.http().post('/graphql').send({ query: '{ me { role } }' }); // 401 before GraphQL
    await api.app.get(RefresherService).refresh();

    const res = await scrape();
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    const text = res.text;
    expect(text).toMatch(/^graphql_requests_total\{operation="me",outcome="ok"\} 3$/m);
    expect(text).toMatch(/^graphql_request_duration_seconds_count\{operation="me"\} 3$/m);
    expect(text).toMatch(/^graphql_requests_total\{operation="auditLog",outcome="error"\} 1$/m);
    expect(text).toMatch(/^graphql_errors_total\{code="GRAPHQL_VALIDATION_FAILED"\} 1$/m);
    expect(text).toMatch(/^graphql_errors_total\{code="FORBIDDEN"\} 1$/m);
    expect(text).toMatch(/^graphql_errors_total\{code="UNAUTHENTICATED"\} \d+$/m);
    expect(text).toMatch(/^db_pool_connections\{state="total"\} [1-9]\d*$/m);
    expect(text).toMatch(/^db_pool_connections\{state="idle"\} \d+$/m);
    expect(text).toMatch(/^db_pool_connections\{state="waiting"\} 0$/m);
    expect(text).toMatch(/^ruleset_info\{version="[0-9a-f]{8,}"\} 1$/m);
    expect(text).toMatch(/^opportunity_refresh_jobs_total 1$/m);
    expect(text).toMatch(/^opportunity_refresh_duration_seconds_count 1$/m);
    expect(text).toMatch(/^audit_write_failures_total 0$/m);
  });

  it('counts an audit write that fails', async () => {
    const ds = api.app.get(DataSource);
    await ds.query('ALTER TABLE audit_events RENAME TO audit_events_away');
    try {
      const viewer = { managerId: rm.managerId, externalId: rm.externalId, role: rm.role, branchId: null };
      await expect(api.app.get(AuditService).write(viewer, [{ action: 'LEAD_LIST_VIEWED' as AuditAction, operation: 'corporateLeads', personCount: 0 }])).rejects.toMatchObject({
        code: 'SERVICE_UNAVAILABLE',
      });
    } finally {
      await ds.query('ALTER TABLE audit_events_away RENAME TO audit_events');
    }
    expect((await scrape()).text).toMatch(/^audit_write_failures_total [1-9]\d*$/m);
  });
});

describe('GET /metrics when not enabled', () => {
  let db: TestDatabase;
  let api: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await createTestApp(db.url);
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('answers 404', async () => {
    expect((await api.http().get('/metrics')).status).toBe(404);
  });
});
