import { CurrentViewer } from '../auth/current-viewer.decorator';
import type { Viewer } from '../auth/viewer';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { UpsertHoldingInput } from './dto/upsert-holding.input';
import { HoldingModel } from './models/holding.model';
import { ProductsArgs } from './dto/products.args';
import { ProductModel } from './models/product.model';
import { ProductsService } from './products.service';

@Resolver(() => ProductModel)
export class ProductsResolver {
  constructor(private readonly catalogue: ProductsService) {}

  @Query(() => [ProductModel], { description: 'The product catalogue, by category and code.' })
  products(@Args() args: ProductsArgs): Promise<ProductModel[]> {
    return this.catalogue.list(args);
  }

  @Mutation(() => HoldingModel, { description: "Creates or updates a person's or company's product by its account or contract number." })
  upsertHolding(@CurrentViewer() viewer: Viewer, @Args('input', { description: 'The record, keyed by its external id.' }) input: UpsertHoldingInput): Promise<HoldingModel> {
    return this.catalogue.upsertHolding(viewer, input);
  }
}
