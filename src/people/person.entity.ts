import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity, oneOf } from '../common/base.entity';
import { BranchEntity } from '../branches/branch.entity';
import { ManagerEntity } from '../managers/manager.entity';
import {
  MARITAL_STATUSES,
  RISK_TOLERANCES,
  SEGMENTS,
  type MaritalStatus,
  type RiskTolerance,
  type Segment,
} from '../common/domain-values';

/**
 * An individual, customer or not yet. Money columns are exact numerics and come back from the
 * driver as decimal strings; they are never stored as floating point.
 */
@Entity('persons')
@Index('IDX_persons_refresh_change', ['refreshChange'], { where: '"refresh_change" IS NOT NULL' })
@Check('CHK_persons_segment', oneOf('segment', SEGMENTS))
@Check('CHK_persons_risk_tolerance', oneOf('risk_tolerance', RISK_TOLERANCES))
@Check('CHK_persons_marital_status', oneOf('marital_status', MARITAL_STATUSES))
@Check('CHK_persons_credit_score', '"credit_score" BETWEEN 300 AND 850')
@Check('CHK_persons_dependants', '"dependants" >= 0')
export class PersonEntity extends BaseEntity {
  @Column({ type: 'varchar', length: 64, unique: true })
  externalId: string;

  @Column({ type: 'varchar', length: 200 })
  fullName: string;

  @Column({ type: 'date' })
  birthDate: string;

  @Column({ type: 'varchar', length: 16, default: 'MASS' })
  segment: Segment;

  /** Assets under management at the bank. */
  @Column({ type: 'numeric', precision: 18, scale: 2, default: 0 })
  aum: string;

  @Column({ type: 'numeric', precision: 14, scale: 2, default: 0 })
  monthlyIncome: string;

  @Column({ type: 'smallint', nullable: true })
  creditScore: number | null;

  @Column({ type: 'varchar', length: 2, nullable: true })
  riskTolerance: RiskTolerance | null;

  @Column({ type: 'date', nullable: true })
  riskAssessedAt: string | null;

  @Column({ type: 'date', nullable: true })
  riskAssessmentExpiresAt: string | null;

  @Column({ type: 'boolean', default: false })
  marketingConsent: boolean;

  @Column({ type: 'boolean', default: false })
  doNotContact: boolean;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  retailRmId: string | null;

  @ManyToOne(() => ManagerEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'retail_rm_id' })
  retailRm?: ManagerEntity;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  branchId: string | null;

  @ManyToOne(() => BranchEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'branch_id' })
  branch?: BranchEntity;

  /** Set while the person's accounts are dormant. */
  @Column({ type: 'date', nullable: true })
  dormantSince: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  maritalStatus: MaritalStatus | null;

  @Column({ type: 'smallint', default: 0 })
  dependants: number;

  /** Average days a credited salary stays before most of it is moved out (from core banking). */
  @Column({ type: 'smallint', nullable: true })
  salaryRetentionDays: number | null;

  /** Money moved to other banks in the last 30 days (from core banking). */
  @Column({ type: 'numeric', precision: 18, scale: 2, default: 0 })
  outflow30d: string;

  /**
   * The change number (from the sequence refresh_change_seq) of the latest change to the person's
   * data not yet reflected in their opportunities; null when they are current. Set in the writer's
   * transaction; cleared by the refresh only while it still holds the number the refresh read (an
   * exact comparison of integers: a newer change always survives). See src/changes/.
   */
  @Column({ type: 'bigint', nullable: true })
  refreshChange: string | null;

  /** When the oldest change not yet reflected was recorded (for the age of pending changes; never compared for equality). */
  @Column({ type: 'timestamptz', nullable: true })
  refreshChangeAt: Date | null;

  /** When a refresh last decided every route of this person (freshAsOf of their opportunities). */
  @Column({ type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  /** Sensitive identifiers and contact details: never logged, never shown to corporate RMs. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  nationalId: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  email: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  phone: string | null;
}
