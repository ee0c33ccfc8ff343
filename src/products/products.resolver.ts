import { Args, Query, Resolver } from '@nestjs/graphql';
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
}
