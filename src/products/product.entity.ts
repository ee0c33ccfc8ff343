import { Check, Column, Entity } from 'typeorm';
import { BaseEntity, oneOf } from '../common/base.entity';
import { RISK_TOLERANCES } from '../common/domain-values';
import { PRODUCT_AUDIENCES, PRODUCT_CATEGORIES, RISK_LEVELS, type ProductAudience, type ProductCategory, type RiskLevel, type RiskTolerance } from './product-catalogue';

@Entity('products')
@Check('CHK_products_category', oneOf('category', PRODUCT_CATEGORIES))
@Check('CHK_products_audience', oneOf('audience', PRODUCT_AUDIENCES))
@Check('CHK_products_risk_level', oneOf('risk_level', RISK_LEVELS))
@Check('CHK_products_value', '"value" >= 0')
@Check('CHK_products_min_risk_tolerance', oneOf('min_risk_tolerance', RISK_TOLERANCES))
@Check('CHK_products_age_range', '"min_age" IS NULL OR "max_age" IS NULL OR "min_age" <= "max_age"')
export class ProductEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 64, unique: true })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 500, default: '' })
  description: string;

  @Column({ type: 'varchar', length: 32 })
  category: ProductCategory;

  @Column({ type: 'varchar', length: 16 })
  audience: ProductAudience;

  @Column({ type: 'varchar', length: 2, nullable: true })
  riskLevel: RiskLevel | null;

  /** Expected yearly value to the bank. */
  @Column({ type: 'numeric', precision: 14, scale: 2, default: 0 })
  value: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  family: string | null;

  @Column({ type: 'smallint', nullable: true })
  familyRank: number | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Youngest age it is offered at; null: the decision policy's default for its category. */
  @Column({ type: 'smallint', nullable: true })
  minAge: number | null;

  /** Oldest age it is offered at; null: the decision policy's default. */
  @Column({ type: 'smallint', nullable: true })
  maxAge: number | null;

  /** Needs a valid risk assessment even without a risk level. */
  @Column({ type: 'boolean', default: false })
  requiresSuitability: boolean;

  /** With requiresSuitability: the least tolerance it suits. */
  @Column({ type: 'varchar', length: 2, nullable: true })
  minRiskTolerance: RiskTolerance | null;
}
