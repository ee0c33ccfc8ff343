import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity, oneOf } from '../common/base.entity';
import { BranchEntity } from '../branches/branch.entity';
import { ManagerEntity } from '../managers/manager.entity';
import { CREDIT_GRADES, INDUSTRIES, SIZE_BANDS, type CreditGrade, type Industry, type SizeBand } from '../common/domain-values';

@Entity('corporate_clients')
@Check('CHK_corporate_clients_industry', oneOf('industry', INDUSTRIES))
@Check('CHK_corporate_clients_size_band', oneOf('size_band', SIZE_BANDS))
@Check('CHK_corporate_clients_credit_grade', oneOf('credit_grade', CREDIT_GRADES))
@Check('CHK_corporate_clients_pos_terminal_count', '"pos_terminal_count" >= 0')
@Index('IDX_corporate_clients_refresh_change', ['refreshChange'], { where: '"refresh_change" IS NOT NULL' })
export class CorporateClientEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 64, unique: true })
  externalId: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 32 })
  industry: Industry;

  @Column({ type: 'varchar', length: 16 })
  sizeBand: SizeBand;

  @Column({ type: 'varchar', length: 1, nullable: true })
  creditGrade: CreditGrade | null;

  @Index()
  @Column({ type: 'uuid' })
  branchId: string;

  @ManyToOne(() => BranchEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'branch_id' })
  branch?: BranchEntity;

  /** The corporate relationship manager responsible for the client. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  corporateRmId: string | null;

  @ManyToOne(() => ManagerEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'corporate_rm_id' })
  corporateRm?: ManagerEntity;

  @Column({ type: 'boolean', default: false })
  payrollWithBank: boolean;

  @Column({ type: 'integer', default: 0 })
  posTerminalCount: number;

  @Column({ type: 'boolean', default: false })
  hasSettlementAccount: boolean;

  @Column({ type: 'date' })
  relationshipSince: string;

  /**
   * The change number of the latest change to the company's facts (its data, its holdings, its
   * owners and executives, or a full refresh request) not yet reflected in the opportunities that
   * arise through it; null when they are current. See src/changes/.
   */
  @Column({ type: 'bigint', nullable: true })
  refreshChange: string | null;

  /** When the oldest change not yet reflected was recorded. */
  @Column({ type: 'timestamptz', nullable: true })
  refreshChangeAt: Date | null;

  /** When a refresh last decided everything that arises through this company (freshAsOf of its lists). */
  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;
}
