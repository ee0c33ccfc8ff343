import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DemoBankGenerator } from '../../src/demo/demo-bank.generator';
import { writeDemoFeed } from '../../src/demo/demo-feed.writer';
import { CsvImportService, importExitCode } from '../../src/ingestion/csv-import.service';
import { settleRefresh } from '../setup/refresh-queue';
import { createTestApp, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

/** `npm run seed -- --csv <dir>` writes a feed that `npm run import` takes whole, and takes again without writing. */
describe('the generated demo feed', () => {
  let db: TestDatabase;
  let api: TestApp;
  const dirs = [mkdtempSync(join(tmpdir(), 'demo-feed-')), mkdtempSync(join(tmpdir(), 'demo-feed-'))];
  const options = { corporates: 4, employees: 150, seed: 7, asOf: '2026-11-23' };

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await createTestApp(db.url);
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('is deterministic, imports with no reject, and re-imports as unchanged with no refresh queued', async () => {
    const written = await writeDemoFeed(dirs[0], new DemoBankGenerator(options));
    await writeDemoFeed(dirs[1], new DemoBankGenerator(options));
    for (const file of ['persons.csv', 'employments.csv', 'holdings.csv']) expect(readFileSync(join(dirs[1], file))).toEqual(readFileSync(join(dirs[0], file)));

    const first = await api.app.get(CsvImportService).importDirectory(dirs[0]);
    expect(importExitCode(first)).toBe(0);
    const inserted = Object.fromEntries(first.files.map((f) => [f.file, f.inserted]));
    expect(inserted).toEqual({
      'branches.csv': written.branches,
      'managers.csv': written.managers,
      'corporate_clients.csv': written.corporateClients,
      'persons.csv': written.persons,
      'employments.csv': written.employments,
      'holdings.csv': written.holdings,
    });
    const ds = await db.dataSource();
    await settleRefresh(ds);
    const [{ jobs }] = await ds.query(`SELECT count(*)::int AS jobs FROM pgboss.job`);
    const again = await api.app.get(CsvImportService).importDirectory(dirs[0]);
    for (const f of again.files) expect(f).toMatchObject({ inserted: 0, updated: 0, rejected: 0 });
    expect(await ds.query(`SELECT count(*)::int AS jobs FROM pgboss.job`)).toEqual([{ jobs }]);
  });
});
