import { pageInfoOf } from '../common/pagination/pagination';
/** Rows of the lead lists as the API shows them: pure functions, bands instead of figures where the viewer may not see them. */
import { ageOn, monthsBetween } from '../common/dates';
import { encodeCursor } from '../common/pagination/pagination';
import { amountBand, salaryBand } from '../common/privacy/bands';
import type { OpportunityModel } from '../opportunities/models/opportunity.model';
import type { Freshness } from '../opportunities/opportunities.repository';
import type { LeadCompanyRow, LeaderPersonRow, LinkageStatsRow, LinkerRow, ProspectPersonRow, RankedPartyRow } from './leads.repository';
import type { LinkageStatsModel } from './models/linkage-stats.model';

/** A Relay connection from a page of edges, with how fresh it is. */
export function connection<N>(edges: { cursor: string; node: N }[], hasNextPage: boolean, totalCount: number, freshness: Freshness, after: string | undefined) {
  return { edges, pageInfo: pageInfoOf(edges, hasNextPage, after), totalCount, ...freshness };
}

const cursorOf = (r: RankedPartyRow) => encodeCursor([r.best, r.party_id]);

export function prospectEdge(r: RankedPartyRow, p: ProspectPersonRow, opportunities: OpportunityModel[], today: string) {
  return {
    cursor: cursorOf(r),
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
      opportunities,
    },
  };
}

/** `exact`: the viewer may see this person's exact assets (a retail RM's own portfolio). */
export function executiveEdge(r: RankedPartyRow, p: LeaderPersonRow, opportunities: OpportunityModel[], exact: boolean, today: string) {
  return {
    cursor: cursorOf(r),
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
        aum: exact ? p.aum_exact : null,
        company: { id: p.company_id, externalId: p.company_external_id, name: p.company_name },
      },
      bestScore: r.best,
      opportunities,
    },
  };
}

export function corporateEdge(r: RankedPartyRow, c: LeadCompanyRow, opportunities: OpportunityModel[], linkers: LinkerRow[]) {
  const via = new Set(opportunities.map((o) => o.viaPersonId));
  return {
    cursor: cursorOf(r),
    node: {
      company: {
        id: c.id, externalId: c.external_id, name: c.name, industry: c.industry, sizeBand: c.size_band, creditGrade: c.credit_grade,
        payrollWithBank: c.payroll_with_bank, posTerminalCount: c.pos_terminal_count, hasSettlementAccount: c.has_settlement_account,
        relationshipSince: c.since, branchId: c.branch_id, corporateRmId: c.corporate_rm_id,
      },
      bestScore: r.best,
      opportunities,
      linkedThrough: linkers.filter((l) => via.has(l.id) && l.corporate_client_id === c.id).map((l) => ({ id: l.id, fullName: l.full_name, role: l.role, title: l.title })),
    },
  };
}

const rate = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000);

export function linkageStats(s: LinkageStatsRow): LinkageStatsModel {
  return {
    employees: s.employees,
    payrollEmployees: s.payroll,
    payrollEmployeesWithDebitCard: s.payroll_with_card,
    cardMatchingRate: rate(s.payroll_with_card, s.payroll),
    penetration: s.penetration.map((p) => ({ category: p.category, holders: p.holders, rate: rate(p.holders, s.employees) })),
    openOpportunities: s.open,
    acceptedOpportunities: s.accepted,
    declinedOpportunities: s.declined,
  };
}
