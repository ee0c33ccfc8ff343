import { Field, Float, ID, ObjectType } from '@nestjs/graphql';
import type { Linkage } from '../../rule-engine/types';
import { LinkageEnum } from './opportunity.model';

@ObjectType('OpportunityPreview', { description: 'An opportunity a refresh as of a day would keep for a party: computed on demand, stored nowhere.' })
export class OpportunityPreviewModel {
  @Field({ description: 'The day it was decided as of (YYYY-MM-DD).' })
  asOf: string;

  @Field(() => LinkageEnum, { description: 'Through which relationship it would arise.' })
  linkage: Linkage;

  @Field(() => ID, { description: 'The corporate client through which it would arise.' })
  viaCorporateClientId: string;

  @Field(() => ID, { description: 'The person through whom it would arise (the party itself for person leads; the owner or executive for corporate leads).' })
  viaPersonId: string;

  @Field({ description: "That person's role at the company: EMPLOYEE, EXECUTIVE or OWNER." })
  viaRole: string;

  @Field({ description: 'The suggested product code.' })
  productCode: string;

  @Field({ description: 'The rule that suggests it.' })
  ruleId: string;

  @Field(() => Float, { description: 'Priority score (propensity × value × levers); higher ranks first.' })
  score: number;

  @Field({ description: 'Why, in words: the rule\'s reason (with bands instead of exact figures unless the viewer may see them).' })
  reasonText: string;
}
