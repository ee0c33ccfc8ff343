import { Field, InputType, Int } from '@nestjs/graphql';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { CreditGradeEnum, IndustryEnum, SizeBandEnum } from '../../common/graphql-enums';
import { CREDIT_GRADES, INDUSTRIES, SIZE_BANDS, type CreditGrade, type Industry, type SizeBand } from '../../common/domain-values';
import { EXTERNAL_ID, EXTERNAL_ID_MESSAGE, IsIsoDate, FitsColumn } from '../../common/validation/validators';
import { CorporateClientEntity } from '../corporate-client.entity';

@InputType('UpsertCorporateClientInput', { description: 'A corporate client, created or updated by its external id. Omitted optional fields keep their value.' })
export class UpsertCorporateClientInput {
  @Field({ description: "The bank's client number." })
  @Matches(EXTERNAL_ID, { message: `externalId ${EXTERNAL_ID_MESSAGE}` })
  externalId: string;

  @Field({ description: 'Name.' })
  @IsString()
  @MinLength(1)
  @FitsColumn(() => CorporateClientEntity)
  name: string;

  @Field(() => IndustryEnum, { description: 'Industry of the company.' })
  @IsIn(INDUSTRIES)
  industry: Industry;

  @Field(() => SizeBandEnum, { description: 'Size by headcount: MICRO <10, SMALL <50, MEDIUM <250, LARGE <1000, ENTERPRISE.' })
  @IsIn(SIZE_BANDS)
  sizeBand: SizeBand;

  @Field(() => CreditGradeEnum, { nullable: true, description: 'The bank\'s internal credit grade, A best; null when not rated.' })
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

  @Field({ nullable: true, description: 'The bank runs the company\'s payroll.' })
  @IsOptional()
  @IsBoolean()
  payrollWithBank?: boolean;

  @Field(() => Int, { nullable: true, description: 'POS terminals the company has from the bank.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100000)
  posTerminalCount?: number;

  @Field({ nullable: true, description: 'The company has a settlement (current) account at the bank.' })
  @IsOptional()
  @IsBoolean()
  hasSettlementAccount?: boolean;

  @Field({ description: 'YYYY-MM-DD.' })
  @IsIsoDate()
  relationshipSince: string;
}
