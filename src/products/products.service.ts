import { AccessService } from '../auth/access.service';
import type { Viewer } from '../auth/viewer';
import { amountBand } from '../common/privacy/bands';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository, type FindOptionsWhere } from 'typeorm';
import { ProductEntity } from './product.entity';
import { HoldingEntity } from './holding.entity';
import type { ProductsArgs } from './dto/products.args';
import type { ProductModel } from './models/product.model';
import type { HoldingModel } from './models/holding.model';
import type { UpsertHoldingInput } from './dto/upsert-holding.input';
import type { UpsertProductInput } from './dto/upsert-product.input';
import { dataVersion } from '../common/data-version';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-code';
import { idByExternalId, upsertByExternalId } from '../common/upsert';
import { ChangesService } from '../changes/changes.service';

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
  minAge: e.minAge,
  maxAge: e.maxAge,
  requiresSuitability: e.requiresSuitability,
  minRiskTolerance: e.minRiskTolerance,
});

@Injectable()
export class ProductsService {
  constructor(
    @InjectRepository(ProductEntity) private readonly products: Repository<ProductEntity>,
    @InjectRepository(HoldingEntity) private readonly holdings: Repository<HoldingEntity>,
    private readonly access: AccessService,
    private readonly changes: ChangesService,
  ) {}

  async list(args: ProductsArgs): Promise<ProductModel[]> {
    const where: FindOptionsWhere<ProductEntity> = {};
    if (args.category) where.category = args.category;
    if (args.audience) where.audience = args.audience;
    if (args.active !== undefined && args.active !== null) where.active = args.active;
    const rows = await this.products.find({ where, order: { category: 'ASC', code: 'ASC' } });
    return rows.map(toProduct);
  }

  /** Open and closed holdings of a person or a company, newest first, with their products. */
  /** A person's or company's holdings; `exact: false` leaves balances as bands only. */
  async holdingsOf(owner: { personId: string } | { corporateClientId: string }, view: { exact: boolean } = { exact: true }): Promise<HoldingModel[]> {
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
      balance: view.exact ? h.balance : null,
      balanceBand: amountBand(h.balance === null ? null : Number(h.balance)),
    }));
  }

  async upsertHolding(viewer: Viewer, input: UpsertHoldingInput): Promise<HoldingModel> {
    this.access.requireRole(viewer, 'upsertHolding');
    if ((input.personExternalId === undefined) === (input.corporateClientExternalId === undefined)) {
      throw AppError.badInput('give exactly one of personExternalId and corporateClientExternalId', ['personExternalId', 'corporateClientExternalId']);
    }
    const { id, personId, companyId } = await this.holdings.manager.transaction(async (db) => {
      const [product] = await db.query('SELECT id, audience FROM products WHERE code = $1', [input.productCode]);
      if (!product) throw new AppError(ErrorCode.NOT_FOUND, `product ${input.productCode} was not found`, { fields: ['productCode'] });
      const personId = input.personExternalId ? await idByExternalId(db, 'persons', 'person', 'personExternalId', input.personExternalId) : null;
      const companyId = input.corporateClientExternalId
        ? await idByExternalId(db, 'corporate_clients', 'corporate client', 'corporateClientExternalId', input.corporateClientExternalId)
        : null;
      const written = await upsertByExternalId(db, 'holdings', input.externalId, {
        product_id: product.id,
        person_id: personId,
        corporate_client_id: companyId,
        opened_at: input.openedAt,
        closed_at: input.closedAt,
        balance: input.balance,
      }, {
        fixed: ['person_id', 'corporate_client_id', 'product_id'],
        conflict: `holding ${input.externalId} belongs to another owner or product; its owner and product cannot change`,
      });
      // A person's holding changes their facts; a company's changes the company facts every lead
      // through it reads. Recorded in the same transaction; an unchanged upsert records nothing.
      if (written.changed) {
        if (personId) await this.changes.personsChanged(db, [personId]);
        else await this.changes.companiesChanged(db, [companyId!]);
      }
      return { id: written.id, personId, companyId };
    });
    const rows = await this.holdingsOf(personId ? { personId } : { corporateClientId: companyId! });
    return rows.find((h) => h.id === id)!;
  }

  /**
   * Creates or updates a catalogue product by its code (ADMIN). Guard attributes (age limits,
   * suitability) take effect at the next refresh of opportunities.
   */
  async upsertProduct(viewer: Viewer, input: UpsertProductInput): Promise<ProductModel> {
    this.access.requireRole(viewer, 'upsertProduct');
    const columns: Record<string, unknown> = {
      name: input.name,
      description: input.description === null ? '' : input.description,
      category: input.category,
      audience: input.audience,
      value: input.value,
      risk_level: input.riskLevel,
      family: input.family,
      family_rank: input.familyRank,
      active: input.active === null ? true : input.active,
      min_age: input.minAge,
      max_age: input.maxAge,
      requires_suitability: input.requiresSuitability === null ? false : input.requiresSuitability,
      min_risk_tolerance: input.minRiskTolerance,
    };
    const given = Object.entries(columns).filter(([, v]) => v !== undefined);
    const names = ['code', ...given.map(([c]) => c)];
    const db = this.products.manager;
    const [row] = await db.transaction(async (tx) => {
      const rows = await tx.query(
        `INSERT INTO products (${names.map((c) => `"${c}"`).join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')})
         ON CONFLICT (code) DO UPDATE SET ${[...given.map(([c]) => `"${c}" = EXCLUDED."${c}"`), 'updated_at = now()'].join(', ')}
         RETURNING id, min_age, max_age`,
        [input.code, ...given.map(([, v]) => v)],
      );
      // the merged row must still have min ≤ max (an update may give only one of them)
      if (rows[0].min_age !== null && rows[0].max_age !== null && rows[0].min_age > rows[0].max_age) {
        throw AppError.badInput('minAge must not be above maxAge', ['minAge', 'maxAge']);
      }
      return rows;
    });
    dataVersion.bump();
    return toProduct((await this.products.findOneByOrFail({ id: row.id }))!);
  }

  async byCodes(codes: string[]): Promise<ProductModel[]> {
    if (codes.length === 0) return [];
    return (await this.products.find({ where: { code: In(codes) } })).map(toProduct);
  }
}
