import { AccessService } from '../auth/access.service';
import type { Viewer } from '../auth/viewer';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import { describeKey } from '../common/dto/record-key.args';
import { CorporateClientEntity } from './corporate-client.entity';
import type { CorporateClientModel, WorkforceSummaryModel } from './models/corporate-client.model';
import type { UpsertCorporateClientInput } from './dto/upsert-corporate-client.input';
import { idByExternalId, optionalIdByExternalId, upsertByExternalId } from '../common/upsert';
import { decodeCursor, encodeCursor, pageInfoOf, type PageArgs } from '../common/pagination/pagination';
import { CorporateClientsRepository, type ClientOwner, type MyClientRow } from './corporate-clients.repository';
import type { MyClientConnectionModel } from './models/my-client.model';
import { ChangesService } from '../changes/changes.service';

@Injectable()
export class CorporateClientsService {
  constructor(
    @InjectRepository(CorporateClientEntity) private readonly clients: Repository<CorporateClientEntity>,
    private readonly access: AccessService,
    private readonly repository: CorporateClientsRepository,
    private readonly changes: ChangesService,
  ) {}

  /**
   * "My clients": a corporate RM's own clients, or a branch manager's branch's clients, by name,
   * with headcount, payroll employees, card matching rate and open opportunities.
   */
  async myClients(viewer: Viewer, args: PageArgs): Promise<MyClientConnectionModel> {
    this.access.requireRole(viewer, 'myClients');
    const owner: ClientOwner | undefined =
      viewer.role === 'BRANCH_MANAGER' ? (viewer.branchId ? { branchId: viewer.branchId } : undefined) : { corporateRmId: viewer.managerId };
    if (!owner) return { edges: [], pageInfo: pageInfoOf([], false, args.after), totalCount: 0 };
    const after = decodeCursor<[string, string]>(args.after, ['string', 'string']);
    const { rows, total } = await this.repository.pageOf(owner, args.first, after);
    const edges = rows.slice(0, args.first).map((row) => ({ cursor: encodeCursor([row.name, row.id]), node: toMyClient(row) }));
    return { edges, pageInfo: pageInfoOf(edges, rows.length > args.first, args.after), totalCount: total };
  }

  /** One client as this viewer may see it: out of scope and unknown answer the same FORBIDDEN. */
  async read(viewer: Viewer, key: { id: string } | { externalId: string }): Promise<CorporateClientModel> {
    this.access.requireRole(viewer, 'corporateClient');
    const row = await this.clients.findOne({ where: key });
    if (!row && viewer.role === 'SYSTEM') throw AppError.notFound('corporate client', describeKey(key));
    await this.access.requireCompany(viewer, 'corporateClient', row?.id);
    return toModel(row!);
  }

  async get(key: { id: string } | { externalId: string }): Promise<CorporateClientModel> {
    const row = await this.clients.findOne({ where: key });
    if (!row) throw AppError.notFound('corporate client', describeKey(key));
    return toModel(row);
  }

  async upsert(viewer: Viewer, input: UpsertCorporateClientInput): Promise<CorporateClientModel> {
    this.access.requireRole(viewer, 'upsertCorporateClient');
    const id = await this.clients.manager.transaction(async (db) => {
      const branchId = await idByExternalId(db, 'branches', 'branch', 'branchExternalId', input.branchExternalId);
      const rmId = await optionalIdByExternalId(db, 'managers', 'manager', 'corporateRmExternalId', input.corporateRmExternalId);
      const written = await upsertByExternalId(db, 'corporate_clients', input.externalId, {
        name: input.name,
        industry: input.industry,
        size_band: input.sizeBand,
        credit_grade: input.creditGrade,
        branch_id: branchId,
        corporate_rm_id: rmId,
        payroll_with_bank: input.payrollWithBank,
        pos_terminal_count: input.posTerminalCount,
        has_settlement_account: input.hasSettlementAccount,
        relationship_since: input.relationshipSince,
      });
      // Company facts feed its employees', executives' and corporate leads' decisions.
      if (written.changed) await this.changes.companiesChanged(db, [written.id]);
      return written.id;
    });
    return this.get({ id });
  }

  /** Counts current employments by role in one query. */
  async workforce(corporateClientId: string): Promise<WorkforceSummaryModel> {
    const [row] = await this.clients.query(
      `select count(*) filter (where role = 'EMPLOYEE')::int as employees,
              count(*) filter (where role = 'EMPLOYEE' and salary_paid_here)::int as "payrollEmployees",
              count(*) filter (where role = 'EXECUTIVE')::int as executives,
              count(*) filter (where role = 'OWNER')::int as owners
         from employments
        where corporate_client_id = $1 and (end_date is null or end_date > current_date)`,
      [corporateClientId],
    );
    return row;
  }
}

/** A row of "my clients" as the API shows it. */
function toMyClient(row: MyClientRow) {
  const rate = row.payrollEmployees === 0 ? 0 : Math.round((row.payrollEmployeesWithDebitCard / row.payrollEmployees) * 10_000) / 10_000;
  return {
    client: toModel(row as unknown as CorporateClientEntity),
    employees: row.employees,
    payrollEmployees: row.payrollEmployees,
    cardMatchingRate: rate,
    openOpportunities: row.openOpportunities,
  };
}

/** A client as the API shows it. */
function toModel(row: CorporateClientEntity): CorporateClientModel {
  return {
    id: row.id,
    externalId: row.externalId,
    name: row.name,
    industry: row.industry,
    sizeBand: row.sizeBand,
    creditGrade: row.creditGrade,
    payrollWithBank: row.payrollWithBank,
    posTerminalCount: row.posTerminalCount,
    hasSettlementAccount: row.hasSettlementAccount,
    relationshipSince: row.relationshipSince,
    branchId: row.branchId,
    corporateRmId: row.corporateRmId,
  };
}
