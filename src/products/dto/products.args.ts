import { ArgsType, Field } from '@nestjs/graphql';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { ProductAudienceEnum, ProductCategoryEnum } from '../../common/graphql-enums';
import { PRODUCT_AUDIENCES, PRODUCT_CATEGORIES, type ProductAudience, type ProductCategory } from '../product-catalogue';

@ArgsType()
export class ProductsArgs {
  @Field(() => ProductCategoryEnum, { nullable: true, description: 'Only products of this category.' })
  @IsOptional()
  @IsIn(PRODUCT_CATEGORIES)
  category?: ProductCategory;

  @Field(() => ProductAudienceEnum, { nullable: true, description: 'Only products for persons or for companies.' })
  @IsOptional()
  @IsIn(PRODUCT_AUDIENCES)
  audience?: ProductAudience;

  @Field(() => Boolean, { nullable: true, description: 'Only active (true) or inactive (false) products; all when omitted.' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}
