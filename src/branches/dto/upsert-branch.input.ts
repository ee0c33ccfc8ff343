import { Field, InputType } from '@nestjs/graphql';
import { IsString, Length, Matches } from 'class-validator';
import { EXTERNAL_ID, EXTERNAL_ID_MESSAGE } from '../../common/validation/validators';

@InputType('UpsertBranchInput', { description: 'A branch, created or updated by its external id.' })
export class UpsertBranchInput {
  @Field({ description: "The bank's branch number." })
  @Matches(EXTERNAL_ID, { message: `externalId ${EXTERNAL_ID_MESSAGE}` })
  externalId: string;

  @Field({ description: 'Name.' })
  @IsString()
  @Length(1, 200)
  name: string;

  @Field({ description: 'City of the branch.' })
  @IsString()
  @Length(1, 100)
  city: string;
}
