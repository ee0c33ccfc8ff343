import { AccessService } from '../auth/access.service';
import type { Viewer } from '../auth/viewer';
import { amountBand, salaryBand, scoreBand } from '../common/privacy/bands';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import { describeKey } from '../common/dto/record-key.args';
import { ageOn, todayIso } from '../common/dates';
import { EmploymentEntity } from './employment.entity';
import { PersonEntity } from './person.entity';
import { riskAssessmentStatus } from './risk-assessment';
import type { EmploymentModel } from './models/employment.model';
import type { PersonModel } from './models/person.model';
import type { UpsertPersonInput } from './dto/upsert-person.input';
import type { UpsertEmploymentInput } from './dto/upsert-employment.input';
import { ErrorCode } from '../common/errors/error-code';
import { idByExternalId, optionalIdByExternalId, upsertByExternalId } from '../common/upsert';
import { ChangesService } from '../changes/changes.service';

@Injectable()
export class PeopleService {
  constructor(
    @InjectRepository(PersonEntity) private readonly persons: Repository<PersonEntity>,
    @InjectRepository(EmploymentEntity) private readonly employments: Repository<EmploymentEntity>,
    private readonly access: AccessService,
    private readonly changes: ChangesService,
  ) {}

  /** One person as this viewer may see them: out of scope and unknown answer the same FORBIDDEN. */
  async read(viewer: Viewer, key: { id: string } | { externalId: string }): Promise<PersonModel> {
    this.access.requireRole(viewer, 'person');
    const row = await this.persons.findOne({ where: key });
    if (!row && viewer.role === 'SYSTEM') throw AppError.notFound('person', describeKey(key));
    const { exact } = await this.access.requireParty(viewer, 'person', row?.id);
    return this.toModel(row!, exact);
  }

  private async get(key: { id: string }, exact: boolean): Promise<PersonModel> {
    const row = await this.persons.findOne({ where: key });
    if (!row) throw AppError.notFound('person', describeKey(key));
    return this.toModel(row, exact);
  }

  private toModel(row: PersonEntity, exact: boolean): PersonModel {
    const today = todayIso();
    return {
      id: row.id,
      externalId: row.externalId,
      fullName: row.fullName,
      age: ageOn(row.birthDate, today),
      segment: row.segment,
      aum: exact ? row.aum : null,
      aumBand: amountBand(Number(row.aum))!,
      monthlyIncome: exact ? row.monthlyIncome : null,
      monthlyIncomeBand: salaryBand(Number(row.monthlyIncome))!,
      creditScore: exact ? row.creditScore : null,
      creditScoreBand: scoreBand(row.creditScore),
      riskTolerance: row.riskTolerance,
      riskAssessmentExpiresAt: row.riskAssessmentExpiresAt,
      riskAssessmentStatus: riskAssessmentStatus(row.riskTolerance, row.riskAssessmentExpiresAt, today),
      marketingConsent: row.marketingConsent,
      doNotContact: row.doNotContact,
      dormantSince: row.dormantSince,
      maritalStatus: row.maritalStatus,
      dependants: row.dependants,
      retailRmId: row.retailRmId,
      branchId: row.branchId,
      exact,
    };
  }

  async upsertPerson(viewer: Viewer, input: UpsertPersonInput): Promise<PersonModel> {
    this.access.requireRole(viewer, 'upsertPerson');
    if (input.riskTolerance && !input.riskAssessmentExpiresAt) {
      throw AppError.badInput('riskAssessmentExpiresAt is required with riskTolerance: an assessment without an expiry cannot be relied on', ['riskAssessmentExpiresAt']);
    }
    const id = await this.persons.manager.transaction(async (db) => {
      const retailRmId = await optionalIdByExternalId(db, 'managers', 'manager', 'retailRmExternalId', input.retailRmExternalId);
      const branchId = await optionalIdByExternalId(db, 'branches', 'branch', 'branchExternalId', input.branchExternalId);
      const written = await upsertByExternalId(db, 'persons', input.externalId, {
        full_name: input.fullName,
        birth_date: input.birthDate,
        segment: input.segment,
        aum: input.aum,
        monthly_income: input.monthlyIncome,
        credit_score: input.creditScore,
        risk_tolerance: input.riskTolerance,
        risk_assessed_at: input.riskAssessedAt,
        risk_assessment_expires_at: input.riskAssessmentExpiresAt,
        marketing_consent: input.marketingConsent,
        do_not_contact: input.doNotContact,
        retail_rm_id: retailRmId,
        branch_id: branchId,
        dormant_since: input.dormantSince,
        marital_status: input.maritalStatus,
        dependants: input.dependants,
        salary_retention_days: input.salaryRetentionDays,
        outflow30d: input.outflow30d,
        national_id: input.nationalId,
        email: input.email,
        phone: input.phone,
      });
      // Recorded with the change, in its transaction; an unchanged upsert records nothing.
      if (written.changed) await this.changes.personsChanged(db, [written.id]);
      return written.id;
    });
    return this.get({ id }, true);
  }

  async upsertEmployment(viewer: Viewer, input: UpsertEmploymentInput): Promise<EmploymentModel> {
    this.access.requireRole(viewer, 'upsertEmployment');
    const { id, personId } = await this.employments.manager.transaction(async (db) => {
      const personId = await idByExternalId(db, 'persons', 'person', 'personExternalId', input.personExternalId);
      const companyId = await idByExternalId(db, 'corporate_clients', 'corporate client', 'corporateClientExternalId', input.corporateClientExternalId);
      const written = await upsertByExternalId(db, 'employments', input.externalId, {
        person_id: personId,
        corporate_client_id: companyId,
        role: input.role,
        title: input.title,
        monthly_salary: input.monthlySalary,
        salary_paid_here: input.salaryPaidHere,
        start_date: input.startDate,
        end_date: input.endDate,
      }, {
        fixed: ['person_id', 'corporate_client_id'],
        conflict: `employment ${input.externalId} belongs to another person or company; its person and company cannot change`,
      });
      // The person's routes changed (a start, an end, a role, a salary): their refresh decides every
      // route again, including the corporate leads they link (see RefresherService.refreshPersons).
      if (written.changed) await this.changes.personsChanged(db, [personId]);
      return { id: written.id, personId };
    });
    return (await this.employmentsOf(personId, { exact: true })).find((e) => e.id === id)!;
  }

  /** The person's employments, current first, newest first. */
  async employmentsOf(personId: string, view: { exact: boolean }): Promise<EmploymentModel[]> {
    const today = todayIso();
    const rows = await this.employments.find({ where: { personId }, order: { startDate: 'DESC', externalId: 'ASC' } });
    return rows
      .map((e) => ({
        id: e.id,
        externalId: e.externalId,
        role: e.role,
        title: e.title,
        monthlySalary: view.exact ? e.monthlySalary : null,
        salaryBand: salaryBand(e.monthlySalary === null ? null : Number(e.monthlySalary)),
        salaryPaidHere: e.salaryPaidHere,
        startDate: e.startDate,
        endDate: e.endDate,
        current: e.endDate === null || e.endDate > today,
        corporateClientId: e.corporateClientId,
      }))
      .sort((a, b) => Number(b.current) - Number(a.current));
  }
}
