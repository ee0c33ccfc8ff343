import { Field, ID, ObjectType } from '@nestjs/graphql';
import { EmploymentRoleEnum } from '../../common/graphql-enums';
import { DecimalScalar } from '../../common/scalars/decimal.scalar';
import type { EmploymentRole } from '../../common/domain-values';

@ObjectType('Employment', { description: "A person's link to a corporate client." })
export class EmploymentModel {
  @Field(() => ID, { description: 'Internal id.' })
  id: string;

  @Field({ description: "The bank's own id of the employment record." })
  externalId: string;

  @Field(() => EmploymentRoleEnum, { description: 'EMPLOYEE, EXECUTIVE or OWNER.' })
  role: EmploymentRole;

  @Field(() => String, { nullable: true, description: 'Job title.' })
  title: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: "Monthly gross salary from this employer; null when unknown, or unless the viewer may see exact figures." })
  monthlySalary: string | null;

  @Field(() => String, { nullable: true, description: 'Monthly gross salary as a band, e.g. "3k–5k / month"; null when unknown.' })
  salaryBand: string | null;

  @Field({ description: 'The salary is paid into an account at the bank.' })
  salaryPaidHere: boolean;

  @Field({ description: 'Start date (YYYY-MM-DD).' })
  startDate: string;

  @Field(() => String, { nullable: true, description: 'End date (YYYY-MM-DD); null while current.' })
  endDate: string | null;

  @Field({ description: 'The employment is current today.' })
  current: boolean;

  corporateClientId: string;
}
