import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CsvImportService } from '../../src/ingestion/csv-import.service';
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

  it('updates on a second run instead of duplicating', async () => {
    const summary = await api.app.get(CsvImportService).importDirectory(dir);
    const persons = summary.files.find((f) => f.file === 'persons.csv')!;
    expect(persons).toMatchObject({ inserted: 0, updated: 2, rejected: 1 });
    const ds = await db.dataSource();
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
});
