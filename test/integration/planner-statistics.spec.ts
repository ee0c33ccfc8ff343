import type { DataSource } from 'typeorm';
import { DemoBankGenerator } from '../../src/demo/demo-bank.generator';
import { loadDemoBank } from '../../src/demo/demo-bank.loader';
import { OpportunitiesService } from '../../src/opportunities/opportunities.service';
import { RefresherService } from '../../src/refresh/refresher.service';
import { PlannerStatistics } from '../../src/opportunities/planner-statistics';
import { createTestApp, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

/**
 * A refresh that grows `opportunities` far beyond what PostgreSQL's statistics know analyses the
 * table itself (with stale statistics the per-chunk lookups were planned as whole-index walks).
 */
describe('planner statistics during a refresh', () => {
  let db: TestDatabase;
  let api: TestApp;
  let ds: DataSource;
  let rows: number;

  const knownRows = async () => Number((await ds.query(`SELECT reltuples::float8 AS n FROM pg_class WHERE oid = 'opportunities'::regclass`))[0].n);
  /** Empties the table and makes PostgreSQL believe it is empty, keeping its rows aside. */
  async function emptyWithStaleStatistics(): Promise<void> {
    await ds.query('DROP TABLE IF EXISTS kept_opportunities');
    await ds.query('CREATE TABLE kept_opportunities AS SELECT * FROM opportunities');
    await ds.query('DELETE FROM opportunities');
    await ds.query('VACUUM opportunities');
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await db.dataSource();
    await loadDemoBank(ds, new DemoBankGenerator({ corporates: 3, employees: 1500, largestClientEmployees: 1200, asOf: '2026-11-23', seed: 11 }), 1500);
    api = await createTestApp(db.url, { WORKERS: '0' });
    rows = (await api.app.get(RefresherService).refresh(undefined, '2026-11-23')).created;
    expect(rows).toBeGreaterThan(1000);
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('analyses the table once a job has written at least as many rows as the statistics knew', async () => {
    await emptyWithStaleStatistics();
    expect(await knownRows()).toBe(0);
    const statistics = await PlannerStatistics.track(ds, 'opportunities', 500);
    await ds.query('INSERT INTO opportunities SELECT * FROM kept_opportunities');
    expect(await statistics.wrote(rows)).toBe(true);
    expect(await knownRows()).toBe(rows);
    // The statistics now know the rows: a few more do not call for another analysis.
    expect(await statistics.wrote(Math.floor(rows / 2))).toBe(false);
  });

  it('leaves small writes to autovacuum', async () => {
    await emptyWithStaleStatistics();
    const statistics = await PlannerStatistics.track(ds, 'opportunities', rows + 1);
    await ds.query('INSERT INTO opportunities SELECT * FROM kept_opportunities');
    expect(await statistics.wrote(rows)).toBe(false);
    expect(await knownRows()).toBe(0);
  });
});
