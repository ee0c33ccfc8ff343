import { FreshnessModel } from '../../opportunities/models/freshness.model';
import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { SegmentEnum } from '../../common/graphql-enums';
import { PageInfoModel } from '../../common/pagination/pagination';
import { OpportunityModel } from '../../opportunities/models/opportunity.model';

@ObjectType('ProspectPerson', { description: 'What a corporate RM sees of an employee: enough to act, no exact salary or assets.' })
export class ProspectPersonModel {
  @Field(() => ID, { description: 'Internal id.' })
  id: string;

  @Field({ description: "The bank's customer number." })
  externalId: string;

  @Field({ description: 'Full name.' })
  fullName: string;

  @Field(() => Int, { description: 'Age in whole years today.' })
  age: number;

  @Field(() => SegmentEnum, { description: 'Customer tier.' })
  segment: string;

  @Field(() => String, { nullable: true, description: 'Job title at the company.' })
  title: string | null;

  @Field(() => Int, { description: 'Whole months at the company.' })
  tenureMonths: number;

  @Field(() => String, { nullable: true, description: 'Monthly salary as a band, e.g. "3k–5k / month".' })
  salaryBand: string | null;

  @Field({ description: 'The salary is paid through the bank.' })
  salaryPaidHere: boolean;
}

@ObjectType('EmployeeProspect', { description: 'An employee worth a call, with their best opportunities.' })
export class EmployeeProspectModel {
  @Field(() => ProspectPersonModel, { description: 'The person.' })
  person: ProspectPersonModel;

  @Field(() => Float, { description: 'The score of their best opportunity: the list is ranked by it.' })
  bestScore: number;

  @Field(() => [OpportunityModel], { description: 'Their live opportunities through this company, best first.' })
  opportunities: OpportunityModel[];
}

@ObjectType('EmployeeProspectEdge', { description: 'One item of a page, with its cursor.' })
export class EmployeeProspectEdgeModel {
  @Field({ description: 'Opaque position of this item.' })
  cursor: string;

  @Field(() => EmployeeProspectModel, { description: 'The item.' })
  node: EmployeeProspectModel;
}

@ObjectType('EmployeeProspectConnection', { description: 'A page of employee prospects.' })
export class EmployeeProspectConnectionModel extends FreshnessModel {
  @Field(() => [EmployeeProspectEdgeModel], { description: 'The items of this page, in ranking order.' })
  edges: EmployeeProspectEdgeModel[];

  @Field(() => PageInfoModel, { description: 'Where this page stands in the list.' })
  pageInfo: PageInfoModel;

  @Field(() => Int, { description: 'Prospects in the whole list (with the filter).' })
  totalCount: number;
}
