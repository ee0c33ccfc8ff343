import { AppConfig } from '../config/app-config';
import { AccessService, type LeadScope } from '../auth/access.service';
import { AuditService } from '../audit/audit.service';
import type { Viewer } from '../auth/viewer';
import { Injectable } from '@nestjs/common';
import { todayIso } from '../common/dates';
import { ReadCache } from '../common/read-cache';
import { decodeCursor } from '../common/pagination/pagination';
import { OpportunitiesService } from '../opportunities/opportunities.service';
import { LeadsRepository, type RankQuery } from './leads.repository';
import { connection, corporateEdge, executiveEdge, linkageStats, prospectEdge } from './leads.mapper';
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

/**
 * Lead pages are served from memory while no opportunity changed (on any instance: see
 * LeadCacheInvalidation) and at most this long.
 */

/**
 * The lead lists managers work from, read from the persisted opportunities as the refresh worker
 * decided them (reads never recompute or write them; each list says how fresh it is), ranked by each
 * party's best opportunity, paged by keyset so paging through a list returns every item once. The
 * service composes access, audit, the one page cache and the repository.
 */
@Injectable()
export class LeadsService {
  private readonly pages: ReadCache<unknown>;

  constructor(
    config: AppConfig,
    private readonly repository: LeadsRepository,
    private readonly opportunities: OpportunitiesService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {
    this.pages = new ReadCache<unknown>(config.LEAD_CACHE_MS, 500);
  }

  /**
   * The page for these arguments and this viewer, after the viewer's access was checked: cached per
   * viewer and scope (what a list shows depends on who asks), and audited on every view, cached or not.
   */
  private async viewed<T extends { edges: unknown[] }>(viewer: Viewer, operation: string, scope: object, compute: () => Promise<T>): Promise<T> {
    const page = (await this.pages.get(`${operation}:${viewer.managerId}:${viewer.role}:${JSON.stringify(scope)}`, compute)) as T;
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

  /** Card matching rate, product penetration and opportunity outcomes of one company. */
  async linkageStats(viewer: Viewer, corporateClientId: string): Promise<LinkageStatsModel> {
    await this.access.requireCompany(viewer, 'linkageStats', corporateClientId);
    return linkageStats(await this.repository.linkageStats(corporateClientId));
  }

  private async computeEmployeeProspects(args: EmployeeProspectsArgs): Promise<EmployeeProspectConnectionModel> {
    const clientId = args.corporateClientId;
    const filter = args.filter ?? {};
    const [{ items, hasNextPage, total }, freshness] = await Promise.all([
      this.repository.rankParties({ linkage: 'EMPLOYEE_PROSPECT', companyIds: [clientId], filter, first: args.first, after: afterOf(args.after) }),
      this.repository.companyEmployeesFreshness(clientId),
    ]);
    const ids = items.map((r) => r.party_id);
    const [people, opportunities] = await Promise.all([
      this.repository.prospectPersons(ids, clientId),
      this.opportunities.listForParties(ids, { viaCorporateClientId: clientId, linkages: ['EMPLOYEE_PROSPECT'], productCategory: filter.productCategory, minScore: filter.minScore, mask: true }),
    ]);
    const today = todayIso();
    const byId = new Map(people.map((p) => [p.id, p]));
    const edges = items.filter((r) => byId.has(r.party_id)).map((r) => prospectEdge(r, byId.get(r.party_id)!, opportunities.get(r.party_id) ?? [], today));
    return connection(edges, hasNextPage, total, freshness, args.after ?? undefined);
  }

  private async computeExecutiveLeads(viewer: Viewer, args: ScopedLeadsArgs & LeadScope): Promise<ExecutiveLeadConnectionModel> {
    const filter = args.filter ?? {};
    const [{ items, hasNextPage, total }, freshness] = await Promise.all([this.rankScoped('EXECUTIVE_LEAD', args, filter), this.repository.leadersFreshness(args)]);
    const ids = items.map((r) => r.party_id);
    // Exact figures only for a retail RM's own portfolio.
    const own = viewer.role === 'RETAIL_RM' ? await this.repository.portfolioMembers(ids, viewer.managerId) : new Set<string>();
    const [people, opportunities] = await Promise.all([
      this.repository.leaderPersons(ids, args.corporateClientId ?? null),
      this.opportunities.listForParties(ids, { linkages: ['EXECUTIVE_LEAD'], productCategory: filter.productCategory, minScore: filter.minScore, mask: (id) => !own.has(id) }),
    ]);
    const today = todayIso();
    const byId = new Map(people.map((p) => [p.id, p]));
    const edges = items.filter((r) => byId.has(r.party_id)).map((r) => executiveEdge(r, byId.get(r.party_id)!, opportunities.get(r.party_id) ?? [], own.has(r.party_id), today));
    return connection(edges, hasNextPage, total, freshness, args.after ?? undefined);
  }

  private async computeCorporateLeads(args: ScopedLeadsArgs & LeadScope): Promise<CorporateLeadConnectionModel> {
    const filter = args.filter ?? {};
    const [{ items, hasNextPage, total }, freshness] = await Promise.all([
      this.rankScoped('CORPORATE_LEAD', args, { ...filter, segment: undefined }),
      this.repository.leadersFreshness(args),
    ]);
    const ids = items.map((r) => r.party_id);
    const [companies, opportunities] = await Promise.all([
      this.repository.companies(ids),
      this.opportunities.listForParties(ids, { linkages: ['CORPORATE_LEAD'], productCategory: filter.productCategory, minScore: filter.minScore, mask: true }),
    ]);
    const linkers = await this.repository.linkers([...new Set([...opportunities.values()].flat().map((o) => o.viaPersonId))]);
    const byId = new Map(companies.map((c) => [c.id, c]));
    const edges = items.filter((r) => byId.has(r.party_id)).map((r) => corporateEdge(r, byId.get(r.party_id)!, opportunities.get(r.party_id) ?? [], linkers));
    return connection(edges, hasNextPage, total, freshness, args.after ?? undefined);
  }

  /** The ranking of a list scoped by client, branch, portfolio or reach. */
  private rankScoped(linkage: string, args: ScopedLeadsArgs & LeadScope, filter: LeadFilterInput) {
    const query: RankQuery = {
      linkage,
      companyIds: args.corporateClientId ? [args.corporateClientId] : undefined,
      branchId: args.branchId,
      retailRmId: args.retailRmId,
      reach: args.reach,
      filter,
      first: args.first,
      after: afterOf(args.after),
    };
    return this.repository.rankParties(query);
  }
}

/** The keyset position a cursor names ([best score, party id]); a cursor of another list is refused. */
const afterOf = (after: string | null | undefined): [number, string] | undefined => decodeCursor<[number, string]>(after ?? undefined, ['number', 'string']);
