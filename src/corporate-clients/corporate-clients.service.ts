import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import { describeKey } from '../common/dto/record-key.args';
import { CorporateClientEntity } from './corporate-client.entity';
import type { CorporateClientModel, WorkforceSummaryModel } from './models/corporate-client.model';

@Injectable()
export class CorporateClientsService {
  constructor(@InjectRepository(CorporateClientEntity) private readonly clients: Repository<CorporateClientEntity>) {}

  async get(key: { id: string } | { externalId: string }): Promise<CorporateClientModel> {
    const row = await this.clients.findOne({ where: key });
    if (!row) throw AppError.notFound('corporate client', describeKey(key));
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
