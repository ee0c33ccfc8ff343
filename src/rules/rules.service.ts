import { AccessService } from '../auth/access.service';
import { AuditService, type AuditEntry } from '../audit/audit.service';
import { serviceViewer, type Viewer } from '../auth/viewer';
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { watch, type FSWatcher } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { ChangesService } from '../changes/changes.service';
import { formatRuleError, RuleSetInvalidError, type RuleError } from '../rule-engine/rules/rule-errors';
import type { RuleProduct } from '../rule-engine/rules';
import { loadRuleSetFromDirectory, type ServingRuleSet } from './rule-set.loader';
import type { ReloadRulesResultModel, RuleErrorModel, RuleSetModel } from './models/rule-set.model';

const toErrorModel = (e: RuleError): RuleErrorModel => ({
  file: e.file,
  ruleId: e.ruleId ?? null,
  jsonPath: e.jsonPath,
  code: e.code,
  message: e.message,
  text: formatRuleError(e),
});

export type ReloadTrigger = 'STARTUP' | 'FILE_CHANGE' | 'MANUAL';

export interface RejectedReload {
  attemptedAt: Date;
  trigger: ReloadTrigger;
  errors: readonly RuleError[];
}

export interface ReloadOutcome {
  applied: boolean;
  serving: ServingRuleSet;
  errors: readonly RuleError[];
}

/** How long file changes settle before a reload (editors write files in several steps). */
const WATCH_DEBOUNCE_MS = 250;

/** Who reloads the rules when their files change: the service itself. */
const FILE_WATCHER = serviceViewer('service:rule-file-watcher', 'SYSTEM');

/**
 * Owns the serving rule set. The set is immutable and replaced atomically by swapping one
 * reference, so a request that reads `current()` once sees the old or the new set, never a mix.
 * An invalid change is refused; the previous set keeps serving and the errors are kept for the API.
 */
@Injectable()
export class RulesService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RulesService.name);
  private serving: ServingRuleSet | undefined;
  private rejected: RejectedReload | null = null;
  private watcher: FSWatcher | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  readonly directory: string;

  constructor(
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly changes: ChangesService,
  ) {
    this.directory = resolve(config.RULES_DIR);
  }

  async onModuleInit(): Promise<void> {
    const outcome = await this.reload('STARTUP');
    if (!outcome.applied) throw new RuleSetInvalidError(outcome.errors);
    this.startWatching();
  }

  onModuleDestroy(): void {
    clearTimeout(this.debounce);
    this.watcher?.close();
  }

  /** The serving rule set: read it once per request and use that object throughout. */
  current(): ServingRuleSet {
    if (!this.serving) throw new Error('rules are not loaded yet');
    return this.serving;
  }

  lastRejected(): RejectedReload | null {
    return this.rejected;
  }

  /** The serving set and the last refused reload, as the API shows them. */
  describe(): RuleSetModel {
    const set = this.current();
    const rejected = this.rejected;
    return {
      version: set.version,
      loadedAt: new Date(set.loadedAt),
      ruleCount: set.rules.length,
      rules: set.rules.map((r) => ({
        id: r.id,
        description: r.definition.description,
        linkage: r.definition.linkage,
        productCode: r.definition.product,
        enabled: r.enabled,
        priority: r.definition.priority,
        propensity: r.definition.propensity,
        lever: r.definition.lever,
        tags: [...r.definition.tags],
        file: r.file,
      })),
      lastRejectedReload: rejected ? { attemptedAt: rejected.attemptedAt, trigger: rejected.trigger, errors: rejected.errors.map(toErrorModel) } : null,
    };
  }

  /** ruleset, for RULE_ADMIN. */
  describeFor(viewer: Viewer): RuleSetModel {
    this.access.requireRole(viewer, 'ruleset');
    return this.describe();
  }

  async reloadOnRequest(viewer: Viewer): Promise<ReloadRulesResultModel> {
    this.access.requireRole(viewer, 'reloadRules');
    const outcome = await this.reload('MANUAL');
    await this.audit.record(viewer, this.auditEntry('reloadRules', outcome));
    return { applied: outcome.applied, ruleset: this.describe(), errors: outcome.errors.map(toErrorModel) };
  }

  private auditEntry(operation: string, outcome: ReloadOutcome): AuditEntry {
    return {
      action: 'RULES_RELOADED',
      operation,
      details: { applied: outcome.applied, version: outcome.serving.version, ruleCount: outcome.serving.rules.length, errorCount: outcome.errors.length },
    };
  }

  /** Reloads from RULES_DIR; reloads never overlap. */
  reload(trigger: ReloadTrigger): Promise<ReloadOutcome> {
    const run = this.queue.then(() => this.reloadNow(trigger));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async reloadNow(trigger: ReloadTrigger): Promise<ReloadOutcome> {
    const started = Date.now();
    const products: RuleProduct[] = await this.dataSource.query(`SELECT code, audience FROM products WHERE active`);
    const result = await loadRuleSetFromDirectory(this.directory, this.config.RULES_DIR, products);
    if (!result.ok) {
      this.rejected = { attemptedAt: new Date(), trigger, errors: result.errors };
      this.logger.error(
        `rule reload (${trigger}) refused with ${result.errors.length} error(s)${this.serving ? `; version ${this.serving.version.slice(0, 12)} keeps serving` : ''}:\n${result.errors.map(formatRuleError).join('\n')}`,
      );
      if (!this.serving) return { applied: false, serving: undefined as never, errors: result.errors };
      return { applied: false, serving: this.serving, errors: result.errors };
    }
    const next = result.ruleSet;
    if (this.serving?.version === next.version) return { applied: true, serving: this.serving, errors: [] };
    const previous = this.serving?.version;
    await this.dataSource.transaction(async (tx) => {
      const [stored] = await tx.query(
        `INSERT INTO rule_set_versions (version, files, rule_count, last_activated_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (version) DO UPDATE SET last_activated_at = now()
         RETURNING (xmax = 0) AS created`,
        [next.version, JSON.stringify(next.files), next.rules.length],
      );
      // A new rule set decides everything again: the process that publishes it (a reload here, or
      // the first instance to start with new files) enqueues one full refresh, with the publication.
      if (previous !== undefined || stored.created) await this.changes.fullRefreshRequested(`rule set ${next.version.slice(0, 12)}`, tx);
    });
    this.serving = next;
    this.logger.log(
      `rule set ${next.version.slice(0, 12)} serving (${trigger}): ${next.rules.length} rules from ${next.files.length} files, ${next.rules.filter((r) => r.enabled).length} enabled, loaded in ${Date.now() - started} ms${previous ? `, replacing ${previous.slice(0, 12)}` : ''}`,
    );
    return { applied: true, serving: next, errors: [] };
  }

  private startWatching(): void {
    try {
      this.watcher = watch(this.directory, () => {
        clearTimeout(this.debounce);
        this.debounce = setTimeout(
          () =>
            void this.reload('FILE_CHANGE')
              .then((outcome) => this.audit.record(FILE_WATCHER, this.auditEntry('fileChange', outcome)))
              .catch((error) => this.logger.error(`rule reload after a file change failed: ${(error as Error).message}`)),
          WATCH_DEBOUNCE_MS,
        );
      });
      this.watcher.on('error', (error) => this.logger.warn(`watching ${this.directory} stopped: ${error.message}; use the reloadRules mutation`));
    } catch (error) {
      this.logger.warn(`cannot watch ${this.directory}: ${(error as Error).message}; use the reloadRules mutation`);
    }
  }
}
