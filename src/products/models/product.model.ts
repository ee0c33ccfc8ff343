import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { ProductAudienceEnum, ProductCategoryEnum, RiskLevelEnum, RiskToleranceEnum } from '../../common/graphql-enums';
import type { RiskTolerance } from '../../common/domain-values';
import { DecimalScalar } from '../../common/scalars/decimal.scalar';
import type { ProductAudience, ProductCategory, RiskLevel } from '../product-catalogue';

@ObjectType('Product', { description: 'A product of the catalogue that opportunities suggest.' })
export class ProductModel {
  @Field(() => ID, { description: 'Internal id.' })
  id: string;

  @Field({ description: 'Stable product code used by rules and other systems, e.g. CREDIT_CARD_GOLD.' })
  code: string;

  @Field({ description: 'Product name.' })
  name: string;

  @Field({ description: 'What the product is.' })
  description: string;

  @Field(() => ProductCategoryEnum, { description: 'Kind of product.' })
  category: ProductCategory;

  @Field(() => ProductAudienceEnum, { description: 'Sold to persons or to companies.' })
  audience: ProductAudience;

  @Field(() => RiskLevelEnum, { nullable: true, description: 'Risk level for investment products (R1–R5); null where suitability does not apply.' })
  riskLevel: RiskLevel | null;

  @Field(() => DecimalScalar, { description: 'Expected yearly value to the bank.' })
  value: string;

  @Field(() => String, { nullable: true, description: 'Products of one family supersede each other (a gold card holder is not offered the classic card).' })
  family: string | null;

  @Field(() => Int, { nullable: true, description: 'Rank within the family; higher supersedes lower.' })
  familyRank: number | null;

  @Field({ description: 'Inactive products are never offered.' })
  active: boolean;

  @Field(() => Int, { nullable: true, description: "Youngest age it is offered at; null: the decision policy's default for its category." })
  minAge: number | null;

  @Field(() => Int, { nullable: true, description: "Oldest age it is offered at; null: the decision policy's default for its category and risk level." })
  maxAge: number | null;

  @Field({ description: 'Needs a valid risk assessment even without a risk level (advisory or discretionary products).' })
  requiresSuitability: boolean;

  @Field(() => RiskToleranceEnum, { nullable: true, description: 'With requiresSuitability: the least risk tolerance it may be offered to.' })
  minRiskTolerance: RiskTolerance | null;
}
