import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { oneOf } from '../common/base.entity';
import { RuleSetVersionEntity } from './rule-set-version.entity';

/** What started a load of the rule files. */
export const RULE_LOAD_TRIGGERS = ['STARTUP', 'FILE_CHANGE', 'MANUAL'] as const;
export type RuleLoadTrigger = (typeof RULE_LOAD_TRIGGERS)[number];

/**
 * Every publication of a rule set version, in order: the row with the highest id is the version
 * every instance serves. Append-only; a version can be published again (a revert).
 */
@Entity('rule_set_publications')
@Check('CHK_rule_set_publications_trigger', oneOf('trigger', RULE_LOAD_TRIGGERS))
export class RuleSetPublicationEntity {
  /** Monotonically increasing: the highest is the published version. */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  version: string;

  @ManyToOne(() => RuleSetVersionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'version' })
  ruleSetVersion?: RuleSetVersionEntity;

  @CreateDateColumn({ type: 'timestamptz' })
  publishedAt: Date;

  @Column({ type: 'varchar', length: 16 })
  trigger: RuleLoadTrigger;

  /** The instance whose files were published (host:pid:random). */
  @Column({ type: 'varchar', length: 200 })
  instanceId: string;
}

/**
 * Loads of the rule files that were refused (invalid files), newest last: the latest is shown by
 * every instance as `ruleset.lastRejectedReload`.
 */
@Entity('rule_set_rejections')
@Check('CHK_rule_set_rejections_trigger', oneOf('trigger', RULE_LOAD_TRIGGERS))
export class RuleSetRejectionEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @CreateDateColumn({ type: 'timestamptz' })
  attemptedAt: Date;

  @Column({ type: 'varchar', length: 16 })
  trigger: RuleLoadTrigger;

  /** The instance whose files were refused. */
  @Column({ type: 'varchar', length: 200 })
  instanceId: string;

  /** Every error found (file, rule id, JSON path, code, message: rule text, never personal data). */
  @Column({ type: 'jsonb' })
  errors: unknown[];
}
