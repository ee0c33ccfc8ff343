/**
 * Writes a generated demo bank into PostgreSQL: multi-row inserts through `unnest` in batches, all
 * in one transaction, so a failed load leaves nothing behind.
 */
import type { DataSource, QueryRunner } from 'typeorm';
import type { CompanyBundle, DemoBankGenerator, DemoBankStaff } from './demo-bank.generator';

type Column<T> = [column: string, pgType: string, value: (row: T) => unknown];

export interface LoadSummary {
  branches: number;
  managers: number;
  corporateClients: number;
  persons: number;
  employments: number;
  holdings: number;
  employees: number;
  ms: number;
}

const BATCH = 5000;

async function insert<T>(runner: QueryRunner, table: string, columns: Column<T>[], rows: T[]): Promise<void> {
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH);
    const names = columns.map(([c]) => `"${c}"`).join(', ');
    const unnest = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
    const params = columns.map(([, , value]) => batch.map(value));
    await runner.query(`INSERT INTO "${table}" (${names}) SELECT * FROM unnest(${unnest})`, params);
  }
}

const PERSON_COLUMNS: Column<CompanyBundle['persons'][number]>[] = [
  ['id', 'uuid', (r) => r.id], ['external_id', 'text', (r) => r.externalId], ['full_name', 'text', (r) => r.fullName],
  ['birth_date', 'date', (r) => r.birthDate], ['segment', 'text', (r) => r.segment], ['aum', 'numeric', (r) => r.aum],
  ['monthly_income', 'numeric', (r) => r.monthlyIncome], ['credit_score', 'int2', (r) => r.creditScore],
  ['risk_tolerance', 'text', (r) => r.riskTolerance], ['risk_assessed_at', 'date', (r) => r.riskAssessedAt],
  ['risk_assessment_expires_at', 'date', (r) => r.riskAssessmentExpiresAt], ['marketing_consent', 'bool', (r) => r.marketingConsent],
  ['do_not_contact', 'bool', (r) => r.doNotContact], ['retail_rm_id', 'uuid', (r) => r.retailRmId], ['branch_id', 'uuid', (r) => r.branchId],
  ['dormant_since', 'date', (r) => r.dormantSince], ['marital_status', 'text', (r) => r.maritalStatus], ['dependants', 'int2', (r) => r.dependants],
  ['salary_retention_days', 'int2', (r) => r.salaryRetentionDays], ['outflow30d', 'numeric', (r) => r.outflow30d],
  ['national_id', 'text', (r) => r.nationalId], ['email', 'text', (r) => r.email], ['phone', 'text', (r) => r.phone],
];
const EMPLOYMENT_COLUMNS: Column<CompanyBundle['employments'][number]>[] = [
  ['id', 'uuid', (r) => r.id], ['external_id', 'text', (r) => r.externalId], ['person_id', 'uuid', (r) => r.personId],
  ['corporate_client_id', 'uuid', (r) => r.corporateClientId], ['role', 'text', (r) => r.role], ['title', 'text', (r) => r.title],
  ['monthly_salary', 'numeric', (r) => r.monthlySalary], ['salary_paid_here', 'bool', (r) => r.salaryPaidHere],
  ['start_date', 'date', (r) => r.startDate], ['end_date', 'date', (r) => r.endDate],
];
const holdingColumns = (productIds: Map<string, string>): Column<CompanyBundle['holdings'][number]>[] => [
  ['id', 'uuid', (r) => r.id], ['external_id', 'text', (r) => r.externalId],
  ['product_id', 'uuid', (r) => {
    const id = productIds.get(r.productCode);
    if (!id) throw new Error(`product ${r.productCode} is not in the catalogue`);
    return id;
  }],
  ['person_id', 'uuid', (r) => r.personId], ['corporate_client_id', 'uuid', (r) => r.corporateClientId],
  ['opened_at', 'date', (r) => r.openedAt], ['closed_at', 'date', (r) => r.closedAt], ['balance', 'numeric', (r) => r.balance],
];
const COMPANY_COLUMNS: Column<CompanyBundle['company']>[] = [
  ['id', 'uuid', (r) => r.id], ['external_id', 'text', (r) => r.externalId], ['name', 'text', (r) => r.name],
  ['industry', 'text', (r) => r.industry], ['size_band', 'text', (r) => r.sizeBand], ['credit_grade', 'text', (r) => r.creditGrade],
  ['branch_id', 'uuid', (r) => r.branchId], ['corporate_rm_id', 'uuid', (r) => r.corporateRmId],
  ['payroll_with_bank', 'bool', (r) => r.payrollWithBank], ['pos_terminal_count', 'int4', (r) => r.posTerminalCount],
  ['has_settlement_account', 'bool', (r) => r.hasSettlementAccount], ['relationship_since', 'date', (r) => r.relationshipSince],
];

async function insertStaff(runner: QueryRunner, staff: DemoBankStaff): Promise<void> {
  await insert(runner, 'branches', [
    ['id', 'uuid', (r) => r.id], ['external_id', 'text', (r) => r.externalId], ['name', 'text', (r) => r.name], ['city', 'text', (r) => r.city],
  ], staff.branches);
  await insert(runner, 'managers', [
    ['id', 'uuid', (r) => r.id], ['external_id', 'text', (r) => r.externalId], ['name', 'text', (r) => r.name],
    ['role', 'text', (r) => r.role], ['branch_id', 'uuid', (r) => r.branchId],
  ], staff.managers);
}

/**
 * Loads the generator's bank. `onProgress` is called with employees written so far.
 * Rejects, and writes nothing, when any record is refused.
 */
export async function loadDemoBank(
  dataSource: DataSource,
  generator: DemoBankGenerator,
  totalEmployees: number,
  onProgress: (employeesDone: number, total: number) => void = () => undefined,
): Promise<LoadSummary> {
  const started = Date.now();
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  const summary: LoadSummary = { branches: 0, managers: 0, corporateClients: 0, persons: 0, employments: 0, holdings: 0, employees: 0, ms: 0 };
  try {
    await runner.startTransaction();
    // One long bulk load (seed sizes reach millions of rows): the pool's statement timeout does not apply.
    await runner.query('SET LOCAL statement_timeout = 0');
    const products: { id: string; code: string }[] = await runner.query('SELECT id, code FROM products');
    const productIds = new Map(products.map((p) => [p.code, p.id]));
    const holdingCols = holdingColumns(productIds);
    await insertStaff(runner, generator.staff);
    summary.branches = generator.staff.branches.length;
    summary.managers = generator.staff.managers.length;

    // Buffer small companies together so inserts stay large; flush at BATCH persons.
    let pending: CompanyBundle[] = [];
    let pendingPersons = 0;
    const flush = async () => {
      if (pending.length === 0) return;
      await insert(runner, 'corporate_clients', COMPANY_COLUMNS, pending.map((b) => b.company));
      await insert(runner, 'persons', PERSON_COLUMNS, pending.flatMap((b) => b.persons));
      await insert(runner, 'employments', EMPLOYMENT_COLUMNS, pending.flatMap((b) => b.employments));
      await insert(runner, 'holdings', holdingCols, pending.flatMap((b) => b.holdings));
      for (const b of pending) {
        summary.corporateClients += 1;
        summary.persons += b.persons.length;
        summary.employments += b.employments.length;
        summary.holdings += b.holdings.length;
        summary.employees += b.employeeCount;
      }
      onProgress(summary.employees, totalEmployees);
      pending = [];
      pendingPersons = 0;
    };
    for (const bundle of generator.companies()) {
      pending.push(bundle);
      pendingPersons += bundle.persons.length;
      if (pendingPersons >= BATCH) await flush();
    }
    await flush();
    await runner.commitTransaction();
    await runner.query('ANALYZE');
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
  summary.ms = Date.now() - started;
  return summary;
}

/** True when the database holds no corporate clients yet. */
export async function bankIsEmpty(dataSource: DataSource): Promise<boolean> {
  const [row] = await dataSource.query('SELECT EXISTS (SELECT 1 FROM corporate_clients) AS "any"');
  return !row.any;
}
