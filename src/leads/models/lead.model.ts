import { FreshnessModel } from '../../opportunities/models/freshness.model';
import { DecimalScalar } from '../../common/scalars/decimal.scalar';
import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { EmploymentRoleEnum, SegmentEnum } from '../../common/graphql-enums';
import { PageInfoModel } from '../../common/pagination/pagination';
import { CorporateClientModel } from '../../corporate-clients/models/corporate-client.model';
import { OpportunityModel } from '../../opportunities/models/opportunity.model';

@ObjectType('LeadCompany', { description: 'The company a lead arises through.' })
export class LeadCompanyModel {
  @Field(() => ID, { description: 'Internal id.' })
  id: string;

  @Field({ description: 'The bank\'s own id for the record (what other systems use).' })
  externalId: string;

  @Field({ description: 'Name.' })
  name: string;
}

@ObjectType('ExecutivePerson', { description: 'An executive or owner of a corporate client, as a retail RM sees them.' })
export class ExecutivePersonModel {
  @Field(() => ID, { description: 'Internal id.' })
  id: string;

  @Field({ description: 'The bank\'s own id for the record (what other systems use).' })
  externalId: string;

  @Field({ description: 'Full name.' })
  fullName: string;

  @Field(() => Int, { description: 'Age in whole years today.' })
  age: number;

  @Field(() => SegmentEnum, { description: 'Customer tier by assets under management.' })
  segment: string;

  @Field(() => EmploymentRoleEnum, { description: 'EXECUTIVE or OWNER.' })
  role: string;

  @Field(() => String, { nullable: true, description: 'Job title.' })
  title: string | null;

  @Field(() => String, { nullable: true, description: 'Assets under management as a band, e.g. "250k–500k".' })
  aumBand: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: "Exact assets under management: only for a retail RM's own portfolio, else null." })
  aum: string | null;

  @Field(() => LeadCompanyModel, { description: 'The company.' })
  company: LeadCompanyModel;
}

@ObjectType('ExecutiveLead', { description: 'An executive or owner worth a call, with their best opportunities.' })
export class ExecutiveLeadModel {
  @Field(() => ExecutivePersonModel, { description: 'The person.' })
  person: ExecutivePersonModel;

  @Field(() => Float, { description: 'The score of their best opportunity: the list is ranked by it.' })
  bestScore: number;

  @Field(() => [OpportunityModel], { description: 'Their live executive-lead opportunities, best first.' })
  opportunities: OpportunityModel[];
}

@ObjectType('LinkingPerson', { description: 'An owner or executive through whom a company is reached.' })
export class LinkingPersonModel {
  @Field(() => ID, { description: 'Internal id.' })
  id: string;

  @Field({ description: 'Full name.' })
  fullName: string;

  @Field(() => EmploymentRoleEnum, { description: 'Role at the company: EMPLOYEE, EXECUTIVE or OWNER.' })
  role: string;

  @Field(() => String, { nullable: true, description: 'Job title.' })
  title: string | null;
}

@ObjectType('CorporateLead', { description: 'A company reached through owners or executives who bank with us privately, with what it lacks.' })
export class CorporateLeadModel {
  @Field(() => CorporateClientModel, { description: 'The company.' })
  company: CorporateClientModel;

  @Field(() => Float, { description: 'The score of its best opportunity: the list is ranked by it.' })
  bestScore: number;

  @Field(() => [OpportunityModel], { description: 'POS, payroll, settlement and e-banking opportunities, best first.' })
  opportunities: OpportunityModel[];

  @Field(() => [LinkingPersonModel], { description: 'Who links the company to the bank.' })
  linkedThrough: LinkingPersonModel[];
}

@ObjectType('ExecutiveLeadEdge', { description: 'One item of a page, with its cursor.' })
export class ExecutiveLeadEdgeModel {
  @Field({ description: 'Opaque position of this item: pass it as `after` to continue after it.' })
  cursor: string;

  @Field(() => ExecutiveLeadModel, { description: 'The item.' })
  node: ExecutiveLeadModel;
}

@ObjectType('ExecutiveLeadConnection', { description: 'A page of executive leads.' })
export class ExecutiveLeadConnectionModel extends FreshnessModel {
  @Field(() => [ExecutiveLeadEdgeModel], { description: 'The items of this page, in ranking order.' })
  edges: ExecutiveLeadEdgeModel[];

  @Field(() => PageInfoModel, { description: 'Where this page stands in the list.' })
  pageInfo: PageInfoModel;

  @Field(() => Int, { description: 'Items in the whole list (with the filter).' })
  totalCount: number;
}

@ObjectType('CorporateLeadEdge', { description: 'One item of a page, with its cursor.' })
export class CorporateLeadEdgeModel {
  @Field({ description: 'Opaque position of this item: pass it as `after` to continue after it.' })
  cursor: string;

  @Field(() => CorporateLeadModel, { description: 'The item.' })
  node: CorporateLeadModel;
}

@ObjectType('CorporateLeadConnection', { description: 'A page of corporate leads.' })
export class CorporateLeadConnectionModel extends FreshnessModel {
  @Field(() => [CorporateLeadEdgeModel], { description: 'The items of this page, in ranking order.' })
  edges: CorporateLeadEdgeModel[];

  @Field(() => PageInfoModel, { description: 'Where this page stands in the list.' })
  pageInfo: PageInfoModel;

  @Field(() => Int, { description: 'Items in the whole list (with the filter).' })
  totalCount: number;
}
