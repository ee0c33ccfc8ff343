/**
 * Writes a demo bank as the nightly feed's CSV files (the headers of the CSV import), streamed:
 * `npm run seed -- --csv <dir>`. Deterministic like the generator: the same options write the same
 * bytes. Framework-free.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import type { CompanyBundle, DemoBankGenerator } from './demo-bank.generator';

export interface FeedSummary {
  branches: number;
  managers: number;
  corporateClients: number;
  persons: number;
  employments: number;
  holdings: number;
  bytes: number;
}

const HEADERS = {
  branches: ['externalId', 'name', 'city'],
  managers: ['externalId', 'name', 'role', 'branchExternalId'],
  corporate_clients: ['externalId', 'name', 'industry', 'sizeBand', 'creditGrade', 'branchExternalId', 'corporateRmExternalId', 'payrollWithBank', 'posTerminalCount', 'hasSettlementAccount', 'relationshipSince'],
  persons: ['externalId', 'fullName', 'birthDate', 'segment', 'aum', 'monthlyIncome', 'creditScore', 'riskTolerance', 'riskAssessedAt', 'riskAssessmentExpiresAt', 'marketingConsent', 'doNotContact', 'retailRmExternalId', 'branchExternalId', 'dormantSince', 'maritalStatus', 'dependants', 'salaryRetentionDays', 'outflow30d', 'nationalId', 'email', 'phone'],
  employments: ['externalId', 'personExternalId', 'corporateClientExternalId', 'role', 'title', 'monthlySalary', 'salaryPaidHere', 'startDate', 'endDate'],
  holdings: ['externalId', 'productCode', 'personExternalId', 'corporateClientExternalId', 'openedAt', 'closedAt', 'balance'],
} as const;

type Cell = string | number | boolean | null;

/** A CSV cell: empty for null (keeps the stored value, or the default), quoted when needed. */
function cell(value: Cell): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

class CsvOut {
  private readonly stream: WriteStream;
  rows = 0;
  bytes = 0;

  constructor(path: string, header: readonly string[]) {
    this.stream = createWriteStream(path);
    this.stream.write(header.join(',') + '\n');
  }

  async row(values: Cell[]): Promise<void> {
    const line = values.map(cell).join(',') + '\n';
    this.rows++;
    this.bytes += Buffer.byteLength(line);
    if (!this.stream.write(line)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

export async function writeDemoFeed(dir: string, generator: DemoBankGenerator, onCompany: (bundle: CompanyBundle) => void = () => undefined): Promise<FeedSummary> {
  mkdirSync(dir, { recursive: true });
  const out = Object.fromEntries(Object.entries(HEADERS).map(([name, header]) => [name, new CsvOut(join(dir, `${name}.csv`), header)])) as Record<keyof typeof HEADERS, CsvOut>;
  const staffIds = new Map<string, string>();
  for (const b of generator.staff.branches) {
    staffIds.set(b.id, b.externalId);
    await out.branches.row([b.externalId, b.name, b.city]);
  }
  for (const m of generator.staff.managers) {
    staffIds.set(m.id, m.externalId);
    await out.managers.row([m.externalId, m.name, m.role, m.branchId && staffIds.get(m.branchId)!]);
  }
  const ext = (id: string | null, map: Map<string, string>): string | null => (id === null ? null : map.get(id)!);
  // Persons are written with their company: a person employed by several companies keeps their first row.
  const personIds = new Map<string, string>();
  const companyIds = new Map<string, string>();
  for (const bundle of generator.companies()) {
    const c = bundle.company;
    companyIds.set(c.id, c.externalId);
    await out.corporate_clients.row([c.externalId, c.name, c.industry, c.sizeBand, c.creditGrade, ext(c.branchId, staffIds), ext(c.corporateRmId, staffIds), c.payrollWithBank, c.posTerminalCount, c.hasSettlementAccount, c.relationshipSince]);
    for (const p of bundle.persons) {
      if (personIds.has(p.id)) continue;
      personIds.set(p.id, p.externalId);
      await out.persons.row([
        p.externalId, p.fullName, p.birthDate, p.segment, p.aum, p.monthlyIncome, p.creditScore, p.riskTolerance, p.riskAssessedAt, p.riskAssessmentExpiresAt,
        p.marketingConsent, p.doNotContact, ext(p.retailRmId, staffIds), ext(p.branchId, staffIds), p.dormantSince, p.maritalStatus, p.dependants,
        p.salaryRetentionDays, p.outflow30d, p.nationalId, p.email, p.phone,
      ]);
    }
    for (const e of bundle.employments) {
      await out.employments.row([e.externalId, personIds.get(e.personId)!, companyIds.get(e.corporateClientId)!, e.role, e.title, e.monthlySalary, e.salaryPaidHere, e.startDate, e.endDate]);
    }
    for (const h of bundle.holdings) {
      await out.holdings.row([h.externalId, h.productCode, h.personId && personIds.get(h.personId)!, h.corporateClientId && companyIds.get(h.corporateClientId)!, h.openedAt, h.closedAt, h.balance]);
    }
    onCompany(bundle);
  }
  for (const o of Object.values(out)) await o.close();
  return {
    branches: out.branches.rows,
    managers: out.managers.rows,
    corporateClients: out.corporate_clients.rows,
    persons: out.persons.rows,
    employments: out.employments.rows,
    holdings: out.holdings.rows,
    bytes: Object.values(out).reduce((n, o) => n + o.bytes, 0),
  };
}
