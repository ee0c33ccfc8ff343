import { Field, InputType } from '@nestjs/graphql';
import { IsOptional, IsString, Matches, MinLength } from 'class-validator';
import { DecimalScalar } from '../../common/scalars/decimal.scalar';
import { EXTERNAL_ID, EXTERNAL_ID_MESSAGE, IsIsoDate, FitsColumn, IsNotBefore } from '../../common/validation/validators';
import { HoldingEntity } from '../holding.entity';
import { ProductEntity } from '../product.entity';

@InputType('UpsertHoldingInput', { description: "A person's or a company's product, created or updated by its account or contract number. Give exactly one owner; owner and product cannot change." })
export class UpsertHoldingInput {
  @Field({ description: "The bank's account or contract number." })
  @Matches(EXTERNAL_ID, { message: `externalId ${EXTERNAL_ID_MESSAGE}` })
  externalId: string;

  @Field({ description: 'Product code, e.g. MORTGAGE.' })
  @IsString()
  @MinLength(1)
  @FitsColumn(() => ProductEntity, 'code')
  productCode: string;

  @Field(() => String, { nullable: true, description: 'External id (customer number) of the person.' })
  @IsOptional()
  @Matches(EXTERNAL_ID, { message: `personExternalId ${EXTERNAL_ID_MESSAGE}` })
  personExternalId?: string;

  @Field(() => String, { nullable: true, description: 'External id of the corporate client.' })
  @IsOptional()
  @Matches(EXTERNAL_ID, { message: `corporateClientExternalId ${EXTERNAL_ID_MESSAGE}` })
  corporateClientExternalId?: string;

  @Field({ description: 'YYYY-MM-DD.' })
  @IsIsoDate()
  openedAt: string;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; null while open.' })
  @IsOptional()
  @IsIsoDate()
  @IsNotBefore('openedAt')
  closedAt?: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Balance where meaningful; may be negative for overdrafts.' })
  @IsOptional()
  @Matches(/^-?\d{1,16}(\.\d{1,2})?$/, { message: 'balance must be an amount with at most 2 decimals' })
  @FitsColumn(() => HoldingEntity)
  balance?: string | null;
}
