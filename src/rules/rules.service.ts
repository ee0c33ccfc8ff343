import { AccessService } from '../auth/access.service';
import { AuditService, type AuditEntry } from '../audit/audit.service';
import { serviceViewer, type Viewer } from '../auth/viewer';
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { watch, type FSWatcher } from 'node:fs';
import { resolve } from 'node:path';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { buildRuleSet, formatRuleError, RuleSetInvalidError, type RuleError } from '../rule-engine/rules';
import { InstancesService } from '../instances/instances.service';
import { NotificationsService } from '../notifications/notifications.service';
import { ChangesService } from '../changes/changes.service';
import { loadRuleSetFromDirectory, type ServingRuleSet } from './rule-set.loader';
import type { RuleLoadTrigger } from './rule-set-publication.entity';
import { RuleSetsRepository } from './rule-sets.repository';
import type { ReloadRulesResultModel, RuleErrorModel, RuleSetModel } from './models/rule-set.model';

const toErrorModel = (e: RuleError): RuleErrorModel => ({
  file: e.file,
  ruleId: e.ruleId ?? null,
  jsonPath: e.jsonPath,
  code: e.code,
  message: e.message,
  text: formatRuleError(e),
});

export type ReloadTrigger = RuleLoadTrigger;

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
 * Owns the serving rule set. The database says which version is published (the latest row of
 * `rule_set_publications`); every instance serves that one, switching when the notification channel
 * says `rules.published` and, as a safety net, when a periodic check (RULES_POLL_SECONDS) or a
 * channel resync finds another. The files under RULES_DIR are the authoring source: loading them (at
 * start, after a change, or by `reloadRules`) validates them and, when valid and different from the
 * published version, publishes them for everyone; when invalid, the refusal is stored for everyone
 * and the published version keeps serving. The last file load wins.
 *
 * The set is immutable and replaced atomically by swapping one reference, so a request that reads
 * `current()` once sees the old or the new set, never a mix.
 */
@Injectable()
export class RulesService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RulesService.name);
  private serving: ServingRuleSet | undefined;
  private watcher: FSWatcher | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private poll: NodeJS.Timeout | undefined;
  private readonly unsubscribe: (() => void)[] = [];
  /** Loads, publications and switches run one at a time, in order. */
  private queue: Promise<unknown> = Promise.resolve();
  readonly directory: string;

  constructor(
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: RuleSetsRepository,
    private readonly notifications: NotificationsService,
    private readonly instances: InstancesService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly changes: ChangesService,
  ) {
    this.directory = resolve(config.RULES_DIR);
  }

  async onModuleInit(): Promise<void> {
    const outcome = await this.reload('STARTUP');
    if (!outcome.applied) throw new RuleSetInvalidError(outcome.errors);
    const sync = () => void this.syncToPublished().catch((error: Error) => this.logger.warn(`checking the published rule set failed (${error.name})`));
    this.unsubscribe.push(this.notifications.on('rules.published', sync), this.notifications.on('resync', sync));
    this.poll = setInterval(sync, this.config.RULES_POLL_SECONDS * 1000);
    this.poll.unref();
    this.startWatching();
  }

  onModuleDestroy(): void {
    clearTimeout(this.debounce);
    clearInterval(this.poll);
    for (const off of this.unsubscribe) off();
    this.watcher?.close();
  }

  /** The serving rule set: read it once per request and use that object throughout. */
  current(): ServingRuleSet {
    if (!this.serving) throw new Error('rules are not loaded yet');
    return this.serving;
  }

  /** The serving set, the published one, the last refused load and every instance, as the API shows them. */
  async describe(): Promise<RuleSetModel> {
    const set = this.current();
    const [published, rejected, instances] = await Promise.all([this.repository.latestPublication(), this.repository.latestRejection(), this.instances.list()]);
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
      publishedVersion: published?.version ?? null,
      publishedAt: published?.publishedAt ?? null,
      instances,
      lastRejectedReload: rejected
        ? { attemptedAt: rejected.attemptedAt, trigger: rejected.trigger, instanceId: rejected.instanceId, errors: rejected.errors.map(toErrorModel) }
        : null,
    };
  }

  /** ruleset, for RULE_ADMIN. */
  describeFor(viewer: Viewer): Promise<RuleSetModel> {
    this.access.requireRole(viewer, 'ruleset');
    return this.describe();
  }

  async reloadOnRequest(viewer: Viewer): Promise<ReloadRulesResultModel> {
    this.access.requireRole(viewer, 'reloadRules');
    const outcome = await this.reload('MANUAL');
    await this.audit.record(viewer, this.auditEntry('reloadRules', outcome));
    return { applied: outcome.applied, ruleset: await this.describe(), errors: outcome.errors.map(toErrorModel) };
  }

  private auditEntry(operation: string, outcome: ReloadOutcome): AuditEntry {
    return {
      action: 'RULES_RELOADED',
      operation,
      details: { applied: outcome.applied, version: outcome.serving.version, ruleCount: outcome.serving.rules.length, errorCount: outcome.errors.length },
    };
  }

  /** Loads the files of RULES_DIR and publishes them when valid and new; loads never overlap. */
  reload(trigger: ReloadTrigger): Promise<ReloadOutcome> {
    return this.serialised(() => this.reloadNow(trigger));
  }

  /** Serves the published version if this instance serves another (after a notification, a poll or a resync). */
  syncToPublished(): Promise<void> {
    return this.serialised(() => this.syncNow());
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async reloadNow(trigger: ReloadTrigger): Promise<ReloadOutcome> {
    const started = Date.now();
    const products = await this.repository.activeProducts();
    const result = await loadRuleSetFromDirectory(this.directory, this.config.RULES_DIR, products);
    if (!result.ok) {
      await this.repository.recordRejection(trigger, this.instances.id, result.errors);
      this.logger.error(
        `rule files refused (${trigger}) with ${result.errors.length} error(s)${this.serving ? `; version ${this.serving.version.slice(0, 12)} keeps serving` : ''}:\n${result.errors.map(formatRuleError).join('\n')}`,
      );
      return { applied: false, serving: this.serving as ServingRuleSet, errors: result.errors };
    }
    const next = result.ruleSet;
    const published = await this.dataSource.transaction(async (manager) => {
      const written = await this.repository.publish(manager, next, trigger, this.instances.id);
      if (written) {
        await this.notifications.publish({ kind: 'rules.published', version: next.version }, manager);
        await this.onPublished(next.version, manager);
      }
      return written;
    });
    if (published) this.logger.log(`rule set ${next.version.slice(0, 12)} published from ${this.config.RULES_DIR} (${trigger})`);
    await this.serve(next, trigger, started);
    return { applied: true, serving: this.serving as ServingRuleSet, errors: [] };
  }

  /**
   * The one place where the publishing process reacts to a new publication, inside the transaction
   * that writes it (with its notification): the full refresh of opportunities for the new rules is
   * enqueued here, so that it is queued if and only if the publication commits.
   */
  private async onPublished(version: string, manager: EntityManager): Promise<void> {
    // A new rule set decides everything again: one full refresh, queued with the publication.
    await this.changes.fullRefreshRequested(`rule set ${version.slice(0, 12)}`, manager);
  }

  private async syncNow(): Promise<void> {
    const published = await this.repository.latestPublication();
    if (!published || published.version === this.serving?.version) return;
    const started = Date.now();
    const files = await this.repository.versionFiles(published.version);
    if (!files) {
      this.logger.error(`published rule set ${published.version.slice(0, 12)} has no stored files; ${this.serving?.version.slice(0, 12)} keeps serving`);
      return;
    }
    const result = buildRuleSet(files, { products: await this.repository.activeProducts(), location: this.config.RULES_DIR });
    if (!result.ok) {
      // Valid when it was published; the products changed since. Nothing here can repair it.
      this.logger.error(
        `published rule set ${published.version.slice(0, 12)} is invalid against today's products; ${this.serving?.version.slice(0, 12)} keeps serving:\n${result.errors.map(formatRuleError).join('\n')}`,
      );
      return;
    }
    await this.serve(result.ruleSet, 'PUBLISHED', started);
  }

  private async serve(next: ServingRuleSet, how: ReloadTrigger | 'PUBLISHED', started: number): Promise<void> {
    const previous = this.serving;
    if (previous?.version !== next.version) {
      this.serving = next;
      this.logger.log(
        `rule set ${next.version.slice(0, 12)} serving (${how}): ${next.rules.length} rules from ${next.files.length} files, ${next.rules.filter((r) => r.enabled).length} enabled, loaded in ${Date.now() - started} ms${previous ? `, replacing ${previous.version.slice(0, 12)}` : ''}`,
      );
    }
    await this.instances.report(next.version);
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
