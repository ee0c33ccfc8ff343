import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { PageInfoModel } from '../../common/pagination/pagination';
import { DecimalScalar } from '../../common/scalars/decimal.scalar';
import { OpportunityStatusEnum, PartyTypeEnum } from './opportunity.model';

export const OpportunityChangeKindEnum = { CREATED: 'CREATED', RESCORED: 'RESCORED', EXPIRED: 'EXPIRED', STATUS_CHANGED: 'STATUS_CHANGED' } as const;
registerEnumType(OpportunityChangeKindEnum, {
  name: 'OpportunityChangeKind',
  description: 'What happened to an opportunity.',
  valuesMap: {
    CREATED: { description: 'A refresh suggested it for the first time (or again after it ended).' },
    RESCORED: { description: 'A refresh changed its score or the rule that suggests it.' },
    EXPIRED: { description: 'Its rule no longer suggests it (or its route ended).' },
    STATUS_CHANGED: { description: 'A manager or system recorded an outcome: CONTACTED, ACCEPTED or DECLINED.' },
  },
});

@ObjectType('OpportunityChange', { description: 'One change to an opportunity, in the feed\'s durable order.' })
export class OpportunityChangeModel {
  @Field({ description: 'Pass as `after` to read the changes that follow this one.' })
  cursor: string;

  @Field(() => OpportunityChangeKindEnum, { description: 'What happened.' })
  kind: keyof typeof OpportunityChangeKindEnum;

  @Field(() => ID, { description: 'The opportunity.' })
  opportunityId: string;

  @Field(() => OpportunityStatusEnum, { description: 'Its status after the change.' })
  status: string;

  @Field(() => OpportunityStatusEnum, { nullable: true, description: 'Its status before a status change or expiry; null when created.' })
  previousStatus: string | null;

  @Field(() => DecimalScalar, { description: 'Its score after the change.' })
  score: string;

  @Field({ description: 'The rule that suggests it.' })
  ruleId: string;

  @Field(() => PartyTypeEnum, { description: 'Whom it is for: PERSON or COMPANY.' })
  partyType: string;

  @Field(() => ID, { description: 'The person or company it is for.' })
  partyId: string;

  @Field({ description: 'The product suggested.' })
  productCode: string;

  @Field({ description: 'When the change was written.' })
  occurredAt: Date;
}

@ObjectType('OpportunityChangePage', { description: 'A page of the change feed.' })
export class OpportunityChangePageModel {
  @Field(() => [OpportunityChangeModel], { description: 'The changes, oldest first.' })
  changes: OpportunityChangeModel[];

  @Field(() => PageInfoModel, { description: 'Where to resume: endCursor (the given cursor when the page is empty); hasNextPage says more is readable now.' })
  pageInfo: PageInfoModel;
}
