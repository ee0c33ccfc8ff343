import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { CsvImportService, importExitCode, type ImportOptions, type ImportSummary } from '../../src/ingestion/csv-import.service';
import { settleRefresh } from '../setup/refresh-queue';
import { createTestApp, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

describe('CSV import (the nightly feed)', () => {
  let db: TestDatabase;
  let api: TestApp;
  let dir: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await createTestApp(db.url);
    dir = mkdtempSync(join(tmpdir(), 'cross-sell-import-'));
    writeFileSync(join(dir, 'branches.csv'), 'externalId,name,city\nIMP-BR-1,"Harbour, North",Northport\n');
    writeFileSync(join(dir, 'managers.csv'), 'externalId,name,role,branchExternalId\nIMP-RM-1,Carla Corp,CORPORATE_RM,IMP-BR-1\nIMP-RM-2,Bad Role,JANITOR,IMP-BR-1\n');
    writeFileSync(
      join(dir, 'corporate_clients.csv'),
      'externalId,name,industry,sizeBand,branchExternalId,corporateRmExternalId,payrollWithBank,posTerminalCount,relationshipSince\n' +
        'IMP-CC-1,Harbour Foods,CATERING,SMALL,IMP-BR-1,IMP-RM-1,true,0,2019-04-01\n' +
        'IMP-CC-2,Nowhere Ltd,RETAIL,MICRO,NO-SUCH-BRANCH,,false,1,2020-01-01\n',
    );
    writeFileSync(
      join(dir, 'persons.csv'),
      'externalId,fullName,birthDate,aum,marketingConsent,creditScore,email\n' +
        'IMP-P-1,Dana Doe,1988-06-01,15000.00,true,700,dana@example.com\n' +
        'IMP-P-2,Bad Date,1990-02-30,,true,,\n' +
        'IMP-P-3,Sam Smith,1975-09-09,250000.00,false,NULL,\n',
    );
    writeFileSync(
      join(dir, 'employments.csv'),
      'externalId,personExternalId,corporateClientExternalId,role,monthlySalary,salaryPaidHere,startDate,endDate\n' +
        'IMP-E-1,IMP-P-1,IMP-CC-1,EMPLOYEE,4100.00,true,2021-01-01,\n' +
        'IMP-E-2,IMP-P-3,IMP-CC-1,OWNER,,false,2015-01-01,2014-01-01\n',
    );
    writeFileSync(join(dir, 'holdings.csv'), 'externalId,productCode,personExternalId,openedAt,balance\nIMP-H-1,TERM_DEPOSIT,IMP-P-1,2024-03-01,5000.00\nIMP-H-2,NO_SUCH,IMP-P-1,2024-03-01,\n');
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies good rows, rejects bad ones with their reasons, and never half-writes a record', async () => {
    const summary = await api.app.get(CsvImportService).importDirectory(dir);
    const byFile = Object.fromEntries(summary.files.map((f) => [f.file, f]));
    expect(byFile['branches.csv']).toMatchObject({ inserted: 1, updated: 0, rejected: 0 });
    expect(byFile['managers.csv']).toMatchObject({ inserted: 1, rejected: 1 });
    expect(byFile['corporate_clients.csv']).toMatchObject({ inserted: 1, rejected: 1 });
    expect(byFile['persons.csv']).toMatchObject({ inserted: 2, rejected: 1 });
    expect(byFile['employments.csv']).toMatchObject({ inserted: 1, rejected: 1 });
    expect(byFile['holdings.csv']).toMatchObject({ inserted: 1, rejected: 1 });

    const rejects = readFileSync(summary.rejectsFile!, 'utf8');
    expect(rejects).toContain('managers.csv,3,IMP-RM-2,');
    expect(rejects).toMatch(/corporate_clients\.csv,3,IMP-CC-2,branch with external id NO-SUCH-BRANCH was not found/);
    expect(rejects).toMatch(/persons\.csv,3,IMP-P-2,birthDate must be a date/);
    expect(rejects).toMatch(/employments\.csv,3,IMP-E-2,endDate must not be before startDate/);
    expect(rejects).toMatch(/holdings\.csv,3,IMP-H-2,product NO_SUCH was not found/);

    const ds = await db.dataSource();
    const [branch] = await ds.query(`SELECT name FROM branches WHERE external_id = 'IMP-BR-1'`);
    expect(branch.name).toBe('Harbour, North');
    const [person] = await ds.query(`SELECT aum, credit_score, email FROM persons WHERE external_id = 'IMP-P-3'`);
    expect(person).toEqual({ aum: '250000.00', credit_score: null, email: null });
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM employments WHERE external_id = 'IMP-E-2'`);
    expect(n).toBe(0);
  });

  it('writes nothing on an unchanged second run, and updates only the changed row on a third', async () => {
    const ds = await db.dataSource();
    // Every row version's creating transaction: an UPDATE, even to the same values, makes a new one.
    const versions = (): Promise<unknown[]> =>
      ds.query(
        `SELECT t, external_id, xmin::text AS xmin FROM (SELECT 'persons' t, external_id, xmin FROM persons UNION ALL SELECT 'employments', external_id, xmin FROM employments
           UNION ALL SELECT 'holdings', external_id, xmin FROM holdings UNION ALL SELECT 'corporate_clients', external_id, xmin FROM corporate_clients
           UNION ALL SELECT 'branches', external_id, xmin FROM branches UNION ALL SELECT 'managers', external_id, xmin FROM managers) v ORDER BY 1, 2`,
      );
    const jobs = (): Promise<unknown[]> => ds.query(`SELECT count(*)::int AS n FROM pgboss.job`);
    await settleRefresh(ds);
    const [versionsBefore, jobsBefore] = [await versions(), await jobs()];
    const summary = await api.app.get(CsvImportService).importDirectory(dir);
    const persons = summary.files.find((f) => f.file === 'persons.csv')!;
    expect(persons).toMatchObject({ inserted: 0, updated: 0, unchanged: 2, rejected: 1 });
    for (const f of summary.files) expect(f).toMatchObject({ inserted: 0, updated: 0 });
    expect(await versions()).toEqual(versionsBefore);
    expect(await jobs()).toEqual(jobsBefore);

    writeFileSync(join(dir, 'persons.csv'), readFileSync(join(dir, 'persons.csv'), 'utf8').replace('15000.00', '16000.00'));
    const third = await api.app.get(CsvImportService).importDirectory(dir);
    expect(third.files.find((f) => f.file === 'persons.csv')).toMatchObject({ inserted: 0, updated: 1, unchanged: 1, rejected: 1 });
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM persons WHERE external_id LIKE 'IMP-P-%'`);
    expect(n).toBe(2);
  });

  it('rejects a file with an unknown column, naming it', async () => {
    const other = mkdtempSync(join(tmpdir(), 'cross-sell-import-'));
    try {
      writeFileSync(join(other, 'branches.csv'), 'externalId,name,city,colour\nIMP-BR-9,X,Y,blue\n');
      const summary = await api.app.get(CsvImportService).importDirectory(other);
      expect(summary.files[0]).toMatchObject({ file: 'branches.csv', inserted: 0, rejected: 1 });
      expect(readFileSync(summary.rejectsFile!, 'utf8')).toContain('unknown column(s) colour');
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  /** Imports files written into a fresh folder; returns the summary and the rejects file's lines. */
  async function feed(files: Record<string, string | Buffer>, options: ImportOptions = {}): Promise<{ summary: ImportSummary; rejects: string[] }> {
    const folder = mkdtempSync(join(tmpdir(), 'cross-sell-import-'));
    try {
      for (const [name, content] of Object.entries(files)) writeFileSync(join(folder, name), content);
      const summary = await api.app.get(CsvImportService).importDirectory(folder, options);
      const rejects = summary.rejectsFile ? readFileSync(summary.rejectsFile, 'utf8').trim().split('\n').slice(1) : [];
      return { summary, rejects };
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }
  const personsHeader = 'externalId,fullName,birthDate,aum\n';
  const personOf = async (externalId: string): Promise<{ full_name: string; aum: string } | undefined> =>
    (await (await db.dataSource()).query(`SELECT full_name, aum FROM persons WHERE external_id = $1`, [externalId]))[0];

  it('rejects a malformed line on its own, with its line number, and applies the rest (exit code 1)', async () => {
    const { summary, rejects } = await feed({
      'persons.csv': personsHeader + 'ML-1,Ann One,1980-01-01,1.00\nML-2,Bob, Two,1981-01-01,2.00\nML-3,Cy"d,1982-01-01,3.00\nML-4,Dee Four,1983-01-01,4.00\n',
    });
    expect(summary.files[0]).toMatchObject({ rows: 4, inserted: 2, rejected: 2 });
    expect(rejects).toEqual(['persons.csv,3,,"expected 4 fields, found 5"', 'persons.csv,4,,a quote inside a field that is not quoted as a whole']);
    expect(await personOf('ML-1')).toBeDefined();
    expect(await personOf('ML-4')).toBeDefined();
    expect(importExitCode(summary)).toBe(1);
  });

  it('refuses a Latin-1 file without --encoding, naming line and byte, before writing anything (exit code 2)', async () => {
    const latin1 = iconv.encode(personsHeader + 'L1-1,Ann One,1980-01-01,1.00\nL1-2,François Légère,1981-01-01,2.00\n', 'latin1');
    const { summary } = await feed({ 'branches.csv': 'externalId,name,city\nL1-BR,Somewhere,Town\n', 'persons.csv': latin1 });
    expect(summary.refused).toMatch(/^persons\.csv is not valid UTF-8: line 3, byte 73 \(0xE7\)/);
    expect(summary.files).toEqual([]);
    expect(importExitCode(summary)).toBe(2);
    const ds = await db.dataSource();
    expect(await ds.query(`SELECT 1 FROM branches WHERE external_id = 'L1-BR'`)).toEqual([]);
    expect(await personOf('L1-1')).toBeUndefined();
  });

  it('stores a Latin-1 file correctly with --encoding latin1, and a GBK file with --encoding gbk', async () => {
    const latin1 = iconv.encode(personsHeader + 'L1-2,François Légère,1981-01-01,2.00\n', 'latin1');
    expect((await feed({ 'persons.csv': latin1 }, { encoding: 'latin1' })).summary.files[0]).toMatchObject({ inserted: 1, rejected: 0 });
    expect(await personOf('L1-2')).toMatchObject({ full_name: 'François Légère' });
    const gbk = iconv.encode(personsHeader + 'GBK-1,王小明,1985-05-05,3.00\n', 'gbk');
    expect((await feed({ 'persons.csv': gbk })).summary.refused).toMatch(/not valid UTF-8: line 2/);
    expect((await feed({ 'persons.csv': gbk }, { encoding: 'gbk' })).summary.files[0]).toMatchObject({ inserted: 1 });
    expect(await personOf('GBK-1')).toMatchObject({ full_name: '王小明' });
  });

  it('detects semicolon and tab delimiters from the header, and hints at --delimiter when it cannot', async () => {
    const semi = await feed({ 'persons.csv': 'externalId;fullName;birthDate;aum\nSC-1;"Smith; Ann";1980-01-01;1.00\n' });
    expect(semi.summary.files[0]).toMatchObject({ inserted: 1, rejected: 0 });
    expect(await personOf('SC-1')).toMatchObject({ full_name: 'Smith; Ann' });
    const tab = await feed({ 'persons.csv': 'externalId\tfullName\tbirthDate\taum\nTB-1\tTab Person\t1980-01-01\t1.00\n' });
    expect(tab.summary.files[0]).toMatchObject({ inserted: 1, rejected: 0 });
    const pipes = await feed({ 'persons.csv': 'externalId|fullName|birthDate\nPP-1|Pipe|1980-01-01\n' });
    expect(pipes.rejects[0]).toContain('the header was read as one column: give --delimiter');
  });

  it('rejects a key repeated within a file, naming its line, and applies the first occurrence', async () => {
    const { summary, rejects } = await feed({ 'persons.csv': personsHeader + 'DK-1,First Row,1980-01-01,1.00\nDK-2,Other,1980-01-01,1.00\nDK-1,Second Row,1980-01-01,2.00\n' });
    expect(summary.files[0]).toMatchObject({ inserted: 2, updated: 0, rejected: 1 });
    expect(rejects).toEqual(['persons.csv,4,DK-1,externalId DK-1 is repeated in this file; its first occurrence applies']);
    expect(await personOf('DK-1')).toMatchObject({ full_name: 'First Row', aum: '1.00' });
  });

  it('validates everything in a dry run, references across files included, and writes nothing but the rejects file', async () => {
    const ds = await db.dataSource();
    const jobs = async (): Promise<number> => (await ds.query(`SELECT count(*)::int AS n FROM pgboss.job`))[0].n;
    const before = await jobs();
    const { summary, rejects } = await feed(
      {
        'corporate_clients.csv': 'externalId,name,industry,sizeBand,branchExternalId,relationshipSince\nDRY-CC,Dry Co,RETAIL,MICRO,IMP-BR-1,2020-01-01\n',
        'persons.csv': personsHeader + 'DRY-1,Dry Person,1980-01-01,1.00\nDRY-2,Bad Date,1980-02-31,1.00\n',
        'employments.csv': 'externalId,personExternalId,corporateClientExternalId,role,startDate\nDRY-E,DRY-1,DRY-CC,EMPLOYEE,2020-01-01\n',
      },
      { dryRun: true },
    );
    expect(summary.dryRun).toBe(true);
    expect(summary.files.map((f) => [f.file, f.inserted, f.rejected])).toEqual([
      ['corporate_clients.csv', 1, 0],
      ['persons.csv', 1, 1],
      ['employments.csv', 1, 0],
    ]);
    expect(rejects).toHaveLength(1);
    expect(await personOf('DRY-1')).toBeUndefined();
    expect(await ds.query(`SELECT 1 FROM corporate_clients WHERE external_id = 'DRY-CC'`)).toEqual([]);
    expect(await jobs()).toBe(before);
  });

  it('answers exit code 2 when every row is rejected, and 0 when every row applied', async () => {
    expect(importExitCode((await feed({ 'persons.csv': personsHeader + 'EX-1,No Date,,1.00\n' })).summary)).toBe(2);
    expect(importExitCode((await feed({ 'persons.csv': personsHeader + 'EX-2,Fine,1980-01-01,1.00\n' })).summary)).toBe(0);
    expect(importExitCode((await feed({})).summary)).toBe(2);
  });

  it('applies a file larger than one batch through several set-based statements', async () => {
    const rows = Array.from({ length: 250 }, (_, i) => `BIG-${i},Person ${i},1980-01-01,${i}.00`).join('\n');
    const { summary } = await feed({ 'persons.csv': personsHeader + rows + '\nBIG-7,Again,1980-01-01,1.00\n' }, { batchSize: 40 });
    expect(summary.files[0]).toMatchObject({ rows: 251, inserted: 250, rejected: 1 });
    const again = await feed({ 'persons.csv': personsHeader + rows.replace('BIG-3,Person 3,', 'BIG-3,Person Three,') }, { batchSize: 40 });
    expect(again.summary.files[0]).toMatchObject({ inserted: 0, updated: 1, unchanged: 249 });
  });
});
