import { AccessService, type LeadScope } from '../auth/access.service';
import { AuditService } from '../audit/audit.service';
import type { Viewer } from '../auth/viewer';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ageOn, monthsBetween, todayIso } from '../common/dates';
import { ReadCache } from '../common/read-cache';
import { decodeCursor, encodeCursor, pageInfoOf } from '../common/pagination/pagination';
import { amountBand, salaryBand } from '../common/privacy/bands';
import { OpportunitiesService } from '../opportunities/opportunities.service';
import type { EmployeeProspectsArgs, LeadFilterInput, ScopedLeadsArgs } from './dto/employee-prospects.args';
import type { CorporateLeadConnectionModel, ExecutiveLeadConnectionModel } from './models/lead.model';
import type { LinkageStatsModel } from './models/linkage-stats.model';
import type { EmployeeProspectConnectionModel } from './models/employee-prospect.model';

/** The scope arguments of a lead list. */
const pickScope = (args: ScopedLeadsArgs): LeadScope => ({
  ...(args.corporateClientId !== undefined ? { corporateClientId: args.corporateClientId } : {}),
  ...(args.branchId !== undefined ? { branchId: args.branchId } : {}),
  ...(args.retailRmId !== undefined ? { retailRmId: args.retailRmId } : {}),
});

/** A Relay connection from a page of edges. */
function connection<N>(edges: { cursor: string; node: N }[], hasNextPage: boolean, totalCount: number, after: string | undefined) {
  return { edges, pageInfo: pageInfoOf(edges, hasNextPage, after), totalCount };
}

/** Lead pages are served from memory while nothing changed in this process, and at most this long. */
const PAGE_TTL_MS = 2000;

/** Refreshing more stale persons than this one by one costs more than refreshing the company. */
const STALE_ONE_BY_ONE = 200;

/**
 * The lead lists managers work from, read from the persisted opportunities (kept current by
 * refreshes and by recomputing stale persons before a read), ranked by each party's best opportunity,
 * paged by keyset so paging through a list returns every item once.
 */
@Injectable()
export class LeadsService {
  private readonly pages = new ReadCache<unknown>(PAGE_TTL_MS, 500);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly opportunities: OpportunitiesService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  /**
   * The page for these arguments and this viewer (what a list shows depends on who asks), from the
   * read cache when nothing changed since it was computed; every view is audited, cached or not.
   */
  private async viewed<T extends { edges: unknown[] }>(viewer: Viewer, operation: string, scope: object, compute: () => Promise<T>): Promise<T> {
    const page = (await this.pages.get(`${operation}:${viewer.managerId}:${JSON.stringify(scope)}`, compute)) as T;
    await this.audit.record(viewer, { action: 'LEAD_LIST_VIEWED', operation, scope: { ...scope }, personCount: page.edges.length });
    return page;
  }

  async employeeProspects(viewer: Viewer, args: EmployeeProspectsArgs): Promise<EmployeeProspectConnectionModel> {
    await this.access.requireCompany(viewer, 'employeeProspects', args.corporateClientId);
    return this.viewed(viewer, 'employeeProspects', { ...args }, () => this.computeEmployeeProspects(args));
  }

  async executiveLeads(viewer: Viewer, args: ScopedLeadsArgs): Promise<ExecutiveLeadConnectionModel> {
    const scope = await this.access.leadScope(viewer, 'executiveLeads', pickScope(args));
    const scoped = { ...args, ...scope };
    return this.viewed(viewer, 'executiveLeads', scoped, () => this.computeExecutiveLeads(viewer, scoped));
  }

  async corporateLeads(viewer: Viewer, args: ScopedLeadsArgs): Promise<CorporateLeadConnectionModel> {
    const scope = await this.access.leadScope(viewer, 'corporateLeads', pickScope(args));
    const scoped = { ...args, ...scope };
    return this.viewed(viewer, 'corporateLeads', scoped, () => this.computeCorporateLeads(scoped));
  }

  private async computeEmployeeProspects(args: EmployeeProspectsArgs): Promise<EmployeeProspectConnectionModel> {
    const clientId = args.corporateClientId;
    await this.refreshStaleEmployees(clientId);

    const filter = args.filter ?? {};
    const { items, hasNextPage, total } = await this.rankParties({ linkage: 'EMPLOYEE_PROSPECT', companyIds: [clientId], filter, first: args.first, after: args.after });
    const ids = items.map((r) => r.party_id);
    const [people, opportunities] = await Promise.all([
      this.dataSource.query(
        `SELECT p.id, p.external_id, p.full_name, p.birth_date::text AS birth_date, p.segment,
                e.title, e.start_date::text AS start_date, e.monthly_salary::float8 AS salary, e.salary_paid_here
           FROM persons p JOIN employments e ON e.person_id = p.id AND e.corporate_client_id = $2 AND e.role = 'EMPLOYEE'
          WHERE p.id = ANY($1::uuid[])`,
        [ids, clientId],
      ) as Promise<any[]>,
      this.opportunities.listForParties(ids, {
        viaCorporateClientId: clientId,
        linkages: ['EMPLOYEE_PROSPECT'],
        productCategory: filter.productCategory,
        minScore: filter.minScore,
        mask: true,
      }),
    ]);
    const today = todayIso();
    const personById = new Map(people.map((p) => [p.id, p]));
    const edges = items.map((r) => {
      const p = personById.get(r.party_id)!;
      return {
        cursor: encodeCursor([r.best, r.party_id]),
        node: {
          person: {
            id: p.id,
            externalId: p.external_id,
            fullName: p.full_name,
            age: ageOn(p.birth_date, today),
            segment: p.segment,
            title: p.title,
            tenureMonths: monthsBetween(p.start_date, today),
            salaryBand: salaryBand(p.salary),
            salaryPaidHere: p.salary_paid_here,
          },
          bestScore: r.best,
          opportunities: opportunities.get(r.party_id) ?? [],
        },
      };
    });
    return connection(edges, hasNextPage, total, args.after);
  }

  private async computeExecutiveLeads(viewer: Viewer, args: ScopedLeadsArgs & LeadScope): Promise<ExecutiveLeadConnectionModel> {
    await this.refreshStaleExecutives(args, false);

    const filter = args.filter ?? {};
    const { items, hasNextPage, total } = await this.rankScoped('EXECUTIVE_LEAD', args, filter);
    const ids = items.map((r) => r.party_id);
    // Exact figures only for a retail RM's own portfolio.
    const own = new Set<string>(
      viewer.role === 'RETAIL_RM' && ids.length > 0
        ? (await this.dataSource.query('SELECT id FROM persons WHERE id = ANY($1::uuid[]) AND retail_rm_id = $2', [ids, viewer.managerId])).map((r: { id: string }) => r.id)
        : [],
    );
    const exact = (personId: string) => own.has(personId);
    const [people, opportunities] = await Promise.all([
      this.dataSource.query(
        `SELECT DISTINCT ON (p.id) p.id, p.external_id, p.full_name, p.birth_date::text AS birth_date, p.segment, p.aum::float8 AS aum, p.aum::text AS aum_exact, p.retail_rm_id,
                e.role, e.title, c.id AS company_id, c.external_id AS company_external_id, c.name AS company_name
           FROM persons p
           JOIN employments e ON e.person_id = p.id AND e.role IN ('EXECUTIVE', 'OWNER') AND (e.end_date IS NULL OR e.end_date > current_date)
           JOIN corporate_clients c ON c.id = e.corporate_client_id
          WHERE p.id = ANY($1::uuid[])
          ORDER BY p.id, (e.corporate_client_id = $2::uuid) DESC, e.start_date`,
        [ids, args.corporateClientId ?? null],
      ) as Promise<any[]>,
      this.opportunities.listForParties(ids, { linkages: ['EXECUTIVE_LEAD'], productCategory: filter.productCategory, minScore: filter.minScore, mask: (id) => !exact(id) }),
    ]);
    const today = todayIso();
    const byId = new Map(people.map((p) => [p.id, p]));
    const edges = items
      .filter((r) => byId.has(r.party_id))
      .map((r) => {
        const p = byId.get(r.party_id)!;
        return {
          cursor: encodeCursor([r.best, r.party_id]),
          node: {
            person: {
              id: p.id,
              externalId: p.external_id,
              fullName: p.full_name,
              age: ageOn(p.birth_date, today),
              segment: p.segment,
              role: p.role,
              title: p.title,
              aumBand: amountBand(p.aum),
              aum: exact(p.id) ? p.aum_exact : null,
              company: { id: p.company_id, externalId: p.company_external_id, name: p.company_name },
            },
            bestScore: r.best,
            opportunities: opportunities.get(r.party_id) ?? [],
          },
        };
      });
    return connection(edges, hasNextPage, total, args.after);
  }

  private async computeCorporateLeads(args: ScopedLeadsArgs & LeadScope): Promise<CorporateLeadConnectionModel> {
    await this.refreshStaleExecutives(args, true);
    const filter = args.filter ?? {};
    const { items, hasNextPage, total } = await this.rankScoped('CORPORATE_LEAD', args, { ...filter, segment: undefined });
    const ids = items.map((r) => r.party_id);
    const [companies, opportunities] = await Promise.all([
      this.dataSource.query('SELECT * , relationship_since::text AS since FROM corporate_clients WHERE id = ANY($1::uuid[])', [ids]) as Promise<any[]>,
      this.opportunities.listForParties(ids, { linkages: ['CORPORATE_LEAD'], productCategory: filter.productCategory, minScore: filter.minScore, mask: true }),
    ]);
    const linkerIds = [...new Set([...opportunities.values()].flat().map((o) => o.viaPersonId))];
    const linkers: any[] = linkerIds.length
      ? await this.dataSource.query(
          `SELECT DISTINCT ON (p.id, e.corporate_client_id) p.id, p.full_name, e.role, e.title, e.corporate_client_id
             FROM persons p JOIN employments e ON e.person_id = p.id AND e.role IN ('EXECUTIVE', 'OWNER')
            WHERE p.id = ANY($1::uuid[])`,
          [linkerIds],
        )
      : [];
    const byCompany = new Map(companies.map((c) => [c.id, c]));
    const edges = items
      .filter((r) => byCompany.has(r.party_id))
      .map((r) => {
        const c = byCompany.get(r.party_id)!;
        const list = opportunities.get(r.party_id) ?? [];
        const via = new Set(list.map((o) => o.viaPersonId));
        return {
          cursor: encodeCursor([r.best, r.party_id]),
          node: {
            company: {
              id: c.id, externalId: c.external_id, name: c.name, industry: c.industry, sizeBand: c.size_band, creditGrade: c.credit_grade,
              payrollWithBank: c.payroll_with_bank, posTerminalCount: c.pos_terminal_count, hasSettlementAccount: c.has_settlement_account,
              relationshipSince: c.since, branchId: c.branch_id, corporateRmId: c.corporate_rm_id,
            },
            bestScore: r.best,
            opportunities: list,
            linkedThrough: linkers
              .filter((l) => via.has(l.id) && l.corporate_client_id === c.id)
              .map((l) => ({ id: l.id, fullName: l.full_name, role: l.role, title: l.title })),
          },
        };
      });
    return connection(edges, hasNextPage, total, args.after);
  }

  /** Card matching rate, product penetration and opportunity outcomes of one company, in three queries. */
  async linkageStats(viewer: Viewer, corporateClientId: string): Promise<LinkageStatsModel> {
    await this.access.requireCompany(viewer, 'linkageStats', corporateClientId);
    const [workforce, penetration, outcomes] = await Promise.all([
      this.dataSource.query(
        `SELECT count(*)::int AS employees,
                count(*) FILTER (WHERE e.salary_paid_here)::int AS payroll,
                count(*) FILTER (WHERE e.salary_paid_here AND EXISTS (
                  SELECT 1 FROM holdings h JOIN products p ON p.id = h.product_id
                   WHERE h.person_id = e.person_id AND h.closed_at IS NULL AND p.category = 'DEBIT_CARD'))::int AS payroll_with_card
           FROM employments e
          WHERE e.corporate_client_id = $1 AND e.role = 'EMPLOYEE' AND (e.end_date IS NULL OR e.end_date > current_date)`,
        [corporateClientId],
      ) as Promise<any[]>,
      this.dataSource.query(
        `SELECT p.category, count(DISTINCT e.person_id)::int AS holders
           FROM employments e
           JOIN holdings h ON h.person_id = e.person_id AND h.closed_at IS NULL
           JOIN products p ON p.id = h.product_id
          WHERE e.corporate_client_id = $1 AND e.role = 'EMPLOYEE' AND (e.end_date IS NULL OR e.end_date > current_date)
          GROUP BY p.category ORDER BY p.category`,
        [corporateClientId],
      ) as Promise<any[]>,
      this.dataSource.query(
        `SELECT count(*) FILTER (WHERE status IN ('OPEN', 'CONTACTED'))::int AS open,
                count(*) FILTER (WHERE status = 'ACCEPTED')::int AS accepted,
                count(*) FILTER (WHERE status = 'DECLINED')::int AS declined
           FROM opportunities WHERE via_corporate_client_id = $1`,
        [corporateClientId],
      ) as Promise<any[]>,
    ]);
    const w = workforce[0];
    const rate = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000);
    return {
      employees: w.employees,
      payrollEmployees: w.payroll,
      payrollEmployeesWithDebitCard: w.payroll_with_card,
      cardMatchingRate: rate(w.payroll_with_card, w.payroll),
      penetration: penetration.map((p) => ({ category: p.category, holders: p.holders, rate: rate(p.holders, w.employees) })),
      openOpportunities: outcomes[0].open,
      acceptedOpportunities: outcomes[0].accepted,
      declinedOpportunities: outcomes[0].declined,
    };
  }

  /** rankParties for a list scoped by client or branch. */
  private rankScoped(linkage: string, args: ScopedLeadsArgs & LeadScope, filter: LeadFilterInput) {
    const companyIds = args.corporateClientId ? [args.corporateClientId] : undefined;
    return this.rankParties({ linkage, companyIds, branchId: args.branchId, retailRmId: args.retailRmId, reach: args.reach, filter, first: args.first, after: args.after });
  }

  /**
   * One page of parties ranked by their best live opportunity of a linkage, through the given
   * companies (or every company), with the filter applied to the opportunities counted.
   */
  private async rankParties(q: {
    linkage: string;
    companyIds?: readonly string[];
    branchId?: string;
    /** Only leads whose linking person is in this retail RM's portfolio. */
    retailRmId?: string;
    /** Only leads through clients of this branch or through persons of this portfolio. */
    reach?: LeadScope['reach'];
    filter: LeadFilterInput;
    first: number;
    after?: string;
  }): Promise<{ items: { party_id: string; best: number }[]; hasNextPage: boolean; total: number }> {
    const after = decodeCursor<[number, string]>(q.after, ['number', 'string']);
    if (q.companyIds?.length === 1 && !q.branchId && !q.retailRmId && !q.reach) return this.rankPartiesOfCompany(q.companyIds[0]!, q, after);
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
      this.dataSource.query(`${ranked} SELECT count(*)::int AS total FROM best`, params),
      this.dataSource.query(
        `${ranked}
         SELECT party_id, best FROM best
          WHERE $10::float8 IS NULL OR (best, party_id) < ($10::float8, $11::uuid)
          ORDER BY best DESC, party_id DESC
          LIMIT $12`,
        [...params, after?.[0] ?? null, after?.[1] ?? null, q.first + 1],
      ) as Promise<{ party_id: string; best: number }[]>,
    ]);
    return { items: page.slice(0, q.first), hasNextPage: page.length > q.first, total };
  }

  /**
   * The same ranking for one company, without aggregating the whole list: each party's best live
   * opportunity (the row no other row of the party beats) is read in score order from
   * IDX_opportunities_lead_rank, and the read stops after a page. The total is one index-only count.
   */
  private async rankPartiesOfCompany(
    companyId: string,
    q: { linkage: string; filter: LeadFilterInput; first: number },
    after: [number, string] | undefined,
  ): Promise<{ items: { party_id: string; best: number }[]; hasNextPage: boolean; total: number }> {
    const personParty = q.linkage !== 'CORPORATE_LEAD';
    const params = [companyId, q.linkage, q.filter.productCategory ?? null, q.filter.minScore ?? null, q.filter.segment ?? null];
    const qualifies = (alias: string) => `
           ${alias}.via_corporate_client_id = $1 AND ${alias}.linkage = $2 AND ${alias}.status IN ('OPEN', 'CONTACTED')
           AND ($3::text IS NULL OR (SELECT category FROM products WHERE id = ${alias}.product_id) = $3::text)
           AND ($4::numeric IS NULL OR ${alias}.score >= $4::numeric)`;
    const segment = personParty ? `AND ($5::text IS NULL OR (SELECT segment FROM persons WHERE id = o.party_id) = $5::text)` : `AND ($5::text IS NULL OR false)`;
    const [[{ total }], page] = await Promise.all([
      this.dataSource.query(`SELECT count(DISTINCT o.party_id)::int AS total FROM opportunities o WHERE ${qualifies('o')} ${segment}`, params),
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
        [...params, after?.[0] ?? null, after?.[1] ?? null, q.first + 1],
      ) as Promise<{ party_id: string; best: number }[]>,
    ]);
    return { items: page.slice(0, q.first), hasNextPage: page.length > q.first, total };
  }

  /**
   * Recomputes owners and executives in scope whose data changed since their opportunities were
   * computed, and, for corporate leads, the corporate leads of their companies (who links a company
   * depends on what its owners hold).
   */
  private async refreshStaleExecutives(args: ScopedLeadsArgs & LeadScope, corporate: boolean): Promise<void> {
    const stale: { person_id: string; company_id: string }[] = await this.dataSource.query(
      `SELECT p.id AS person_id, e.corporate_client_id AS company_id
         FROM persons p
         JOIN employments e ON e.person_id = p.id AND e.role IN ('EXECUTIVE', 'OWNER') AND (e.end_date IS NULL OR e.end_date > current_date)
         JOIN corporate_clients c ON c.id = e.corporate_client_id
        WHERE p.opportunities_stale_since IS NOT NULL
          AND ($1::uuid IS NULL OR e.corporate_client_id = $1::uuid)
          AND ($2::uuid IS NULL OR c.branch_id = $2::uuid)
          AND ($3::uuid IS NULL OR p.retail_rm_id = $3::uuid)
          AND ($5::uuid IS NULL OR c.branch_id = $4::uuid OR p.retail_rm_id = $5::uuid)
        LIMIT ${STALE_ONE_BY_ONE}`,
      [
        args.corporateClientId ?? null, args.branchId ?? null, args.retailRmId ?? null,
        args.reach?.branchId ?? null, args.reach?.retailRmId ?? null,
      ],
    );
    for (const personId of new Set(stale.map((s) => s.person_id))) await this.opportunities.refreshPerson(personId);
    if (corporate) for (const companyId of new Set(stale.map((s) => s.company_id))) await this.opportunities.refresh(companyId, undefined, ['CORPORATE_LEAD']);
  }

  /** Recomputes employees whose data changed since their opportunities were computed. */
  private async refreshStaleEmployees(clientId: string): Promise<void> {
    // Starts from the (few) stale persons, through their partial index, not from the company's staff.
    const stale: { person_id: string }[] = await this.dataSource.query(
      `SELECT p.id AS person_id FROM persons p
        WHERE p.opportunities_stale_since IS NOT NULL
          AND EXISTS (SELECT 1 FROM employments e WHERE e.person_id = p.id AND e.corporate_client_id = $1)
        LIMIT ${STALE_ONE_BY_ONE + 1}`,
      [clientId],
    );
    if (stale.length > STALE_ONE_BY_ONE) {
      await this.opportunities.refresh(clientId);
      return;
    }
    for (const { person_id } of stale) await this.opportunities.refreshPerson(person_id);
  }
}
