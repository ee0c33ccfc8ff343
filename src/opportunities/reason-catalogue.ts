import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { compileConditions } from '../rule-engine/evaluation';
import { namedConditionsOf, ruleFileKind } from '../rule-engine/rules';
import type { TopLevelCondition } from '../rule-engine/types';
import { RulesService } from '../rules/rules.service';
import { explanationPartsOf, type ExplanationParts } from './reason-storage';

type Parts = ReadonlyMap<string, ExplanationParts>;

/** Rule set versions whose parts are kept in memory besides the serving one (they never change). */
const CACHED_VERSIONS = 32;

/**
 * The explanation parts (reason templates and leaf conditions) of any rule set version an
 * opportunity names: the serving set's from memory, an older set's rebuilt once from the files
 * `rule_set_versions` keeps for it. Only the conditions are compiled: nothing is validated against
 * today's products, so a version that was valid when it served can always be read.
 */
@Injectable()
export class ReasonCatalogue {
  private readonly logger = new Logger(ReasonCatalogue.name);
  private readonly older = new Map<string, Promise<Parts>>();

  constructor(
    private readonly rules: RulesService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Parts by version, for the versions given; a version that cannot be found has no entry. */
  async partsOf(versions: Iterable<string>): Promise<Map<string, Parts>> {
    const serving = this.rules.current();
    const out = new Map<string, Parts>();
    for (const version of new Set(versions)) {
      if (version === serving.version) {
        out.set(version, explanationPartsOf(serving));
        continue;
      }
      const parts = await this.olderVersion(version);
      if (parts.size > 0) out.set(version, parts);
    }
    return out;
  }

  private olderVersion(version: string): Promise<Parts> {
    let parts = this.older.get(version);
    if (!parts) {
      if (this.older.size >= CACHED_VERSIONS) this.older.delete(this.older.keys().next().value!);
      parts = this.load(version);
      this.older.set(version, parts);
      // A failed read is not remembered: the next list tries again.
      parts.catch(() => this.older.delete(version));
    }
    return parts;
  }

  private async load(version: string): Promise<Parts> {
    const [row]: { files: { path: string; content: string }[] }[] = await this.dataSource.query('SELECT files FROM rule_set_versions WHERE version = $1', [version]);
    const parts = new Map<string, ExplanationParts>();
    const namedConditions = namedConditionsOf(row?.files ?? []);
    for (const file of row?.files ?? []) {
      let document: unknown;
      try {
        document = JSON.parse(file.content);
      } catch {
        continue;
      }
      if (document && typeof document === 'object' && !Array.isArray(document) && ruleFileKind(document as Record<string, unknown>) === 'conditionFile') continue;
      const list = document && typeof document === 'object' && Array.isArray((document as { rules?: unknown }).rules) ? (document as { rules: unknown[] }).rules : [document];
      for (const rule of list as { id?: unknown; reason?: unknown; conditions?: unknown }[]) {
        if (!rule || typeof rule.id !== 'string' || typeof rule.reason !== 'string') continue;
        try {
          parts.set(rule.id, { template: rule.reason, leaves: compileConditions(rule.conditions as TopLevelCondition, { namedConditions }).leaves() });
        } catch (error) {
          this.logger.warn(`rule ${rule.id} of rule set ${version.slice(0, 12)} could not be compiled for its explanations: ${(error as Error).message}`);
        }
      }
    }
    return parts;
  }
}
