import { Check, Column, Entity } from 'typeorm';
import { BaseEntity, oneOf } from '../common/base.entity';
import { PRODUCT_AUDIENCES, PRODUCT_CATEGORIES, RISK_LEVELS, type ProductAudience, type ProductCategory, type RiskLevel } from './product-catalogue';

@Entity('products')
@Check('CHK_products_category', oneOf('category', PRODUCT_CATEGORIES))
@Check('CHK_products_audience', oneOf('audience', PRODUCT_AUDIENCES))
@Check('CHK_products_risk_level', oneOf('risk_level', RISK_LEVELS))
@Check('CHK_products_value', '"value" >= 0')
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
}
