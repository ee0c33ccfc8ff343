import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { oneOf } from '../common/base.entity';
import { ManagerEntity } from '../managers/manager.entity';
import { OUTCOMES, type Outcome } from './opportunity-status';
import { OpportunityEntity } from './opportunity.entity';

/** What happened when a manager worked an opportunity. Append-only. */
@Entity('opportunity_outcomes')
@Check('CHK_opportunity_outcomes_outcome', oneOf('outcome', OUTCOMES))
@Unique('UQ_opportunity_outcomes_manager_key', ['managerId', 'idempotencyKey'])
export class OpportunityOutcomeEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  opportunityId: string;

  @ManyToOne(() => OpportunityEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'opportunity_id' })
  opportunity?: OpportunityEntity;

  @Column({ type: 'varchar', length: 12 })
  outcome: Outcome;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  note: string | null;

  @Column({ type: 'uuid', nullable: true })
  managerId: string | null;

  @ManyToOne(() => ManagerEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'manager_id' })
  manager?: ManagerEntity;

  /** The caller's key, per manager: the same request sent twice by one manager records one outcome. */
  @Column({ type: 'varchar', length: 100 })
  idempotencyKey: string;

  @CreateDateColumn({ type: 'timestamptz' })
  recordedAt: Date;

  /** When it happened (the call, the customer's answer): the recording time unless the caller gave one. Cooling-off counts from here. */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  occurredAt: Date;
}
