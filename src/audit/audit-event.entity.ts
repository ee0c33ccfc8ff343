import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { oneOf } from '../common/base.entity';
import { AUDIT_ACTIONS, type AuditAction } from './audit-action';

/**
 * Who saw or changed what, and when: every lead-list view, every outcome, every rule reload.
 * Append-only; no personal data beyond ids (scope and details hold ids and counts).
 */
@Entity('audit_events')
@Check('CHK_audit_events_action', oneOf('action', AUDIT_ACTIONS))
@Index('IDX_audit_events_manager', ['managerExternalId', 'id'])
@Index('IDX_audit_events_action', ['action', 'id'])
export class AuditEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Index()
  @CreateDateColumn({ type: 'timestamptz' })
  occurredAt: Date;

  /** The manager's id (no foreign key: the trail outlives any change to the manager). */
  @Column({ type: 'uuid' })
  managerId: string;

  @Column({ type: 'varchar', length: 64 })
  managerExternalId: string;

  @Column({ type: 'varchar', length: 20 })
  role: string;

  @Column({ type: 'varchar', length: 30 })
  action: AuditAction;

  /** The GraphQL operation (root field) that caused it. */
  @Column({ type: 'varchar', length: 60 })
  operation: string;

  /** The scope served: client, branch or portfolio ids, filters. */
  @Column({ type: 'jsonb' })
  scope: Record<string, unknown>;

  /** Persons (or companies) shown, for a lead-list view. */
  @Column({ type: 'integer', nullable: true })
  personCount: number | null;

  /** Action details: the opportunity and outcome, the rule set version. */
  @Column({ type: 'jsonb', nullable: true })
  details: Record<string, unknown> | null;
}
