import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CreditGrade, Industry, SizeBand } from '../common/domain-values';

/** A client of a "my clients" page with its linkage counts. */
export interface MyClientRow {
  id: string;
  externalId: string;
  name: string;
  industry: Industry;
  sizeBand: SizeBand;
  creditGrade: CreditGrade | null;
  payrollWithBank: boolean;
  posTerminalCount: number;
  hasSettlementAccount: boolean;
  relationshipSince: string;
  branchId: string;
  corporateRmId: string | null;
  employees: number;
  payrollEmployees: number;
  payrollEmployeesWithDebitCard: number;
  openOpportunities: number;
}

/** Whose clients: a corporate RM's own, or every client of a branch. */
export type ClientOwner = { corporateRmId: string } | { branchId: string };

const CURRENT_EMPLOYEE = `e.role = 'EMPLOYEE' AND (e.end_date IS NULL OR e.end_date > current_date)`;

@Injectable()
export class CorporateClientsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One page of an owner's clients by name then id, after the keyset `after`, with the total. */
  async pageOf(owner: ClientOwner, first: number, after: [string, string] | undefined): Promise<{ rows: MyClientRow[]; total: number }> {
    const [column, ownerId] = 'corporateRmId' in owner ? ['corporate_rm_id', owner.corporateRmId] : ['branch_id', owner.branchId];
    const rows: MyClientRow[] = await this.dataSource.query(
      `SELECT c.id, c.external_id AS "externalId", c.name, c.industry, c.size_band AS "sizeBand", c.credit_grade AS "creditGrade",
              c.payroll_with_bank AS "payrollWithBank", c.pos_terminal_count AS "posTerminalCount",
              c.has_settlement_account AS "hasSettlementAccount", to_char(c.relationship_since, 'YYYY-MM-DD') AS "relationshipSince",
              c.branch_id AS "branchId", c.corporate_rm_id AS "corporateRmId",
              w.employees, w.payroll AS "payrollEmployees", w.payroll_with_card AS "payrollEmployeesWithDebitCard", o.open AS "openOpportunities"
         FROM corporate_clients c
         CROSS JOIN LATERAL (
           SELECT count(*)::int AS employees,
                  count(*) FILTER (WHERE e.salary_paid_here)::int AS payroll,
                  count(*) FILTER (WHERE e.salary_paid_here AND EXISTS (
                    SELECT 1 FROM holdings h JOIN products p ON p.id = h.product_id
                     WHERE h.person_id = e.person_id AND h.closed_at IS NULL AND p.category = 'DEBIT_CARD'))::int AS payroll_with_card
             FROM employments e WHERE e.corporate_client_id = c.id AND ${CURRENT_EMPLOYEE}) w
         CROSS JOIN LATERAL (
           SELECT count(*)::int AS open FROM opportunities op
            WHERE op.via_corporate_client_id = c.id AND op.status IN ('OPEN', 'CONTACTED')) o
        WHERE c.${column} = $1 AND ($2::text IS NULL OR (c.name, c.id) > ($2::text, $3::uuid))
        ORDER BY c.name, c.id
        LIMIT $4`,
      [ownerId, after?.[0] ?? null, after?.[1] ?? null, first + 1],
    );
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM corporate_clients WHERE ${column} = $1`, [ownerId]);
    return { rows, total };
  }
}
