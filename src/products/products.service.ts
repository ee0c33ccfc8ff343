import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository, type FindOptionsWhere } from 'typeorm';
import { ProductEntity } from './product.entity';
import { HoldingEntity } from './holding.entity';
import type { ProductsArgs } from './dto/products.args';
import type { ProductModel } from './models/product.model';
import type { HoldingModel } from './models/holding.model';

const toProduct = (e: ProductEntity): ProductModel => ({
  id: e.id,
  code: e.code,
  name: e.name,
  description: e.description,
  category: e.category,
  audience: e.audience,
  riskLevel: e.riskLevel,
  value: e.value,
  family: e.family,
  familyRank: e.familyRank,
  active: e.active,
});

@Injectable()
export class ProductsService {
  constructor(
    @InjectRepository(ProductEntity) private readonly products: Repository<ProductEntity>,
    @InjectRepository(HoldingEntity) private readonly holdings: Repository<HoldingEntity>,
  ) {}

  async list(args: ProductsArgs): Promise<ProductModel[]> {
    const where: FindOptionsWhere<ProductEntity> = {};
    if (args.category) where.category = args.category;
    if (args.audience) where.audience = args.audience;
    if (args.active !== undefined) where.active = args.active;
    const rows = await this.products.find({ where, order: { category: 'ASC', code: 'ASC' } });
    return rows.map(toProduct);
  }

  /** Open and closed holdings of a person or a company, newest first, with their products. */
  async holdingsOf(owner: { personId: string } | { corporateClientId: string }): Promise<HoldingModel[]> {
    const rows = await this.holdings.find({
      where: 'personId' in owner ? { personId: owner.personId } : { corporateClientId: owner.corporateClientId },
      relations: { product: true },
      order: { openedAt: 'DESC', externalId: 'ASC' },
    });
    return rows.map((h) => ({
      id: h.id,
      externalId: h.externalId,
      product: toProduct(h.product!),
      openedAt: h.openedAt,
      closedAt: h.closedAt,
      balance: h.balance,
    }));
  }

  async byCodes(codes: string[]): Promise<ProductModel[]> {
    if (codes.length === 0) return [];
    return (await this.products.find({ where: { code: In(codes) } })).map(toProduct);
  }
}
