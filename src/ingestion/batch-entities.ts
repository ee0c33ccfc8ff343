import type { EntityManager } from 'typeorm';
import type { ChangesService } from '../changes/changes.service';
import type { BatchRow, BatchTable } from '../common/upsert';
import { UpsertBranchInput } from '../branches/dto/upsert-branch.input';
import { UpsertManagerInput } from '../managers/dto/upsert-manager.input';
import { UpsertCorporateClientInput } from '../corporate-clients/dto/upsert-corporate-client.input';
import { UpsertEmploymentInput } from '../people/dto/upsert-employment.input';
import { UpsertPersonInput } from '../people/dto/upsert-person.input';
import { UpsertHoldingInput } from '../products/dto/upsert-holding.input';

/**
 * The records the set-based path writes (CSV import and the batch mutations): how an API input maps
 * to columns, which columns are references, which cannot change, and what a written row made stale.
 * The validation is the input class's (one definition for the API, the batch and the feed).
 */
export interface BatchEntity<I> {
  input: new () => I;
  table: BatchTable;
  /** A rule across fields the decorators cannot express; returns [message, fields] or null. */
  check?: (input: I) => [string, string[]] | null;
  toRow: (input: I, index: number) => BatchRow;
  /** Change capture for the written (inserted or changed) rows, in the writer's transaction. */
  changed: (changes: ChangesService, tx: EntityManager, rows: { id: string; row: Record<string, unknown> }[]) => Promise<void>;
}

const byExternalId = (table: string, what: string, field: string) => ({ table, key: 'external_id', field, notFound: (k: string) => `${what} with external id ${k} was not found` });

export const personBatch: BatchEntity<UpsertPersonInput> = {
  input: UpsertPersonInput,
  table: {
    table: 'persons',
    references: { retail_rm_id: byExternalId('managers', 'manager', 'retailRmExternalId'), branch_id: byExternalId('branches', 'branch', 'branchExternalId') },
  },
  check: (i) => (i.riskTolerance && !i.riskAssessmentExpiresAt ? ['riskAssessmentExpiresAt is required with riskTolerance: an assessment without an expiry cannot be relied on', ['riskAssessmentExpiresAt']] : null),
  toRow: (i, index) => ({
    index,
    externalId: i.externalId,
    values: {
      full_name: i.fullName,
      birth_date: i.birthDate,
      segment: i.segment,
      aum: i.aum,
      monthly_income: i.monthlyIncome,
      credit_score: i.creditScore,
      risk_tolerance: i.riskTolerance,
      risk_assessed_at: i.riskAssessedAt,
      risk_assessment_expires_at: i.riskAssessmentExpiresAt,
      marketing_consent: i.marketingConsent,
      do_not_contact: i.doNotContact,
      dormant_since: i.dormantSince,
      marital_status: i.maritalStatus,
      dependants: i.dependants,
      salary_retention_days: i.salaryRetentionDays,
      outflow30d: i.outflow30d,
      national_id: i.nationalId,
      email: i.email,
      phone: i.phone,
    },
    refs: { retail_rm_id: i.retailRmExternalId, branch_id: i.branchExternalId },
  }),
  changed: (changes, tx, rows) => changes.personsChanged(tx, rows.map((r) => r.id)),
};

export const employmentBatch: BatchEntity<UpsertEmploymentInput> = {
  input: UpsertEmploymentInput,
  table: {
    table: 'employments',
    references: {
      person_id: byExternalId('persons', 'person', 'personExternalId'),
      corporate_client_id: byExternalId('corporate_clients', 'corporate client', 'corporateClientExternalId'),
    },
    owner: { fixed: ['person_id', 'corporate_client_id'], conflict: 'employment {externalId} belongs to another person or company; its person and company cannot change' },
    returning: ['person_id'],
  },
  toRow: (i, index) => ({
    index,
    externalId: i.externalId,
    values: { role: i.role, title: i.title, monthly_salary: i.monthlySalary, salary_paid_here: i.salaryPaidHere, start_date: i.startDate, end_date: i.endDate },
    refs: { person_id: i.personExternalId, corporate_client_id: i.corporateClientExternalId },
  }),
  // The person's routes changed: their refresh decides every route again, corporate leads included.
  changed: (changes, tx, rows) => changes.personsChanged(tx, rows.map((r) => r.row.person_id as string)),
};

export const holdingBatch: BatchEntity<UpsertHoldingInput> = {
  input: UpsertHoldingInput,
  table: {
    table: 'holdings',
    references: {
      product_id: { table: 'products', key: 'code', field: 'productCode', notFound: (k) => `product ${k} was not found` },
      person_id: byExternalId('persons', 'person', 'personExternalId'),
      corporate_client_id: byExternalId('corporate_clients', 'corporate client', 'corporateClientExternalId'),
    },
    owner: { fixed: ['person_id', 'corporate_client_id', 'product_id'], conflict: 'holding {externalId} belongs to another owner or product; its owner and product cannot change' },
    returning: ['person_id', 'corporate_client_id'],
  },
  check: (i) =>
    (i.personExternalId === undefined) === (i.corporateClientExternalId === undefined)
      ? ['give exactly one of personExternalId and corporateClientExternalId', ['personExternalId', 'corporateClientExternalId']]
      : null,
  toRow: (i, index) => ({
    index,
    externalId: i.externalId,
    values: { opened_at: i.openedAt, closed_at: i.closedAt, balance: i.balance },
    refs: { product_id: i.productCode, person_id: i.personExternalId ?? null, corporate_client_id: i.corporateClientExternalId ?? null },
  }),
  // A person's holding changes their facts; a company's, the facts every lead through it reads.
  changed: async (changes, tx, rows) => {
    await changes.personsChanged(tx, rows.filter((r) => r.row.person_id).map((r) => r.row.person_id as string));
    await changes.companiesChanged(tx, rows.filter((r) => !r.row.person_id).map((r) => r.row.corporate_client_id as string));
  },
};

export const corporateClientBatch: BatchEntity<UpsertCorporateClientInput> = {
  input: UpsertCorporateClientInput,
  table: {
    table: 'corporate_clients',
    references: { branch_id: byExternalId('branches', 'branch', 'branchExternalId'), corporate_rm_id: byExternalId('managers', 'manager', 'corporateRmExternalId') },
  },
  toRow: (i, index) => ({
    index,
    externalId: i.externalId,
    values: {
      name: i.name,
      industry: i.industry,
      size_band: i.sizeBand,
      credit_grade: i.creditGrade,
      payroll_with_bank: i.payrollWithBank,
      pos_terminal_count: i.posTerminalCount,
      has_settlement_account: i.hasSettlementAccount,
      relationship_since: i.relationshipSince,
    },
    refs: { branch_id: i.branchExternalId, corporate_rm_id: i.corporateRmExternalId },
  }),
  // Company facts feed its employees', executives' and corporate leads' decisions.
  changed: (changes, tx, rows) => changes.companiesChanged(tx, rows.map((r) => r.id)),
};

/** Branches and managers decide no opportunity by themselves: nothing to capture. */
export const branchBatch: BatchEntity<UpsertBranchInput> = {
  input: UpsertBranchInput,
  table: { table: 'branches' },
  toRow: (i, index) => ({ index, externalId: i.externalId, values: { name: i.name, city: i.city } }),
  changed: async () => undefined,
};

export const managerBatch: BatchEntity<UpsertManagerInput> = {
  input: UpsertManagerInput,
  table: { table: 'managers', references: { branch_id: byExternalId('branches', 'branch', 'branchExternalId') } },
  toRow: (i, index) => ({ index, externalId: i.externalId, values: { name: i.name, role: i.role }, refs: { branch_id: i.branchExternalId } }),
  changed: async () => undefined,
};
