import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { LeadScope } from '../auth/access.service';
import type { Freshness } from '../opportunities/opportunities.repository';
import type { LeadFilterInput } from './dto/employee-prospects.args';
import { LinkageStatsRepository, type LinkageStatsRow } from './linkage-stats.repository';

export type { LinkageStatsRow } from './linkage-stats.repository';
import type { CreditGrade, EmploymentRole, Industry, Segment, SizeBand } from '../common/domain-values';

const CURRENT = `(e.end_date IS NULL OR e.end_date > current_date)`;

/** One ranked party of a lead list: its best live opportunity's score. */
export interface RankedPartyRow {
  party_id: string;
  best: number;
}

export interface RankedPage {
  items: RankedPartyRow[];
  hasNextPage: boolean;
  total: number;
}

/** What ranks a lead list: the linkage, the scope it is drawn from, the filter, and the page. */
export interface RankQuery {
  linkage: string;
  companyIds?: readonly string[];
  branchId?: string;
  /** Only leads whose linking person is in this retail RM's portfolio. */
  retailRmId?: string;
  /** Only leads through clients of this branch or through persons of this portfolio. */
  reach?: LeadScope['reach'];
  filter: LeadFilterInput;
  first: number;
  /** Keyset position after which the page starts: [best score, party id]. */
  after?: [number, string];
}

export interface ProspectPersonRow {
  id: string;
  external_id: string;
  full_name: string;
  birth_date: string;
  segment: Segment;
  title: string | null;
  start_date: string;
  salary: number | null;
  salary_paid_here: boolean;
}

export interface LeaderPersonRow {
  id: string;
  external_id: string;
  full_name: string;
  birth_date: string;
  segment: Segment;
  aum: number;
  aum_exact: string;
  role: EmploymentRole;
  title: string | null;
  company_id: string;
  company_external_id: string;
  company_name: string;
}

export interface LeadCompanyRow {
  id: string;
  external_id: string;
  name: string;
  industry: Industry;
  size_band: SizeBand;
  credit_grade: CreditGrade | null;
  payroll_with_bank: boolean;
  pos_terminal_count: number;
  has_settlement_account: boolean;
  since: string;
  branch_id: string;
  corporate_rm_id: string | null;
}

export interface LinkerRow {
  id: string;
  full_name: string;
  role: EmploymentRole;
  title: string | null;
  corporate_client_id: string;
}


/** The SQL of the lead lists: ranking, the records shown beside each lead, linkage statistics and freshness. Reads only. */
@Injectable()
export class LeadsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * One page of parties ranked by their best live opportunity of a linkage, through the given
   * companies (or every company), with the filter applied to the opportunities counted.
   */
  async rankParties(q: RankQuery): Promise<RankedPage> {
    if (q.companyIds?.length === 1 && !q.branchId && !q.retailRmId && !q.reach) return this.rankPartiesOfCompany(q.companyIds[0]!, q);
    const personParty = q.linkage !== 'CORPORATE_LEAD';
    const params = [
      q.linkage, q.companyIds ?? null, q.branchId ?? null, q.filter.productCategory ?? null, q.filter.minScore ?? null, q.filter.segment ?? null, q.retailRmId ?? null,
      q.reach?.branchId ?? null, q.reach?.retailRmId ?? null,
    ];
    const ranked = `
      WITH best AS (
        SELECT o.party_id, max(o.score)::float8 AS best
          FROM opportunities o
          JOIN products p ON p.id = o.product_id
          JOIN corporate_clients c ON c.id = o.via_corporate_client_id
          ${personParty ? 'JOIN persons pe ON pe.id = o.party_id' : ''}
         WHERE o.linkage = $1 AND o.status IN ('OPEN', 'CONTACTED')
           AND ($2::uuid[] IS NULL OR o.via_corporate_client_id = ANY($2::uuid[]))
           AND ($3::uuid IS NULL OR c.branch_id = $3::uuid)
           AND ($4::text IS NULL OR p.category = $4::text)
           AND ($5::numeric IS NULL OR o.score >= $5::numeric)
           AND ($6::text IS NULL OR ${personParty ? 'pe.segment = $6::text' : 'false'})
           AND ($7::uuid IS NULL OR EXISTS (SELECT 1 FROM persons vp WHERE vp.id = o.via_person_id AND vp.retail_rm_id = $7::uuid))
           AND ($9::uuid IS NULL OR c.branch_id = $8::uuid OR EXISTS (SELECT 1 FROM persons rp WHERE rp.id = o.via_person_id AND rp.retail_rm_id = $9::uuid))
         GROUP BY o.party_id)`;
    const [[{ total }], page] = await Promise.all([
      this.dataSource.query(`${ranked} SELECT count(*)::int AS total FROM best`, params) as Promise<{ total: number }[]>,
      this.dataSource.query(
        `${ranked}
         SELECT party_id, best FROM best
          WHERE $10::float8 IS NULL OR (best, party_id) < ($10::float8, $11::uuid)
          ORDER BY best DESC, party_id DESC
          LIMIT $12`,
        [...params, q.after?.[0] ?? null, q.after?.[1] ?? null, q.first + 1],
      ) as Promise<RankedPartyRow[]>,
    ]);
    return { items: page.slice(0, q.first), hasNextPage: page.length > q.first, total: total! };
  }

  /**
   * The same ranking for one company, without aggregating the whole list: each party's best live
   * opportunity (the row no other row of the party beats) is read in score order from
   * IDX_opportunities_lead_rank, and the read stops after a page. The total is one index-only count.
   */
  private async rankPartiesOfCompany(companyId: string, q: RankQuery): Promise<RankedPage> {
    const personParty = q.linkage !== 'CORPORATE_LEAD';
    const params = [companyId, q.linkage, q.filter.productCategory ?? null, q.filter.minScore ?? null, q.filter.segment ?? null];
    const qualifies = (alias: string) => `
           ${alias}.via_corporate_client_id = $1 AND ${alias}.linkage = $2 AND ${alias}.status IN ('OPEN', 'CONTACTED')
           AND ($3::text IS NULL OR (SELECT category FROM products WHERE id = ${alias}.product_id) = $3::text)
           AND ($4::numeric IS NULL OR ${alias}.score >= $4::numeric)`;
    const segment = personParty ? `AND ($5::text IS NULL OR (SELECT segment FROM persons WHERE id = o.party_id) = $5::text)` : `AND ($5::text IS NULL OR false)`;
    const [[{ total }], page] = await Promise.all([
      this.dataSource.query(`SELECT count(DISTINCT o.party_id)::int AS total FROM opportunities o WHERE ${qualifies('o')} ${segment}`, params) as Promise<{ total: number }[]>,
      this.dataSource.query(
        `SELECT o.party_id, o.score::float8 AS best
           FROM opportunities o
          WHERE ${qualifies('o')} ${segment}
            AND NOT EXISTS (SELECT 1 FROM opportunities b
                             WHERE b.party_id = o.party_id AND ${qualifies('b')}
                               AND (b.score > o.score OR (b.score = o.score AND b.id > o.id)))
            AND ($6::float8 IS NULL OR (o.score::float8, o.party_id) < ($6::float8, $7::uuid))
          ORDER BY o.score DESC, o.party_id DESC
          LIMIT $8`,
        [...params, q.after?.[0] ?? null, q.after?.[1] ?? null, q.first + 1],
      ) as Promise<RankedPartyRow[]>,
    ]);
    return { items: page.slice(0, q.first), hasNextPage: page.length > q.first, total: total! };
  }

  /** The employees shown beside their prospects, with their employment at this company. */
  prospectPersons(personIds: readonly string[], companyId: string): Promise<ProspectPersonRow[]> {
    return this.dataSource.query(
      `SELECT p.id, p.external_id, p.full_name, p.birth_date::text AS birth_date, p.segment,
              e.title, e.start_date::text AS start_date, e.monthly_salary::float8 AS salary, e.salary_paid_here
         FROM persons p JOIN employments e ON e.person_id = p.id AND e.corporate_client_id = $2 AND e.role = 'EMPLOYEE'
        WHERE p.id = ANY($1::uuid[])`,
      [personIds, companyId],
    );
  }

  /** Which of these persons are in this retail RM's portfolio. */
  async portfolioMembers(personIds: readonly string[], retailRmId: string): Promise<Set<string>> {
    if (personIds.length === 0) return new Set();
    const rows: { id: string }[] = await this.dataSource.query('SELECT id FROM persons WHERE id = ANY($1::uuid[]) AND retail_rm_id = $2', [personIds, retailRmId]);
    return new Set(rows.map((r) => r.id));
  }

  /** Owners and executives with one current leading employment each (the given company's first). */
  leaderPersons(personIds: readonly string[], preferredCompanyId: string | null): Promise<LeaderPersonRow[]> {
    return this.dataSource.query(
      `SELECT DISTINCT ON (p.id) p.id, p.external_id, p.full_name, p.birth_date::text AS birth_date, p.segment, p.aum::float8 AS aum, p.aum::text AS aum_exact,
              e.role, e.title, c.id AS company_id, c.external_id AS company_external_id, c.name AS company_name
         FROM persons p
         JOIN employments e ON e.person_id = p.id AND e.role IN ('EXECUTIVE', 'OWNER') AND ${CURRENT}
         JOIN corporate_clients c ON c.id = e.corporate_client_id
        WHERE p.id = ANY($1::uuid[])
        ORDER BY p.id, (e.corporate_client_id = $2::uuid) DESC, e.start_date`,
      [personIds, preferredCompanyId],
    );
  }

  companies(companyIds: readonly string[]): Promise<LeadCompanyRow[]> {
    return this.dataSource.query(
      `SELECT id, external_id, name, industry, size_band, credit_grade, payroll_with_bank, pos_terminal_count, has_settlement_account,
              relationship_since::text AS since, branch_id, corporate_rm_id
         FROM corporate_clients WHERE id = ANY($1::uuid[])`,
      [companyIds],
    );
  }

  /** The owners and executives through whom companies are reached, per company. */
  async linkers(personIds: readonly string[]): Promise<LinkerRow[]> {
    if (personIds.length === 0) return [];
    return this.dataSource.query(
      `SELECT DISTINCT ON (p.id, e.corporate_client_id) p.id, p.full_name, e.role, e.title, e.corporate_client_id
         FROM persons p JOIN employments e ON e.person_id = p.id AND e.role IN ('EXECUTIVE', 'OWNER')
        WHERE p.id = ANY($1::uuid[])`,
      [personIds],
    );
  }

  /**
   * Card matching, product penetration and opportunity outcomes of one company: the row the refresh
   * worker keeps (one row, whatever the company's size), or aggregated now if it has none yet.
   */
  async linkageStats(companyId: string): Promise<LinkageStatsRow> {
    return (await LinkageStatsRepository.kept(this.dataSource.manager, companyId)) ?? LinkageStatsRepository.aggregate(this.dataSource.manager, companyId);
  }

  /** Employee prospects of one company: its last refresh; pending: its own change and its changed employees. */
  async companyEmployeesFreshness(companyId: string): Promise<Freshness> {
    const [row] = await this.dataSource.query(
      `SELECT c.decided_at AS fresh,
              (c.refresh_change IS NOT NULL)::int
              + (SELECT count(*) FROM persons p
                  WHERE p.refresh_change IS NOT NULL
                    AND EXISTS (SELECT 1 FROM employments e WHERE e.person_id = p.id AND e.corporate_client_id = c.id AND e.role = 'EMPLOYEE' AND ${CURRENT}))::int AS pending
         FROM corporate_clients c WHERE c.id = $1`,
      [companyId],
    );
    return { freshAsOf: row?.fresh ?? null, pendingChanges: row?.pending ?? 0 };
  }

  /**
   * Executive and corporate leads of a scope: the oldest last refresh among the companies in scope;
   * pending: changed companies in scope and their changed owners and executives.
   */
  async leadersFreshness(scope: LeadScope): Promise<Freshness> {
    const [row] = await this.dataSource.query(
      `WITH scope AS (
         SELECT c.id, c.decided_at, c.refresh_change FROM corporate_clients c
          WHERE ($1::uuid IS NULL OR c.id = $1::uuid)
            AND ($2::uuid IS NULL OR c.branch_id = $2::uuid)
            AND ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM employments e JOIN persons p ON p.id = e.person_id
                                              WHERE e.corporate_client_id = c.id AND e.role IN ('EXECUTIVE', 'OWNER') AND ${CURRENT} AND p.retail_rm_id = $3::uuid))
            AND ($5::uuid IS NULL OR c.branch_id = $4::uuid OR EXISTS (SELECT 1 FROM employments e JOIN persons p ON p.id = e.person_id
                                              WHERE e.corporate_client_id = c.id AND e.role IN ('EXECUTIVE', 'OWNER') AND ${CURRENT} AND p.retail_rm_id = $5::uuid)))
       SELECT (SELECT min(decided_at) FROM scope) AS fresh,
              (SELECT count(*) FROM scope WHERE refresh_change IS NOT NULL)::int
              + (SELECT count(DISTINCT p.id) FROM persons p
                  WHERE p.refresh_change IS NOT NULL
                    AND ($3::uuid IS NULL OR p.retail_rm_id = $3::uuid)
                    AND EXISTS (SELECT 1 FROM employments e JOIN scope s ON s.id = e.corporate_client_id
                                 WHERE e.person_id = p.id AND e.role IN ('EXECUTIVE', 'OWNER') AND ${CURRENT}))::int AS pending`,
      [scope.corporateClientId ?? null, scope.branchId ?? null, scope.retailRmId ?? null, scope.reach?.branchId ?? null, scope.reach?.retailRmId ?? null],
    );
    return { freshAsOf: row?.fresh ?? null, pendingChanges: row?.pending ?? 0 };
  }
}
