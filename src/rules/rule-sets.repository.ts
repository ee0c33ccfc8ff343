import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { RuleError, RuleFile, RuleProduct, RuleSet } from '../rule-engine/rules';
import type { RuleLoadTrigger } from './rule-set-publication.entity';

export interface PublicationRow {
  id: string;
  version: string;
  publishedAt: Date;
  trigger: RuleLoadTrigger;
  instanceId: string;
}

export interface RejectionRow {
  attemptedAt: Date;
  trigger: RuleLoadTrigger;
  instanceId: string;
  errors: RuleError[];
}

/** Serialises publishers across instances (a transaction-scoped advisory lock; any constant key). */
const PUBLISH_LOCK_KEY = 7_301_113;

/** Rule set versions, their publications and refusals: the SQL behind the published rule set. */
@Injectable()
export class RuleSetsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The products rules may name (what the validator checks product codes and audiences against). */
  activeProducts(): Promise<RuleProduct[]> {
    return this.dataSource.query(`SELECT code, audience FROM products WHERE active`);
  }

  /** The latest publication: the version every instance serves. */
  async latestPublication(manager: EntityManager = this.dataSource.manager): Promise<PublicationRow | null> {
    const [row] = await manager.query(
      `SELECT id::text AS id, version, published_at AS "publishedAt", trigger, instance_id AS "instanceId"
         FROM rule_set_publications ORDER BY id DESC LIMIT 1`,
    );
    return (row as PublicationRow | undefined) ?? null;
  }

  /** The files a stored version was built from, or null when it is unknown. */
  async versionFiles(version: string): Promise<RuleFile[] | null> {
    const [row]: { files: RuleFile[] }[] = await this.dataSource.query('SELECT files FROM rule_set_versions WHERE version = $1', [version]);
    return row?.files ?? null;
  }

  /**
   * Inside the caller's transaction: waits for any other publisher, then stores the version with its
   * files and publishes it unless it is already the published one. True when a publication was written.
   */
  async publish(manager: EntityManager, ruleSet: RuleSet, trigger: RuleLoadTrigger, instanceId: string): Promise<boolean> {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [PUBLISH_LOCK_KEY]);
    const latest = await this.latestPublication(manager);
    if (latest?.version === ruleSet.version) return false;
    await manager.query(
      `INSERT INTO rule_set_versions (version, files, rule_count, last_activated_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (version) DO UPDATE SET last_activated_at = now()`,
      [ruleSet.version, JSON.stringify(ruleSet.files), ruleSet.rules.length],
    );
    await manager.query(`INSERT INTO rule_set_publications (version, trigger, instance_id) VALUES ($1, $2, $3)`, [ruleSet.version, trigger, instanceId]);
    return true;
  }

  async recordRejection(trigger: RuleLoadTrigger, instanceId: string, errors: readonly RuleError[]): Promise<void> {
    await this.dataSource.query(`INSERT INTO rule_set_rejections (trigger, instance_id, errors) VALUES ($1, $2, $3)`, [trigger, instanceId, JSON.stringify(errors)]);
  }

  async latestRejection(): Promise<RejectionRow | null> {
    const [row] = await this.dataSource.query(
      `SELECT attempted_at AS "attemptedAt", trigger, instance_id AS "instanceId", errors FROM rule_set_rejections ORDER BY id DESC LIMIT 1`,
    );
    return (row as RejectionRow | undefined) ?? null;
  }
}
