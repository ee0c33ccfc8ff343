import { Field, InputType } from '@nestjs/graphql';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MinLength } from 'class-validator';
import { EmploymentRoleEnum } from '../../common/graphql-enums';
import { EMPLOYMENT_ROLES, type EmploymentRole } from '../../common/domain-values';
import { DecimalScalar } from '../../common/scalars/decimal.scalar';
import { EXTERNAL_ID, EXTERNAL_ID_MESSAGE, IsIsoDate, IsMoney, FitsColumn, IsNotBefore } from '../../common/validation/validators';
import { EmploymentEntity } from '../employment.entity';

@InputType('UpsertEmploymentInput', { description: "A person's employment at a corporate client, created or updated by its external id. Its person and company cannot change." })
export class UpsertEmploymentInput {
  @Field({ description: 'The bank\'s own id for the record (what other systems use).' })
  @Matches(EXTERNAL_ID, { message: `externalId ${EXTERNAL_ID_MESSAGE}` })
  externalId: string;

  @Field({ description: 'External id (customer number) of the person.' })
  @Matches(EXTERNAL_ID, { message: `personExternalId ${EXTERNAL_ID_MESSAGE}` })
  personExternalId: string;

  @Field({ description: 'External id of the corporate client.' })
  @Matches(EXTERNAL_ID, { message: `corporateClientExternalId ${EXTERNAL_ID_MESSAGE}` })
  corporateClientExternalId: string;

  @Field(() => EmploymentRoleEnum, { description: 'Role at the company: EMPLOYEE, EXECUTIVE or OWNER.' })
  @IsIn(EMPLOYMENT_ROLES)
  role: EmploymentRole;

  @Field(() => String, { nullable: true, description: 'Job title.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @FitsColumn(() => EmploymentEntity)
  title?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Monthly gross salary from this employer.' })
  @IsOptional()
  @IsMoney()
  @FitsColumn(() => EmploymentEntity)
  monthlySalary?: string | null;

  @Field({ nullable: true, description: 'The salary is paid into an account at the bank.' })
  @IsOptional()
  @IsBoolean()
  salaryPaidHere?: boolean;

  @Field({ description: 'YYYY-MM-DD.' })
  @IsIsoDate()
  startDate: string;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; null while current.' })
  @IsOptional()
  @IsIsoDate()
  @IsNotBefore('startDate')
  endDate?: string | null;
}
