import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import {
  MaritalStatusEnum,
  RiskAssessmentStatusEnum,
  RiskToleranceEnum,
  SegmentEnum,
} from '../../common/graphql-enums';
import { DecimalScalar } from '../../common/scalars/decimal.scalar';
import type { MaritalStatus, RiskAssessmentStatus, RiskTolerance, Segment } from '../../common/domain-values';

@ObjectType('Person', { description: 'An individual: employee, executive or owner of a corporate client, customer or not yet.' })
export class PersonModel {
  @Field(() => ID, { description: 'Internal id.' })
  id: string;

  @Field({ description: "The bank's own customer number." })
  externalId: string;

  @Field({ description: 'Full name.' })
  fullName: string;

  @Field(() => Int, { description: 'Age in whole years today.' })
  age: number;

  @Field(() => SegmentEnum, { description: 'Customer tier by assets under management.' })
  segment: Segment;

  @Field(() => DecimalScalar, { nullable: true, description: "Assets under management at the bank; null unless the viewer may see exact figures (SYSTEM, or the person's own retail RM)." })
  aum: string | null;

  @Field(() => String, { description: 'Assets under management as a band, e.g. "50k–100k".' })
  aumBand: string;

  @Field(() => DecimalScalar, { nullable: true, description: "Monthly income known to the bank; null unless the viewer may see exact figures (SYSTEM, or the person's own retail RM)." })
  monthlyIncome: string | null;

  @Field(() => String, { description: 'Monthly income as a band, e.g. "3k–5k / month".' })
  monthlyIncomeBand: string;

  @Field(() => Int, { nullable: true, description: "Credit bureau score (300–850); null when unknown, or unless the viewer may see exact figures." })
  creditScore: number | null;

  @Field(() => String, { nullable: true, description: 'Credit bureau score as a band of 50 points, e.g. "650–699"; null when unknown.' })
  creditScoreBand: string | null;

  @Field(() => RiskToleranceEnum, { nullable: true, description: 'Assessed risk tolerance (C1–C5); null when never assessed.' })
  riskTolerance: RiskTolerance | null;

  @Field(() => String, { nullable: true, description: 'Date the risk assessment expires (YYYY-MM-DD).' })
  riskAssessmentExpiresAt: string | null;

  @Field(() => RiskAssessmentStatusEnum, { description: 'Whether the risk assessment is valid today.' })
  riskAssessmentStatus: RiskAssessmentStatus;

  @Field({ description: 'The person agreed to marketing contact.' })
  marketingConsent: boolean;

  @Field({ description: 'The person asked not to be contacted.' })
  doNotContact: boolean;

  @Field(() => String, { nullable: true, description: 'Date the accounts became dormant; null while active.' })
  dormantSince: string | null;

  @Field(() => MaritalStatusEnum, { nullable: true, description: 'Marital status; null when unknown.' })
  maritalStatus: MaritalStatus | null;

  @Field(() => Int, { description: 'Number of dependent children.' })
  dependants: number;

  retailRmId: string | null;
  branchId: string | null;

  /** Whether this viewer sees the person's exact figures; nested fields (employments, holdings) follow it. Not in the API. */
  exact: boolean;
}
