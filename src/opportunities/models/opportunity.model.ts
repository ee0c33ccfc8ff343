import { Field, Float, ID, ObjectType } from '@nestjs/graphql';
import { FreshnessModel } from './freshness.model';
import { enumObject, registerDescribedEnum } from '../../common/graphql-enums';
import { JsonScalar } from '../../common/scalars/json.scalar';
import { ProductModel } from '../../products/models/product.model';
import { LINKAGES } from '../../rule-engine/types';
import { OPPORTUNITY_STATUSES, OUTCOMES, PARTY_TYPES } from '../opportunity-status';

export const OpportunityStatusEnum = enumObject(OPPORTUNITY_STATUSES);
export const OutcomeEnum = enumObject(OUTCOMES);
export const PartyTypeEnum = enumObject(PARTY_TYPES);
export const LinkageEnum = enumObject(LINKAGES);
registerDescribedEnum(OpportunityStatusEnum, 'OpportunityStatus', 'Where an opportunity stands: OPEN until worked; CONTACTED, ACCEPTED or DECLINED by a manager; EXPIRED when its rule no longer suggests it.', {
  OPEN: 'Suggested by the engine and not yet worked.',
  CONTACTED: 'A manager contacted the party about it; still live.',
  ACCEPTED: 'The party took the product.',
  DECLINED: 'The party said no; the product is held back for the cooling-off period.',
  EXPIRED: 'Its rule no longer suggests it (or a policy now stops it); kept for history.',
});
registerDescribedEnum(OutcomeEnum, 'Outcome', 'What a manager records after working an opportunity.', {
  CONTACTED: 'The party was contacted; the opportunity stays live.',
  ACCEPTED: 'The party took the product (counts as a sale).',
  DECLINED: 'The party said no (starts the cooling-off period).',
});
registerDescribedEnum(PartyTypeEnum, 'PartyType', 'Whom an opportunity is for: a person, or a company (corporate leads).', {
  PERSON: 'An individual.',
  COMPANY: 'A corporate client (corporate leads).',
});
registerDescribedEnum(LinkageEnum, 'Linkage', 'Through which relationship the lead arises.', {
  EMPLOYEE_PROSPECT: "An employee of a corporate client, offered a personal product through the employer (the corporate RM's list).",
  EXECUTIVE_LEAD: "An executive or owner of a corporate client, offered a personal product (the retail RM's list).",
  CORPORATE_LEAD: 'A company reached through an owner or executive who banks with us privately, offered a company product (POS, payroll, settlement).',
});

@ObjectType('DecidingCondition', { description: 'A condition that decided a rule, with the fact value the engine saw.' })
export class DecidingConditionModel {
  @Field({ description: 'Fact name: person, employment, company, holdings or contact.' })
  fact: string;

  @Field(() => String, { nullable: true, description: 'Path into the fact, e.g. $.monthlySalary.' })
  path: string | null;

  @Field({ description: 'The json-rules-engine operator ("not …" under a negation).' })
  operator: string;

  @Field(() => JsonScalar, { nullable: true, description: 'The value the rule compares against.' })
  value: unknown;

  @Field(() => JsonScalar, { nullable: true, description: 'The fact value the engine saw.' })
  factValue: unknown;

  @Field({ description: "The condition's own result." })
  result: boolean;
}

@ObjectType('OpportunityReason', { description: 'Why an opportunity is suggested: the rule, its reason text and the deciding conditions.' })
export class OpportunityReasonModel {
  @Field({ description: 'The rule that suggested it.' })
  ruleId: string;

  @Field({ description: 'The rendered reason a manager reads before calling.' })
  text: string;

  @Field(() => [DecidingConditionModel], { description: 'The conditions that made the rule hold, with fact values.' })
  conditions: DecidingConditionModel[];
}

@ObjectType('Opportunity', { description: 'A suggested product for a party, with score, reasons, status and the rule set version that made it.' })
export class OpportunityModel {
  @Field(() => ID, { description: 'Internal id.' })
  id: string;

  @Field(() => PartyTypeEnum, { description: 'PERSON or COMPANY.' })
  partyType: string;

  @Field(() => ID, { description: 'The person or company the opportunity is for.' })
  partyId: string;

  @Field(() => LinkageEnum, { description: 'Through which relationship it arises.' })
  linkage: string;

  @Field(() => ID, { description: 'The company through which it arises.' })
  viaCorporateClientId: string;

  @Field(() => ID, { description: 'The person through whom it arises (the employee, executive or owner).' })
  viaPersonId: string;

  @Field({ description: "That person's role at the company." })
  viaRole: string;

  @Field(() => ProductModel, { description: 'The suggested product.' })
  product: ProductModel;

  @Field(() => Float, { description: 'Score: propensity × product value × (1 + lever).' })
  score: number;

  @Field(() => OpportunityStatusEnum, { description: 'Where the opportunity stands.' })
  status: string;

  @Field({ description: 'The rule that suggested it.' })
  ruleId: string;

  @Field({ description: 'The rule set version (content hash) that made it.' })
  ruleSetVersion: string;

  @Field(() => [OpportunityReasonModel], { description: 'Why it is suggested.' })
  reasons: OpportunityReasonModel[];

  @Field({ description: 'When it was created.' })
  createdAt: Date;

  @Field({ description: 'When it last changed.' })
  updatedAt: Date;

  @Field(() => Date, { nullable: true, description: 'When its status last changed.' })
  statusChangedAt: Date | null;
}

@ObjectType('OpportunityList', { description: "A party's opportunities as the last refresh decided them, with how fresh that is." })
export class OpportunityListModel extends FreshnessModel {
  @Field(() => [OpportunityModel], { description: 'The opportunities, best first.' })
  items: OpportunityModel[];
}

@ObjectType('OutcomeResult', { description: 'The recorded outcome and the status it left the opportunity in.' })
export class OutcomeResultModel {
  @Field(() => ID, { description: 'The opportunity.' })
  opportunityId: string;

  @Field(() => ID, { description: 'The recorded outcome.' })
  outcomeId: string;

  @Field(() => OpportunityStatusEnum, { description: "The opportunity's status now." })
  status: string;

  @Field({ description: 'True when this idempotency key had already been recorded: nothing new was written.' })
  replayed: boolean;
}

@ObjectType('RefreshSummary', { description: 'What a refresh created, kept and expired.' })
export class RefreshSummaryModel {
  @Field({ description: 'The rule set version used.' })
  ruleSetVersion: string;

  @Field(() => Float, { description: 'Companies evaluated.' })
  companies: number;

  @Field(() => Float, { description: 'Subjects evaluated (a person through one employment, or a company through one owner or executive).' })
  subjects: number;

  @Field(() => Float, { description: 'New opportunities.' })
  created: number;

  @Field(() => Float, { description: 'Opportunities suggested again (unchanged or updated).' })
  kept: number;

  @Field(() => Float, { description: 'Opportunities whose rule no longer suggests them.' })
  expired: number;

  @Field(() => Float, { description: 'Milliseconds taken.' })
  ms: number;
}
