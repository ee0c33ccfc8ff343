import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ErrorCode } from '../../common/errors/error-code';

export const BatchOutcomeEnum = { CREATED: 'CREATED', UPDATED: 'UPDATED', UNCHANGED: 'UNCHANGED', REJECTED: 'REJECTED' } as const;
export type BatchOutcomeName = keyof typeof BatchOutcomeEnum;
registerEnumType(BatchOutcomeEnum, {
  name: 'BatchOutcome',
  description: 'What a batch upsert did with one item.',
  valuesMap: {
    CREATED: { description: 'A new record was created.' },
    UPDATED: { description: 'The record existed and some of the given fields differed: it was written.' },
    UNCHANGED: { description: 'The record already held the given values: nothing was written and nothing becomes stale.' },
    REJECTED: { description: 'The item was not applied; errorCode, field and message say why.' },
  },
});

export const BatchErrorCodeEnum = { BAD_USER_INPUT: ErrorCode.BAD_USER_INPUT, NOT_FOUND: ErrorCode.NOT_FOUND, CONFLICT: ErrorCode.CONFLICT } as const;
registerEnumType(BatchErrorCodeEnum, {
  name: 'BatchErrorCode',
  description: 'Why a batch item was rejected (the same codes a single upsert answers with).',
  valuesMap: {
    BAD_USER_INPUT: { description: 'A field is invalid, or the database refused the values.' },
    NOT_FOUND: { description: 'A referenced record (person, company, branch, manager, product) does not exist.' },
    CONFLICT: { description: "The record belongs to another owner, or its key is repeated in the batch." },
  },
});

@ObjectType('BatchUpsertResult', { description: 'The outcome of one item of a batch upsert, in the order of the inputs.' })
export class BatchUpsertResultModel {
  @Field(() => Int, { description: "The item's position in the inputs, from 0." })
  index: number;

  @Field(() => String, { nullable: true, description: "The item's external id, as given." })
  externalId: string | null;

  @Field(() => BatchOutcomeEnum, { description: 'Created, updated, unchanged or rejected.' })
  outcome: BatchOutcomeName;

  @Field(() => String, { nullable: true, description: "The record's id; null when rejected." })
  id: string | null;

  @Field(() => BatchErrorCodeEnum, { nullable: true, description: 'Why it was rejected; null otherwise.' })
  errorCode: ErrorCode | null;

  @Field(() => String, { nullable: true, description: 'The input field the rejection is about, when there is one.' })
  field: string | null;

  @Field(() => String, { nullable: true, description: 'What was wrong, in words; null unless rejected.' })
  message: string | null;
}
