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

@Injectable()
export class PeopleService {
  constructor(
    @InjectRepository(PersonEntity) private readonly persons: Repository<PersonEntity>,
    @InjectRepository(EmploymentEntity) private readonly employments: Repository<EmploymentEntity>,
  ) {}

  async get(key: { id: string } | { externalId: string }): Promise<PersonModel> {
    const row = await this.persons.findOne({ where: key });
    if (!row) throw AppError.notFound('person', describeKey(key));
    const today = todayIso();
    return {
      id: row.id,
      externalId: row.externalId,
      fullName: row.fullName,
      age: ageOn(row.birthDate, today),
      segment: row.segment,
      aum: row.aum,
      monthlyIncome: row.monthlyIncome,
      creditScore: row.creditScore,
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
    };
  }

  /** The person's employments, current first, newest first. */
  async employmentsOf(personId: string): Promise<EmploymentModel[]> {
    const today = todayIso();
    const rows = await this.employments.find({ where: { personId }, order: { startDate: 'DESC', externalId: 'ASC' } });
    return rows
      .map((e) => ({
        id: e.id,
        externalId: e.externalId,
        role: e.role,
        title: e.title,
        monthlySalary: e.monthlySalary,
        salaryPaidHere: e.salaryPaidHere,
        startDate: e.startDate,
        endDate: e.endDate,
        current: e.endDate === null || e.endDate > today,
        corporateClientId: e.corporateClientId,
      }))
      .sort((a, b) => Number(b.current) - Number(a.current));
  }
}
