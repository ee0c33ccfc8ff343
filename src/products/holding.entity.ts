import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '../common/base.entity';
import { CorporateClientEntity } from '../corporate-clients/corporate-client.entity';
import { PersonEntity } from '../people/person.entity';
import { ProductEntity } from './product.entity';

/** A product a person or a corporate client has with the bank. Open while closed_at is null. */
@Entity('holdings')
@Check('CHK_holdings_one_owner', '("person_id" IS NULL) <> ("corporate_client_id" IS NULL)')
@Check('CHK_holdings_dates', '"closed_at" IS NULL OR "closed_at" >= "opened_at"')
export class HoldingEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 64, unique: true })
  externalId: string;

  @Index()
  @Column({ type: 'uuid' })
  productId: string;

  @ManyToOne(() => ProductEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'product_id' })
  product?: ProductEntity;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  personId: string | null;

  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id' })
  person?: PersonEntity;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  corporateClientId: string | null;

  @ManyToOne(() => CorporateClientEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'corporate_client_id' })
  corporateClient?: CorporateClientEntity;

  @Column({ type: 'date' })
  openedAt: string;

  @Column({ type: 'date', nullable: true })
  closedAt: string | null;

  @Column({ type: 'numeric', precision: 18, scale: 2, nullable: true })
  balance: string | null;
}
