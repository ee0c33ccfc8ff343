import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { CreditGradeEnum, IndustryEnum, SizeBandEnum } from '../../common/graphql-enums';
import type { CreditGrade, Industry, SizeBand } from '../../common/domain-values';

@ObjectType('CorporateClient', { description: 'A company the bank serves (the "public" side of the linkage).' })
export class CorporateClientModel {
  @Field(() => ID, { description: 'Internal id.' })
  id: string;

  @Field({ description: "The bank's own client number." })
  externalId: string;

  @Field({ description: 'Company name.' })
  name: string;

  @Field(() => IndustryEnum, { description: 'Industry.' })
  industry: Industry;

  @Field(() => SizeBandEnum, { description: 'Size by headcount.' })
  sizeBand: SizeBand;

  @Field(() => CreditGradeEnum, { nullable: true, description: "The bank's internal credit grade, A best; null when not rated." })
  creditGrade: CreditGrade | null;

  @Field({ description: "The bank runs the company's payroll." })
  payrollWithBank: boolean;

  @Field(() => Int, { description: 'POS terminals the company has from the bank.' })
  posTerminalCount: number;

  @Field({ description: 'The company has a settlement (current) account at the bank.' })
  hasSettlementAccount: boolean;

  @Field({ description: 'Date the company became a client (YYYY-MM-DD).' })
  relationshipSince: string;

  branchId: string;
  corporateRmId: string | null;
}

@ObjectType('WorkforceSummary', { description: "Headcount of a company's current employments known to the bank." })
export class WorkforceSummaryModel {
  @Field(() => Int, { description: 'Current employees (role EMPLOYEE).' })
  employees: number;

  @Field(() => Int, { description: 'Current employees whose salary is paid through the bank.' })
  payrollEmployees: number;

  @Field(() => Int, { description: 'Current executives.' })
  executives: number;

  @Field(() => Int, { description: 'Current owners.' })
  owners: number;
}
