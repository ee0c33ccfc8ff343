import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { EmploymentRole } from '../common/domain-values';
import type { CompanyRecord, EmploymentRecord, PersonRecord } from '../rule-engine/facts/subject-facts';
import type { ProductRow } from './decision-inputs';

/** One current employment with its person: the unit the engine evaluates. */
export interface EmploymentSubjectRow {
  companyId: string;
  /** The person changed since their opportunities were last computed (persons.refresh_change is set). */
  stale: boolean;
  person: PersonRecord;
  employment: EmploymentRecord;
}

export interface EmploymentFilter {
  /** Only employments at these companies (omit for all). */
  companyIds?: readonly string[];
  /** Only these persons (omit for all). */
  personIds?: readonly string[];
  roles: readonly EmploymentRole[];
  /** Employments current on this date. */
  asOf: string;
  /** Rows per round trip; memory stays bounded by this, whatever the scope's size. */
  chunkSize?: number;
}

const EMPLOYMENT_SQL = `
SELECT e.id AS employment_id, e.corporate_client_id AS company_id, e.role, e.title,
       e.monthly_salary::float8 AS monthly_salary, e.salary_paid_here, e.start_date::text AS start_date, e.end_date::text AS end_date,
       p.id AS person_id, p.birth_date::text AS birth_date, p.segment, p.aum::float8 AS aum, p.monthly_income::float8 AS monthly_income,
       p.credit_score, p.risk_tolerance, p.risk_assessment_expires_at::text AS risk_expires, p.marital_status, p.dependants,
       p.dormant_since::text AS dormant_since, p.salary_retention_days, p.outflow30d::float8 AS outflow30d,
       (p.retail_rm_id IS NOT NULL) AS has_retail_rm, p.marketing_consent, p.do_not_contact,
       h.held, p.refresh_change IS NOT NULL AS stale
  FROM employments e
  JOIN persons p ON p.id = e.person_id
  LEFT JOIN LATERAL (
        -- "CODE:balance,CODE:," — one plain string per person: splitting it costs far less than
        -- decoding two PostgreSQL arrays per row.
        SELECT string_agg(pr.code || ':' || COALESCE(hh.balance::text, ''), ',') AS held
          FROM holdings hh JOIN products pr ON pr.id = hh.product_id
         WHERE hh.person_id = p.id AND hh.closed_at IS NULL) h ON true
 WHERE e.role = ANY($1::text[])
   AND (e.end_date IS NULL OR e.end_date > $2::date)
   AND ($3::uuid[] IS NULL OR e.corporate_client_id = ANY($3::uuid[]))
   AND ($4::uuid[] IS NULL OR e.person_id = ANY($4::uuid[]))
   AND e.id > $5::uuid
 ORDER BY e.id
 LIMIT $6`;

const MIN_UUID = '00000000-0000-0000-0000-000000000000';

/**
 * Loads what the engine needs to evaluate a scope, with a constant number of queries per chunk
 * (never one per person): employments with their persons and open holdings in one keyset-paged
 * query, companies once per scope, contact history once per chunk.
 */
@Injectable()
export class SubjectsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async *streamEmployments(filter: EmploymentFilter): AsyncGenerator<EmploymentSubjectRow[]> {
    const chunkSize = filter.chunkSize ?? 5000;
    const fetch = (after: string): Promise<unknown[][]> =>
      this.queryArrays(EMPLOYMENT_SQL, [filter.roles, filter.asOf, filter.companyIds ?? null, filter.personIds ?? null, after, chunkSize]);
    // The next chunk is read while the caller works on this one: the database and the evaluation
    // overlap instead of taking turns.
    let pending = fetch(MIN_UUID);
    try {
      while (true) {
        const rows = await pending;
        const more = rows.length === chunkSize;
        if (more) pending = fetch(rows[rows.length - 1]![0] as string);
        if (rows.length > 0) yield rows.map(toSubjectRow);
        if (!more) return;
      }
    } finally {
      pending.catch(() => undefined);
    }
  }

  /**
   * Rows as arrays straight from the pool's driver: for the hot scans, where building an object
   * with thirty named keys per row costs more than the query itself.
   */
  private async queryArrays(text: string, values: unknown[]): Promise<unknown[][]> {
    const driver = this.dataSource.driver as unknown as { obtainMasterConnection(): Promise<[{ query(q: object): Promise<{ rows: unknown[][] }> }, () => void]> };
    const [client, release] = await driver.obtainMasterConnection();
    try {
      return (await client.query({ text, values, rowMode: 'array' })).rows;
    } finally {
      release();
    }
  }

  /** The product catalogue as the decisions need it. */
  products(): Promise<ProductRow[]> {
    return this.dataSource.query('SELECT id, code, category, audience, risk_level, value, family, family_rank, active, min_age, max_age, requires_suitability, min_risk_tolerance FROM products');
  }

  /** Whether an id is a person's or a company's (null: neither). */
  async partyKind(partyId: string): Promise<'PERSON' | 'COMPANY' | null> {
    const [row] = await this.dataSource.query(
      `SELECT CASE WHEN EXISTS (SELECT 1 FROM persons WHERE id = $1) THEN 'PERSON'
                   WHEN EXISTS (SELECT 1 FROM corporate_clients WHERE id = $1) THEN 'COMPANY' END AS kind`,
      [partyId],
    );
    return row?.kind ?? null;
  }

  /** Every company's id, in a stable order. */
  async companyIds(): Promise<string[]> {
    return (await this.dataSource.query('SELECT id FROM corporate_clients ORDER BY id')).map((r: { id: string }) => r.id);
  }

  /** Companies with their open products and current employee counts, in one query. */
  async loadCompanies(companyIds: readonly string[] | null, asOf: string): Promise<Map<string, CompanyRecord>> {
    const rows: any[] = await this.dataSource.query(
      `SELECT c.id, c.industry, c.size_band, c.credit_grade, c.payroll_with_bank, c.pos_terminal_count, c.has_settlement_account,
              c.relationship_since::text AS relationship_since,
              COALESCE((SELECT array_agg(pr.code) FROM holdings h JOIN products pr ON pr.id = h.product_id
                         WHERE h.corporate_client_id = c.id AND h.closed_at IS NULL), '{}') AS product_codes,
              (SELECT count(*)::int FROM employments e WHERE e.corporate_client_id = c.id AND e.role = 'EMPLOYEE'
                  AND (e.end_date IS NULL OR e.end_date > $2::date)) AS employee_count
         FROM corporate_clients c
        WHERE $1::uuid[] IS NULL OR c.id = ANY($1::uuid[])`,
      [companyIds, asOf],
    );
    return new Map(
      rows.map((r) => [
        r.id,
        {
          id: r.id,
          industry: r.industry,
          sizeBand: r.size_band,
          creditGrade: r.credit_grade,
          payrollWithBank: r.payroll_with_bank,
          posTerminalCount: r.pos_terminal_count,
          hasSettlementAccount: r.has_settlement_account,
          relationshipSince: r.relationship_since,
          employeeCount: r.employee_count,
          productCodes: r.product_codes,
        } satisfies CompanyRecord,
      ]),
    );
  }

  /** Live (OPEN or CONTACTED) opportunities of the given parties. */
  async liveOpportunities(partyIds: readonly string[]): Promise<LiveOpportunityRow[]> {
    if (partyIds.length === 0) return [];
    return this.dataSource.query(
      `SELECT o.id, o.party_id AS "partyId", pr.code AS "productCode", o.linkage, o.via_corporate_client_id AS "viaCorporateClientId", o.status,
              o.rule_id AS "ruleId", o.score, o.rule_set_version AS "ruleSetVersion"
         FROM opportunities o JOIN products pr ON pr.id = o.product_id
        WHERE o.party_id = ANY($1::uuid[]) AND o.status IN ('OPEN', 'CONTACTED')`,
      [partyIds],
    );
  }

  /**
   * By the day each outcome occurred (its `occurred_at`), counting only outcomes that occurred by
   * `asOf`: declines on or after `since` (the cooling-off window), acceptances after `acceptedAfter`
   * (the acceptance suppression window), and each party's last contact.
   */
  async contactHistory(
    partyIds: readonly string[],
    since: string,
    acceptedAfter: string,
    asOf: string,
  ): Promise<{ declines: DeclineRow[]; accepted: AcceptedRow[]; lastContacts: Map<string, string> }> {
    if (partyIds.length === 0) return { declines: [], accepted: [], lastContacts: new Map() };
    const rows: { partyId: string; productCode: string; outcome: string; day: string; latest: boolean }[] = await this.dataSource.query(
      `SELECT o.party_id AS "partyId", pr.code AS "productCode", oc.outcome, oc.occurred_at::date::text AS day,
              oc.occurred_at = max(oc.occurred_at) OVER (PARTITION BY o.party_id) AS latest
         FROM opportunity_outcomes oc
         JOIN opportunities o ON o.id = oc.opportunity_id
         JOIN products pr ON pr.id = o.product_id
        WHERE o.party_id = ANY($1::uuid[]) AND oc.occurred_at::date <= $2::date`,
      [partyIds, asOf],
    );
    const declines: DeclineRow[] = [];
    const accepted: AcceptedRow[] = [];
    const lastContacts = new Map<string, string>();
    for (const r of rows) {
      if (r.outcome === 'DECLINED' && r.day >= since) declines.push({ partyId: r.partyId, productCode: r.productCode, declinedOn: r.day });
      if (r.outcome === 'ACCEPTED' && r.day > acceptedAfter) accepted.push({ partyId: r.partyId, productCode: r.productCode });
      if (r.latest) lastContacts.set(r.partyId, r.day);
    }
    return { declines, accepted, lastContacts };
  }
}

export interface LiveOpportunityRow {
  id: string;
  partyId: string;
  productCode: string;
  linkage: string;
  viaCorporateClientId: string;
  status: 'OPEN' | 'CONTACTED';
  ruleId: string;
  /** numeric(18,4) as the driver returns it: a decimal string. */
  score: string;
  ruleSetVersion: string;
}

export interface AcceptedRow {
  partyId: string;
  productCode: string;
}

export interface DeclineRow {
  partyId: string;
  productCode: string;
  declinedOn: string;
}

const NOTHING_HELD = { holdingCodes: [] as string[], holdingBalances: [] as (number | null)[] };

/** Open holdings from EMPLOYMENT_SQL's "CODE:balance,…" string (product codes hold neither ':' nor ','). */
export function heldProducts(held: string | null): { holdingCodes: string[]; holdingBalances: (number | null)[] } {
  if (held === null) return NOTHING_HELD;
  const holdingCodes: string[] = [];
  const holdingBalances: (number | null)[] = [];
  for (const item of held.split(',')) {
    const colon = item.indexOf(':');
    holdingCodes.push(item.slice(0, colon));
    holdingBalances.push(colon === item.length - 1 ? null : Number(item.slice(colon + 1)));
  }
  return { holdingCodes, holdingBalances };
}

/** Column positions of EMPLOYMENT_SQL's select list. */
function toSubjectRow(r: any[]): EmploymentSubjectRow {
  return {
    companyId: r[1],
    stale: r[25],
    person: {
      personId: r[8],
      birthDate: r[9],
      segment: r[10],
      aum: r[11],
      monthlyIncome: r[12],
      creditScore: r[13],
      riskTolerance: r[14],
      riskAssessmentExpiresAt: r[15],
      maritalStatus: r[16],
      dependants: r[17],
      dormantSince: r[18],
      salaryRetentionDays: r[19],
      outflow30d: r[20],
      hasRetailRm: r[21],
      marketingConsent: r[22],
      doNotContact: r[23],
      ...heldProducts(r[24]),
    },
    employment: {
      employmentId: r[0],
      role: r[2],
      title: r[3],
      monthlySalary: r[4],
      salaryPaidHere: r[5],
      startDate: r[6],
      endDate: r[7],
    },
  };
}
