import { CurrentViewer } from '../auth/current-viewer.decorator';
import type { Viewer } from '../auth/viewer';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { UpsertHoldingInput } from './dto/upsert-holding.input';
import { UpsertProductInput } from './dto/upsert-product.input';
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

  @Mutation(() => ProductModel, { description: 'Creates or updates a catalogue product by its code, with its guard attributes (age limits, suitability). ADMIN only.' })
  upsertProduct(@CurrentViewer() viewer: Viewer, @Args('input', { description: 'The product, keyed by its code.' }) input: UpsertProductInput): Promise<ProductModel> {
    return this.catalogue.upsertProduct(viewer, input);
  }

  @Mutation(() => HoldingModel, { description: "Creates or updates a person's or company's product by its account or contract number." })
  upsertHolding(@CurrentViewer() viewer: Viewer, @Args('input', { description: 'The record, keyed by its external id.' }) input: UpsertHoldingInput): Promise<HoldingModel> {
    return this.catalogue.upsertHolding(viewer, input);
  }
}
