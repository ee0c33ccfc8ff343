import { spawn } from 'node:child_process';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { MigrationsPendingError } from '../../src/database/migrations-runner';
import { ROOT, compiled } from '../setup/service-process';
import { createTestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

function migrateProcess(url: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [compiled('src/cli/migrate.cli.js'), 'run'], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

describe('migrations', () => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of dbs) await db.drop();
  });

  it('ten processes starting at once against an empty database apply each migration once', async () => {
    const db = await createTestDatabase({ empty: true });
    dbs.push(db);
    const results = await Promise.all(Array.from({ length: 10 }, () => migrateProcess(db.url)));
    for (const { code, output } of results) expect({ code, output: code === 0 ? '' : output }).toEqual({ code: 0, output: '' });
    const applied = results.filter((r) => /applied: /.test(r.output));
    expect(applied).toHaveLength(1); // one applied them; nine waited and found nothing to do
    expect(results.filter((r) => /no pending migrations/.test(r.output))).toHaveLength(9);
    const ds = await db.dataSource();
    const rows: Array<{ name: string; n: number }> = await ds.query('SELECT name, count(*)::int AS n FROM migrations GROUP BY name');
    expect(rows).toHaveLength(MIGRATIONS.length);
    expect(rows.every((r) => r.n === 1)).toBe(true);
  }, 60_000);

  it('with MIGRATIONS_RUN=false refuses to start while a migration is pending, naming it', async () => {
    const db = await createTestDatabase({ empty: true });
    dbs.push(db);
    const attempt = createTestApp(db.url, { MIGRATIONS_RUN: 'false' });
    await expect(attempt).rejects.toThrow(MigrationsPendingError);
    await expect(attempt).rejects.toThrow(/MIGRATIONS_RUN=false: run `npm run migration:run` first/);
    // Nothing was applied behind the operator's back.
    const ds = new DataSource({ type: 'postgres', url: db.url });
    await ds.initialize();
    try {
      expect(await ds.query(`SELECT to_regclass('public.migrations') AS t`)).toEqual([{ t: null }]);
    } finally {
      await ds.destroy();
    }
  });

  it('with MIGRATIONS_RUN=false starts on a migrated database', async () => {
    const db = await createTestDatabase();
    dbs.push(db);
    const api = await createTestApp(db.url, { MIGRATIONS_RUN: 'false' });
    await api.close();
  });
});
