import { Field, Float, ObjectType } from '@nestjs/graphql';
import { DecidingConditionModel, LinkageEnum } from './opportunity.model';

@ObjectType('WhyNotBlocker', { description: 'One policy stage that stops the product.' })
export class WhyNotBlockerModel {
  @Field({ description: 'NO_RULE, ELIGIBILITY, APPLICABILITY, SUITABILITY, CONSENT or CONTACT_POLICY.' })
  stage: string;

  @Field({ description: 'The precise reason, e.g. ALREADY_HELD, RISK_ABOVE_TOLERANCE, COOLING_OFF.' })
  reason: string;

  @Field({ description: 'One sentence for a manager.' })
  message: string;
}

@ObjectType('RuleVerdict', { description: 'One rule that suggests the product for this linkage, and whether its conditions hold.' })
export class RuleVerdictModel {
  @Field({ description: 'The rule.' })
  ruleId: string;

  @Field({ description: 'The rule\'s description, in the playbook\'s words.' })
  ruleDescription: string;

  @Field({ description: "True when the rule's conditions hold." })
  eligible: boolean;

  @Field(() => [DecidingConditionModel], { description: 'The conditions that failed (empty when eligible).' })
  failedConditions: DecidingConditionModel[];
}

@ObjectType('WhyNotOffer', { description: 'The offer the engine makes, when it makes one.' })
export class WhyNotOfferModel {
  @Field({ description: 'The rule.' })
  ruleId: string;

  @Field(() => Float, { description: 'Score: propensity × product value × (1 + lever).' })
  score: number;

  @Field({ description: 'The rendered reason a manager reads before calling.' })
  reasonText: string;
}

@ObjectType('WhyNotAnswer', { description: 'Why a product is, or is not, offered to a party through one route (an employment, or an owner or executive of a company).' })
export class WhyNotAnswerModel {
  @Field(() => LinkageEnum, { description: 'The route: EMPLOYEE_PROSPECT, EXECUTIVE_LEAD or CORPORATE_LEAD.' })
  linkage: string;

  @Field({ description: 'The product asked about.' })
  productCode: string;

  @Field({ description: 'The first stage that stops it, or OFFERED.' })
  stage: string;

  @Field({ description: 'One sentence for a manager.' })
  message: string;

  @Field(() => [WhyNotBlockerModel], { description: 'Every stage that stops it, in policy order.' })
  blockers: WhyNotBlockerModel[];

  @Field(() => [RuleVerdictModel], { description: 'The rules that suggest the product for this route.' })
  rules: RuleVerdictModel[];

  @Field(() => WhyNotOfferModel, { nullable: true, description: 'The offer, when it is made.' })
  offer: WhyNotOfferModel | null;
}
