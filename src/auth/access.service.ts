import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { roleMayCall, type Operation } from './access-policy';
import { forbidden } from './roles.guard';
import type { Viewer } from './viewer';

/** What a viewer may see of one party. */
export interface PartyAccess {
  /** Exact salary, income, assets and balances (else bands): SYSTEM, and a retail RM for their own portfolio. */
  exact: boolean;
}

/** The records a lead list may draw from, after the viewer's scope was applied. */
export interface LeadScope {
  corporateClientId?: string;
  branchId?: string;
  retailRmId?: string;
  /** Leads through clients of this branch OR through persons of `reachRetailRmId`'s portfolio. */
  reach?: { branchId: string | null; retailRmId: string };
}

const CURRENT = '(e.end_date IS NULL OR e.end_date > current_date)';

/**
 * Scope checks, in the services: which companies, persons and opportunities a viewer may reach.
 * Anything out of scope, and anything that does not exist, answers the same FORBIDDEN for a
 * scoped role, so a refusal never tells whether a record exists. Bank-wide roles (SYSTEM, and
 * RULE_ADMIN for whyNot and previewOpportunities) pass; the services then answer NOT_FOUND for unknown ids as before.
 *
 * - CORPORATE_RM: the clients they are responsible for (employee prospects, linkage stats, their
 *   employees and executives), and the clients of their branch (corporate leads).
 * - RETAIL_RM: persons of their portfolio, anywhere; persons of their branch; executives and owners
 *   of their branch's clients, and those clients.
 * - BRANCH_MANAGER: their branch's clients and everyone employed there, and persons of their branch.
 */
@Injectable()
export class AccessService {
  private readonly logger = new Logger('Access');

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The role check again, inside the service: a caller that bypasses the guard is still refused. */
  requireRole(viewer: Viewer, operation: Operation): void {
    if (!roleMayCall(viewer.role, operation)) this.refuse(viewer, operation);
  }

  private refuse(viewer: Viewer, operation: string): never {
    this.logger.warn(`${viewer.role} ${viewer.externalId} refused ${operation}: out of scope`);
    throw forbidden();
  }

  /** A corporate client the viewer may read through this operation. */
  async requireCompany(viewer: Viewer, operation: Operation, companyId: string | undefined): Promise<void> {
    this.requireRole(viewer, operation);
    if (viewer.role === 'SYSTEM') return;
    if (companyId === undefined) this.refuse(viewer, operation);
    const [row] = await this.dataSource.query('SELECT branch_id, corporate_rm_id FROM corporate_clients WHERE id = $1', [companyId]);
    const own = row && row.corporate_rm_id === viewer.managerId;
    const branch = row && viewer.branchId !== null && row.branch_id === viewer.branchId;
    const ok =
      viewer.role === 'CORPORATE_RM'
        ? operation === 'employeeProspects' || operation === 'linkageStats' ? own : own || branch
        : branch;
    if (!ok) this.refuse(viewer, operation);
  }

  /** A person or company the viewer may reach, and whether they see exact figures. */
  async requireParty(viewer: Viewer, operation: Operation, partyId: string | undefined): Promise<PartyAccess> {
    this.requireRole(viewer, operation);
    if (viewer.role === 'SYSTEM') return { exact: true };
    if (viewer.role === 'RULE_ADMIN') return { exact: false };
    if (partyId === undefined) this.refuse(viewer, operation);
    const [row] = await this.dataSource.query(
      `SELECT 'person' AS kind, p.retail_rm_id, p.branch_id,
              EXISTS (SELECT 1 FROM employments e JOIN corporate_clients c ON c.id = e.corporate_client_id
                       WHERE e.person_id = p.id AND ${CURRENT} AND c.corporate_rm_id = $2) AS at_own_client,
              EXISTS (SELECT 1 FROM employments e JOIN corporate_clients c ON c.id = e.corporate_client_id
                       WHERE e.person_id = p.id AND ${CURRENT} AND c.branch_id = $3) AS at_branch_client,
              EXISTS (SELECT 1 FROM employments e JOIN corporate_clients c ON c.id = e.corporate_client_id
                       WHERE e.person_id = p.id AND ${CURRENT} AND e.role IN ('EXECUTIVE', 'OWNER') AND c.branch_id = $3) AS leads_branch_client
         FROM persons p WHERE p.id = $1
       UNION ALL
       SELECT 'company', NULL, c.branch_id, c.corporate_rm_id = $2, c.branch_id = $3, c.branch_id = $3
         FROM corporate_clients c WHERE c.id = $1`,
      [partyId, viewer.managerId, viewer.branchId],
    );
    if (!row) this.refuse(viewer, operation);
    const person = row.kind === 'person';
    const ownPortfolio = person && row.retail_rm_id === viewer.managerId;
    const homeBranch = person && viewer.branchId !== null && row.branch_id === viewer.branchId;
    let ok = false;
    if (viewer.role === 'CORPORATE_RM') ok = row.at_own_client || (!person && row.at_branch_client);
    else if (viewer.role === 'RETAIL_RM') ok = ownPortfolio || homeBranch || row.leads_branch_client;
    else if (viewer.role === 'BRANCH_MANAGER') ok = homeBranch || row.at_branch_client;
    if (!ok) this.refuse(viewer, operation);
    return { exact: viewer.role === 'RETAIL_RM' && ownPortfolio };
  }

  /**
   * Who may record an outcome on an opportunity: SYSTEM; the RM responsible for the route through
   * which it arose (the corporate RM of the company it came through; the retail RM of the person of
   * that route); or the manager of that company's branch or of that person's home branch. Seeing
   * the party is not enough: an RM who reaches a person through their own client may not close an
   * opportunity that arose through another RM's client.
   */
  async requireOutcomeScope(viewer: Viewer, opportunityId: string): Promise<void> {
    const operation = 'recordOutcome';
    this.requireRole(viewer, operation);
    if (viewer.role === 'SYSTEM') return;
    const [row] = await this.dataSource.query(
      `SELECT c.corporate_rm_id, c.branch_id AS company_branch_id, p.retail_rm_id, p.branch_id AS person_branch_id
         FROM opportunities o
         JOIN corporate_clients c ON c.id = o.via_corporate_client_id
         LEFT JOIN persons p ON p.id = o.via_person_id
        WHERE o.id = $1`,
      [opportunityId],
    );
    if (!row) this.refuse(viewer, operation);
    const inBranch = (branchId: string | null) => viewer.branchId !== null && branchId === viewer.branchId;
    const ok =
      viewer.role === 'CORPORATE_RM'
        ? row.corporate_rm_id === viewer.managerId
        : viewer.role === 'RETAIL_RM'
          ? row.retail_rm_id === viewer.managerId
          : viewer.role === 'BRANCH_MANAGER' && (inBranch(row.company_branch_id) || inBranch(row.person_branch_id));
    if (!ok) this.refuse(viewer, operation);
  }

  /**
   * The scope of an executive or corporate lead list: what the viewer asked for, narrowed to what
   * they may see. Asking for a branch, client or portfolio outside it is refused.
   */
  async leadScope(viewer: Viewer, operation: 'executiveLeads' | 'corporateLeads', asked: LeadScope): Promise<LeadScope> {
    this.requireRole(viewer, operation);
    if (asked.branchId !== undefined && asked.branchId !== viewer.branchId) this.refuse(viewer, operation);
    if (asked.corporateClientId !== undefined) {
      const [row] = await this.dataSource.query('SELECT branch_id FROM corporate_clients WHERE id = $1', [asked.corporateClientId]);
      if (!row || viewer.branchId === null || row.branch_id !== viewer.branchId) this.refuse(viewer, operation);
    }
    if (asked.retailRmId !== undefined && asked.retailRmId !== viewer.managerId) {
      if (viewer.role !== 'BRANCH_MANAGER') this.refuse(viewer, operation);
      const [rm] = await this.dataSource.query('SELECT branch_id FROM managers WHERE id = $1', [asked.retailRmId]);
      if (!rm || rm.branch_id !== viewer.branchId) this.refuse(viewer, operation);
    }
    if (viewer.role === 'RETAIL_RM') {
      // Their portfolio wherever its companies bank, and their branch's clients.
      if (asked.retailRmId !== undefined || asked.corporateClientId !== undefined || asked.branchId !== undefined) return { ...asked };
      return { reach: { branchId: viewer.branchId, retailRmId: viewer.managerId } };
    }
    if (viewer.branchId === null) this.refuse(viewer, operation);
    return asked.corporateClientId !== undefined ? { ...asked } : { ...asked, branchId: viewer.branchId };
  }
}
