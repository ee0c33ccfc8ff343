import { ArgsType, Field, Float, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsIn, IsNumber, IsOptional, IsUUID, Min, ValidateNested } from 'class-validator';
import { ProductCategoryEnum, SegmentEnum } from '../../common/graphql-enums';
import { SEGMENTS, type Segment } from '../../common/domain-values';
import { PageArgs } from '../../common/pagination/pagination';
import { PRODUCT_CATEGORIES, type ProductCategory } from '../../products/product-catalogue';

@InputType('LeadFilter', { description: 'Narrows a lead list; omitted fields do not filter.' })
export class LeadFilterInput {
  @Field(() => ProductCategoryEnum, { nullable: true, description: 'Only opportunities of this product category.' })
  @IsOptional()
  @IsIn(PRODUCT_CATEGORIES)
  productCategory?: ProductCategory;

  @Field(() => Float, { nullable: true, description: 'Only opportunities scoring at least this.' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  minScore?: number;

  @Field(() => SegmentEnum, { nullable: true, description: 'Only persons of this tier.' })
  @IsOptional()
  @IsIn(SEGMENTS)
  segment?: Segment;
}

@ArgsType()
export class EmployeeProspectsArgs extends PageArgs {
  @Field(() => ID, { description: 'The corporate client.' })
  @IsUUID('all', { message: 'corporateClientId must be a uuid' })
  corporateClientId: string;

  @Field(() => LeadFilterInput, { nullable: true, description: 'Narrows the list: product category, minimum score, segment.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => LeadFilterInput)
  filter?: LeadFilterInput;
}

@ArgsType()
export class ScopedLeadsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Only leads through this corporate client.' })
  @IsOptional()
  @IsUUID('all', { message: 'corporateClientId must be a uuid' })
  corporateClientId?: string;

  @Field(() => ID, { nullable: true, description: "Only leads through clients of this branch." })
  @IsOptional()
  @IsUUID('all', { message: 'branchId must be a uuid' })
  branchId?: string;

  @Field(() => ID, { nullable: true, description: "Only leads reached through persons of this retail RM's portfolio." })
  @IsOptional()
  @IsUUID('all', { message: 'retailRmId must be a uuid' })
  retailRmId?: string;

  @Field(() => LeadFilterInput, { nullable: true, description: 'Narrows the list: product category, minimum score, segment.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => LeadFilterInput)
  filter?: LeadFilterInput;
}
