import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { EmploymentRoleEnum, SegmentEnum } from '../../common/graphql-enums';
import { PageInfoModel } from '../../common/pagination/pagination';
import { CorporateClientModel } from '../../corporate-clients/models/corporate-client.model';
import { OpportunityModel } from '../../opportunities/models/opportunity.model';

@ObjectType('LeadCompany', { description: 'The company a lead arises through.' })
export class LeadCompanyModel {
  @Field(() => ID)
  id: string;

  @Field()
  externalId: string;

  @Field()
  name: string;
}

@ObjectType('ExecutivePerson', { description: 'An executive or owner of a corporate client, as a retail RM sees them.' })
export class ExecutivePersonModel {
  @Field(() => ID)
  id: string;

  @Field()
  externalId: string;

  @Field()
  fullName: string;

  @Field(() => Int)
  age: number;

  @Field(() => SegmentEnum)
  segment: string;

  @Field(() => EmploymentRoleEnum, { description: 'EXECUTIVE or OWNER.' })
  role: string;

  @Field(() => String, { nullable: true })
  title: string | null;

  @Field(() => String, { nullable: true, description: 'Assets under management as a band, e.g. "250k–500k".' })
  aumBand: string | null;

  @Field(() => LeadCompanyModel)
  company: LeadCompanyModel;
}

@ObjectType('ExecutiveLead', { description: 'An executive or owner worth a call, with their best opportunities.' })
export class ExecutiveLeadModel {
  @Field(() => ExecutivePersonModel)
  person: ExecutivePersonModel;

  @Field(() => Float, { description: 'The score of their best opportunity: the list is ranked by it.' })
  bestScore: number;

  @Field(() => [OpportunityModel], { description: 'Their live executive-lead opportunities, best first.' })
  opportunities: OpportunityModel[];
}

@ObjectType('LinkingPerson', { description: 'An owner or executive through whom a company is reached.' })
export class LinkingPersonModel {
  @Field(() => ID)
  id: string;

  @Field()
  fullName: string;

  @Field(() => EmploymentRoleEnum)
  role: string;

  @Field(() => String, { nullable: true })
  title: string | null;
}

@ObjectType('CorporateLead', { description: 'A company reached through owners or executives who bank with us privately, with what it lacks.' })
export class CorporateLeadModel {
  @Field(() => CorporateClientModel)
  company: CorporateClientModel;

  @Field(() => Float, { description: 'The score of its best opportunity: the list is ranked by it.' })
  bestScore: number;

  @Field(() => [OpportunityModel], { description: 'POS, payroll, settlement and e-banking opportunities, best first.' })
  opportunities: OpportunityModel[];

  @Field(() => [LinkingPersonModel], { description: 'Who links the company to the bank.' })
  linkedThrough: LinkingPersonModel[];
}

@ObjectType('ExecutiveLeadEdge')
export class ExecutiveLeadEdgeModel {
  @Field()
  cursor: string;

  @Field(() => ExecutiveLeadModel)
  node: ExecutiveLeadModel;
}

@ObjectType('ExecutiveLeadConnection', { description: 'A page of executive leads.' })
export class ExecutiveLeadConnectionModel {
  @Field(() => [ExecutiveLeadEdgeModel])
  edges: ExecutiveLeadEdgeModel[];

  @Field(() => PageInfoModel)
  pageInfo: PageInfoModel;

  @Field(() => Int)
  totalCount: number;
}

@ObjectType('CorporateLeadEdge')
export class CorporateLeadEdgeModel {
  @Field()
  cursor: string;

  @Field(() => CorporateLeadModel)
  node: CorporateLeadModel;
}

@ObjectType('CorporateLeadConnection', { description: 'A page of corporate leads.' })
export class CorporateLeadConnectionModel {
  @Field(() => [CorporateLeadEdgeModel])
  edges: CorporateLeadEdgeModel[];

  @Field(() => PageInfoModel)
  pageInfo: PageInfoModel;

  @Field(() => Int)
  totalCount: number;
}
