import { Field, InputType, Int } from '@nestjs/graphql';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { CreditGradeEnum, IndustryEnum, SizeBandEnum } from '../../common/graphql-enums';
import { CREDIT_GRADES, INDUSTRIES, SIZE_BANDS, type CreditGrade, type Industry, type SizeBand } from '../../common/domain-values';
import { EXTERNAL_ID, EXTERNAL_ID_MESSAGE, IsIsoDate } from '../../common/validation/validators';

@InputType('UpsertCorporateClientInput', { description: 'A corporate client, created or updated by its external id. Omitted optional fields keep their value.' })
export class UpsertCorporateClientInput {
  @Field({ description: "The bank's client number." })
  @Matches(EXTERNAL_ID, { message: `externalId ${EXTERNAL_ID_MESSAGE}` })
  externalId: string;

  @Field()
  @IsString()
  @Length(1, 200)
  name: string;

  @Field(() => IndustryEnum)
  @IsIn(INDUSTRIES)
  industry: Industry;

  @Field(() => SizeBandEnum)
  @IsIn(SIZE_BANDS)
  sizeBand: SizeBand;

  @Field(() => CreditGradeEnum, { nullable: true })
  @IsOptional()
  @IsIn(CREDIT_GRADES)
  creditGrade?: CreditGrade | null;

  @Field({ description: 'External id of the serving branch.' })
  @Matches(EXTERNAL_ID, { message: `branchExternalId ${EXTERNAL_ID_MESSAGE}` })
  branchExternalId: string;

  @Field(() => String, { nullable: true, description: 'External id of the responsible corporate RM.' })
  @IsOptional()
  @Matches(EXTERNAL_ID, { message: `corporateRmExternalId ${EXTERNAL_ID_MESSAGE}` })
  corporateRmExternalId?: string | null;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  payrollWithBank?: boolean;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100000)
  posTerminalCount?: number;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  hasSettlementAccount?: boolean;

  @Field({ description: 'YYYY-MM-DD.' })
  @IsIsoDate()
  relationshipSince: string;
}
