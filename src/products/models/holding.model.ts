import { Field, ID, ObjectType } from '@nestjs/graphql';
import { DecimalScalar } from '../../common/scalars/decimal.scalar';
import { ProductModel } from './product.model';

@ObjectType('Holding', { description: 'A product a person or a company has with the bank.' })
export class HoldingModel {
  @Field(() => ID, { description: 'Internal id.' })
  id: string;

  @Field({ description: "The bank's own account or contract number." })
  externalId: string;

  @Field(() => ProductModel, { description: 'The product held.' })
  product: ProductModel;

  @Field({ description: 'Date opened (YYYY-MM-DD).' })
  openedAt: string;

  @Field(() => String, { nullable: true, description: 'Date closed (YYYY-MM-DD); null while open.' })
  closedAt: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: "Balance where meaningful (deposits, loans, investments); a person's balance is null unless the viewer may see exact figures." })
  balance: string | null;

  @Field(() => String, { nullable: true, description: 'Balance as a band, e.g. "10k–25k"; null when there is no balance.' })
  balanceBand: string | null;
}
