import { Field, InputType } from '@nestjs/graphql';
import { IsString, Matches, MinLength } from 'class-validator';
import { EXTERNAL_ID, EXTERNAL_ID_MESSAGE, FitsColumn } from '../../common/validation/validators';
import { BranchEntity } from '../branch.entity';

@InputType('UpsertBranchInput', { description: 'A branch, created or updated by its external id.' })
export class UpsertBranchInput {
  @Field({ description: "The bank's branch number." })
  @Matches(EXTERNAL_ID, { message: `externalId ${EXTERNAL_ID_MESSAGE}` })
  externalId: string;

  @Field({ description: 'Name.' })
  @IsString()
  @MinLength(1)
  @FitsColumn(() => BranchEntity)
  name: string;

  @Field({ description: 'City of the branch.' })
  @IsString()
  @MinLength(1)
  @FitsColumn(() => BranchEntity)
  city: string;
}
