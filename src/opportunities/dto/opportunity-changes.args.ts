import { ArgsType, Field, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

@ArgsType()
export class OpportunityChangesArgs {
  @Field(() => Int, { defaultValue: 100, description: 'Changes per page (1–1000).' })
  @IsInt()
  @Min(1)
  @Max(1000)
  first = 100;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page (or a saved one); from the beginning when absent.' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  after?: string;
}
