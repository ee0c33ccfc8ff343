import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { CorporateClientEntity } from '../corporate-clients/corporate-client.entity';

/** Holders of one product category among a company's current employees. */
export interface CategoryHolders {
  category: string;
  holders: number;
}

/**
 * One company's `linkageStats`, as the refresh worker last computed them (a `refresh-stats` job
 * after every refresh and outcome that may move them), so reading them is one row whatever the
 * company's size. The same figures as aggregating employments, holdings and opportunities directly.
 */
@Entity('company_linkage_stats')
export class CompanyLinkageStatsEntity {
  @PrimaryColumn({ type: 'uuid' })
  corporateClientId: string;

  @OneToOne(() => CorporateClientEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'corporate_client_id' })
  corporateClient?: CorporateClientEntity;

  /** Current employees (role EMPLOYEE). */
  @Column({ type: 'integer' })
  employees: number;

  /** Of those, paid their salary through the bank. */
  @Column({ type: 'integer' })
  payroll: number;

  @Column({ type: 'integer' })
  payrollWithCard: number;

  /** Distinct current employees holding an open product, per category, by category. */
  @Column({ type: 'jsonb' })
  penetration: CategoryHolders[];

  /** Opportunities through the company: OPEN or CONTACTED, ACCEPTED, DECLINED. */
  @Column({ type: 'integer' })
  open: number;

  @Column({ type: 'integer' })
  accepted: number;

  @Column({ type: 'integer' })
  declined: number;

  @Column({ type: 'timestamptz' })
  computedAt: Date;
}
