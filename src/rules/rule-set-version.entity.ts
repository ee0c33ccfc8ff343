import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * Every rule set version that served, with its full content, so any opportunity can be traced to
 * the exact rules that produced it.
 */
@Entity('rule_set_versions')
export class RuleSetVersionEntity {
  /** Content hash of the rule files (sha256, hex). */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  version: string;

  /** The rule files as loaded: `[{ path, content }]`. */
  @Column({ type: 'jsonb' })
  files: { path: string; content: string }[];

  @Column({ type: 'integer' })
  ruleCount: number;

  /** When this version first served. */
  @CreateDateColumn({ type: 'timestamptz' })
  firstServedAt: Date;

  /** When this version last became the serving one (a version can come back after a revert). */
  @Column({ type: 'timestamptz' })
  lastActivatedAt: Date;
}
