import { ArgsType, Field, GraphQLISODateTime, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsDate, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { OPPORTUNITY_STATUSES, OUTCOMES, type OpportunityStatus, type Outcome } from '../opportunity-status';
import { LinkageEnum, OpportunityStatusEnum, OutcomeEnum } from '../models/opportunity.model';
import { LINKAGES, type Linkage } from '../../rule-engine/types';
import { FitsColumn, IsIsoDate } from '../../common/validation/validators';
import { OpportunityOutcomeEntity } from '../opportunity-outcome.entity';

@ArgsType()
export class OpportunitiesArgs {
  @Field(() => ID, { description: 'The person or company.' })
  @IsUUID('all', { message: 'partyId must be a uuid' })
  partyId: string;

  @Field(() => [OpportunityStatusEnum], { nullable: true, description: 'Only these statuses (default: OPEN and CONTACTED).' })
  @IsOptional()
  @ArrayMaxSize(5)
  @IsIn(OPPORTUNITY_STATUSES, { each: true })
  status?: OpportunityStatus[];

  @Field(() => LinkageEnum, { nullable: true, description: 'Only opportunities arising through this linkage.' })
  @IsOptional()
  @IsIn(LINKAGES)
  linkage?: Linkage;
}

@ArgsType()
export class WhyNotArgs {
  @Field(() => ID, { description: 'The person or company.' })
  @IsUUID('all', { message: 'partyId must be a uuid' })
  partyId: string;

  @Field({ description: 'The product code, e.g. CREDIT_CARD_GOLD.' })
  @IsString()
  @Length(1, 64)
  productCode: string;

  @Field(() => String, { nullable: true, description: 'Decide as of this day (YYYY-MM-DD; default today): ages, tenures, assessment validity and cooling-off are counted to it, and outcomes that occurred after it are ignored. The data itself is today\'s.' })
  @IsOptional()
  @IsIsoDate()
  asOf?: string | null;
}

@ArgsType()
export class PreviewOpportunitiesArgs {
  @Field(() => ID, { description: 'The person or company.' })
  @IsUUID('all', { message: 'partyId must be a uuid' })
  partyId: string;

  @Field({ description: 'Decide as of this day (YYYY-MM-DD): ages, tenures, assessment validity and cooling-off are counted to it, and outcomes that occurred after it are ignored. The data itself is today\'s.' })
  @IsIsoDate()
  asOf: string;
}

@InputType('RecordOutcomeInput', { description: 'What happened when a manager worked an opportunity.' })
export class RecordOutcomeInput {
  @Field(() => ID, { description: 'The opportunity worked.' })
  @IsUUID('all', { message: 'opportunityId must be a uuid' })
  opportunityId: string;

  @Field(() => OutcomeEnum, { description: 'CONTACTED, ACCEPTED or DECLINED.' })
  @IsIn(OUTCOMES)
  outcome: Outcome;

  @Field(() => String, { nullable: true, description: 'Free text, at most 2,000 characters. Do not put customer data here beyond what the call needs.' })
  @IsOptional()
  @IsString()
  @FitsColumn(() => OpportunityOutcomeEntity)
  note?: string | null;

  @Field({ description: 'A key unique to this request (8–100 characters): sending the same request again records nothing new.' })
  @IsString()
  @Length(8, 100)
  @Matches(/^[A-Za-z0-9._:-]+$/, { message: 'idempotencyKey may hold letters, digits and . _ : - only' })
  idempotencyKey: string;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description:
      'When it happened (default: now). Not in the future and not before the opportunity arose; managers may date it at most OUTCOME_BACKDATE_DAYS back, SYSTEM further. The cooling-off after a decline counts from this day.',
  })
  @IsOptional()
  @IsDate({ message: 'occurredAt must be a date-time' })
  occurredAt?: Date | null;
}
