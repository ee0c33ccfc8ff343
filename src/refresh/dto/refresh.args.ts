import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { IsBoolean, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';

@ArgsType()
export class RefreshOpportunitiesArgs {
  @Field(() => ID, { nullable: true, description: 'Refresh one corporate client (omit for every client).' })
  @IsOptional()
  @IsUUID('all', { message: 'corporateClientId must be a uuid' })
  corporateClientId?: string;

  @Field(() => Boolean, { defaultValue: false, description: 'Wait for the refresh to finish (at most waitSeconds) before answering.' })
  @IsOptional()
  @IsBoolean()
  wait: boolean = false;

  @Field(() => Int, { defaultValue: 30, description: 'Longest wait, in seconds (1–120), when wait is true; the answer then says where the job stands.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(120)
  waitSeconds: number = 30;
}

@ArgsType()
export class RefreshStatusArgs {
  @Field(() => ID, { nullable: true, description: "Limit to one branch's clients and persons (a branch manager always sees their own branch)." })
  @IsOptional()
  @IsUUID('all', { message: 'branchId must be a uuid' })
  branchId?: string;
}
