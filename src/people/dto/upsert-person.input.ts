import { Field, InputType, Int } from '@nestjs/graphql';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { MaritalStatusEnum, RiskToleranceEnum, SegmentEnum } from '../../common/graphql-enums';
import { MARITAL_STATUSES, RISK_TOLERANCES, SEGMENTS, type MaritalStatus, type RiskTolerance, type Segment } from '../../common/domain-values';
import { DecimalScalar } from '../../common/scalars/decimal.scalar';
import { EXTERNAL_ID, EXTERNAL_ID_MESSAGE, IsIsoDate, IsMoney, FitsColumn } from '../../common/validation/validators';
import { PersonEntity } from '../person.entity';

@InputType('UpsertPersonInput', { description: 'A person, created or updated by customer number. Omitted optional fields keep their value; null clears.' })
export class UpsertPersonInput {
  @Field({ description: "The bank's customer number." })
  @Matches(EXTERNAL_ID, { message: `externalId ${EXTERNAL_ID_MESSAGE}` })
  externalId: string;

  @Field({ description: 'Full name.' })
  @IsString()
  @MinLength(1)
  @FitsColumn(() => PersonEntity)
  fullName: string;

  @Field({ description: 'YYYY-MM-DD.' })
  @IsIsoDate()
  birthDate: string;

  @Field(() => SegmentEnum, { nullable: true, description: 'Customer tier by assets under management.' })
  @IsOptional()
  @IsIn(SEGMENTS)
  segment?: Segment;

  @Field(() => DecimalScalar, { nullable: true, description: 'Assets under management at the bank.' })
  @IsOptional()
  @IsMoney()
  @FitsColumn(() => PersonEntity)
  aum?: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'Total monthly income known to the bank.' })
  @IsOptional()
  @IsMoney()
  @FitsColumn(() => PersonEntity)
  monthlyIncome?: string;

  @Field(() => Int, { nullable: true, description: 'Credit bureau score (300–850).' })
  @IsOptional()
  @IsInt()
  @Min(300)
  @Max(850)
  creditScore?: number | null;

  @Field(() => RiskToleranceEnum, { nullable: true, description: 'Assessed risk tolerance (C1–C5).' })
  @IsOptional()
  @IsIn(RISK_TOLERANCES)
  riskTolerance?: RiskTolerance | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD.' })
  @IsOptional()
  @IsIsoDate()
  riskAssessedAt?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; required with riskTolerance.' })
  @IsOptional()
  @IsIsoDate()
  riskAssessmentExpiresAt?: string | null;

  @Field({ nullable: true, description: 'The person agreed to marketing contact.' })
  @IsOptional()
  @IsBoolean()
  marketingConsent?: boolean;

  @Field({ nullable: true, description: 'The person asked not to be contacted: no opportunity is offered.' })
  @IsOptional()
  @IsBoolean()
  doNotContact?: boolean;

  @Field(() => String, { nullable: true, description: 'External id of the retail RM.' })
  @IsOptional()
  @Matches(EXTERNAL_ID, { message: `retailRmExternalId ${EXTERNAL_ID_MESSAGE}` })
  retailRmExternalId?: string | null;

  @Field(() => String, { nullable: true, description: 'External id of the home branch.' })
  @IsOptional()
  @Matches(EXTERNAL_ID, { message: `branchExternalId ${EXTERNAL_ID_MESSAGE}` })
  branchExternalId?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD the accounts became dormant; null when active.' })
  @IsOptional()
  @IsIsoDate()
  dormantSince?: string | null;

  @Field(() => MaritalStatusEnum, { nullable: true, description: 'Marital status.' })
  @IsOptional()
  @IsIn(MARITAL_STATUSES)
  maritalStatus?: MaritalStatus | null;

  @Field(() => Int, { nullable: true, description: 'Number of dependent children.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(30)
  dependants?: number;

  @Field(() => Int, { nullable: true, description: 'Average days a credited salary stays before most of it leaves.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(366)
  salaryRetentionDays?: number | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Money moved to other banks in the last 30 days.' })
  @IsOptional()
  @IsMoney()
  @FitsColumn(() => PersonEntity)
  outflow30d?: string;

  @Field(() => String, { nullable: true, description: 'National identity number: stored, never shown through the API.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @FitsColumn(() => PersonEntity)
  nationalId?: string | null;

  @Field(() => String, { nullable: true, description: 'Stored, never shown through the API.' })
  @IsOptional()
  @IsEmail()
  @MinLength(3)
  @FitsColumn(() => PersonEntity)
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'Stored, never shown through the API.' })
  @IsOptional()
  @Matches(/^\+?[0-9 ()-]{4,32}$/, { message: 'phone must be a phone number' })
  @FitsColumn(() => PersonEntity)
  phone?: string | null;
}
