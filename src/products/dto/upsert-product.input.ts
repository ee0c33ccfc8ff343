import { Field, InputType, Int } from '@nestjs/graphql';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { ProductAudienceEnum, ProductCategoryEnum, RiskLevelEnum, RiskToleranceEnum } from '../../common/graphql-enums';
import { RISK_TOLERANCES, type RiskTolerance } from '../../common/domain-values';
import { DecimalScalar } from '../../common/scalars/decimal.scalar';
import { FitsColumn, IsMoney } from '../../common/validation/validators';
import { PRODUCT_AUDIENCES, PRODUCT_CATEGORIES, RISK_LEVELS, type ProductAudience, type ProductCategory, type RiskLevel } from '../product-catalogue';
import { ProductEntity } from '../product.entity';

@InputType('UpsertProductInput', {
  description: 'A catalogue product, created or updated by its code. Omitted optional fields keep their value (or the default for a new product), null clears them.',
})
export class UpsertProductInput {
  @Field({ description: 'Stable product code used by rules and other systems, e.g. CREDIT_CARD_GOLD.' })
  @Matches(/^[A-Z][A-Z0-9_]{0,63}$/, { message: 'code must be 1–64 capital letters, digits or _, starting with a letter' })
  code: string;

  @Field({ description: 'Product name.' })
  @IsString()
  @MinLength(1)
  @FitsColumn(() => ProductEntity)
  name: string;

  @Field(() => String, { nullable: true, description: 'What the product is.' })
  @IsOptional()
  @IsString()
  @FitsColumn(() => ProductEntity)
  description?: string | null;

  @Field(() => ProductCategoryEnum, { description: 'Kind of product (decides the default age limits and whether it counts as credit).' })
  @IsIn(PRODUCT_CATEGORIES)
  category: ProductCategory;

  @Field(() => ProductAudienceEnum, { description: 'Sold to persons or to companies.' })
  @IsIn(PRODUCT_AUDIENCES)
  audience: ProductAudience;

  @Field(() => DecimalScalar, { description: 'Expected yearly value to the bank.' })
  @IsMoney()
  value: string;

  @Field(() => RiskLevelEnum, { nullable: true, description: 'Risk level R1–R5 for investment products; null where suitability by level does not apply.' })
  @IsOptional()
  @IsIn(RISK_LEVELS)
  riskLevel?: RiskLevel | null;

  @Field(() => String, { nullable: true, description: 'Family of products that supersede each other.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @FitsColumn(() => ProductEntity)
  family?: string | null;

  @Field(() => Int, { nullable: true, description: 'Rank within the family; higher supersedes lower.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  familyRank?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Inactive products are never offered (default true).' })
  @IsOptional()
  @IsBoolean()
  active?: boolean | null;

  @Field(() => Int, { nullable: true, description: "Youngest age it is offered at; null: the decision policy's default for its category (GUARD_ADULT_AGE for credit, cards, investment, insurance)." })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(120)
  minAge?: number | null;

  @Field(() => Int, { nullable: true, description: "Oldest age it is offered at; null: the decision policy's default (GUARD_MAX_AGE_LOANS, GUARD_MAX_AGE_HIGH_RISK_INVESTMENTS)." })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(120)
  maxAge?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Needs a valid risk assessment even without a risk level (advisory or discretionary products such as private banking; default false).' })
  @IsOptional()
  @IsBoolean()
  requiresSuitability?: boolean | null;

  @Field(() => RiskToleranceEnum, { nullable: true, description: 'With requiresSuitability: the least risk tolerance it may be offered to; null: any valid assessment.' })
  @IsOptional()
  @IsIn(RISK_TOLERANCES)
  minRiskTolerance?: RiskTolerance | null;
}
