import { MetricsService } from '../metrics/metrics.service';
import { withoutStatementTimeout } from '../database/data-source.options';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ChangesRepository } from '../changes/changes.repository';
import { ChangesService } from '../changes/changes.service';
import { LinkageStatsRepository } from '../leads/linkage-stats.repository';
import { dataVersion } from '../common/data-version';
import { AppError } from '../common/errors/app-error';
import { NotificationsService } from '../notifications/notifications.service';
import { OpportunityEngineService, type DecidedSubject, type EvaluationContext } from '../opportunities/opportunity-engine.service';
import { planOffers, type PlannedOffer } from '../opportunities/offer-plan';
import { OpportunitiesRepository, type OpportunityWrite } from '../opportunities/opportunities.repository';
import { PlannerStatistics } from '../opportunities/planner-statistics';
import { compactReason, type CompactReason } from '../opportunities/reason-storage';
import type { LiveOpportunityRow } from '../opportunities/subjects.repository';

export interface RefreshSummary {
  ruleSetVersion: string;
  companies: number;
  subjects: number;
  /** Opportunities this refresh inserted (rows it really wrote: a concurrent insert of the same one is not counted). */
  created: number;
  kept: number;
  expired: number;
  ms: number;
}

/** A refresh that wrote this many rows, and at least as many as the table held, refreshes the planner's statistics (see PlannerStatistics). */
const ANALYZE_AFTER_ROWS = 10_000;

/** Advisory lock space of the per-company refresh lock (the second key is the company id's hash). */
export const COMPANY_LOCK_SPACE = 73_051;

const PERSON_LINKAGES = ['EMPLOYEE_PROSPECT', 'EXECUTIVE_LEAD'] as const;

/**
 * The only place decisions are written. A refresh is idempotent: the same data and rules leave the
 * same rows. An opportunity whose rule no longer fires is expired, not deleted; one a manager has
 * worked (CONTACTED and later) is never overwritten.
 *
 * Every evaluation and write of what arises through one company runs under that company's
 * advisory lock (held on its own connection, released when done or when the connection dies), so
 * two workers — of this instance or another — never decide the same person through the same
 * company at the same time. Each write commits with an `opportunities.changed` notification.
 */
@Injectable()
export class RefresherService {
  private readonly logger = new Logger(RefresherService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly engine: OpportunityEngineService,
    private readonly notifications: NotificationsService,
    private readonly changes: ChangesService,
    private readonly metrics: MetricsService,
  ) {}

  /**
   * Recomputes one company's linkage statistics (the `refresh-stats` job): one aggregate over its
   * employees, their holdings and its opportunities, kept so that `linkageStats` reads one row.
   */
  async refreshLinkageStats(companyId: string): Promise<void> {
    await withoutStatementTimeout(this.dataSource, (runner) => LinkageStatsRepository.recompute(runner.manager, companyId));
  }

  private emptySummary(ctx: EvaluationContext): RefreshSummary {
    return { ruleSetVersion: ctx.ruleSetVersion, companies: 0, subjects: 0, created: 0, kept: 0, expired: 0, ms: 0 };
  }

  /**
   * Refreshes the opportunities that arise through one company, or through every company. With
   * every linkage on today's date, the company's change mark is cleared (if no newer change came).
   */
  async refresh(corporateClientId?: string, asOf?: string, linkages?: readonly string[]): Promise<RefreshSummary> {
    const started = Date.now();
    const ctx = await this.engine.context(asOf);
    if (corporateClientId) {
      const found = await this.dataSource.query('SELECT 1 FROM corporate_clients WHERE id = $1', [corporateClientId]);
      if (found.length === 0) throw AppError.notFound('corporate client', `with id ${corporateClientId}`);
    }
    const companyIds = corporateClientId ? [corporateClientId] : await this.engine.allCompanyIds();
    const summary = this.emptySummary(ctx);
    const statistics = await PlannerStatistics.track(this.dataSource, 'opportunities', ANALYZE_AFTER_ROWS);
    const complete = asOf === undefined && linkages === undefined;
    for (const companyId of companyIds) {
      await this.withCompanyLock(companyId, async () => {
        const mark = complete ? await ChangesRepository.companyMark(this.dataSource.manager, companyId) : null;
        const decidedAt = await this.databaseNow();
        await this.decideCompany(ctx, companyId, summary, { linkages, statistics });
        if (complete) await ChangesRepository.clearCompany(this.dataSource.manager, companyId, mark, decidedAt);
      });
      await this.changes.linkageStatsChanged([companyId]);
      summary.companies++;
    }
    if (summary.created + summary.expired >= 5000) {
      // A large refresh rewrites much of the table: fresh statistics and visibility keep the lead
      // lists on their index paths (autovacuum would get there, later). Housekeeping: not awaited.
      withoutStatementTimeout(this.dataSource, (runner) => runner.query('VACUUM (ANALYZE) opportunities')).catch((error: Error) => this.logger.warn(`vacuum after refresh failed: ${error.message}`));
    }
    summary.ms = Date.now() - started;
    this.metrics.refreshFinished(summary.ms);
    this.logger.log(
      `refresh of ${corporateClientId ? `company ${corporateClientId}` : `${companyIds.length} companies`} with rule set ${ctx.ruleSetVersion.slice(0, 12)}: ${summary.subjects} subjects, ${summary.created} created, ${summary.kept} kept, ${summary.expired} expired in ${summary.ms} ms`,
    );
    return summary;
  }

  /**
   * Recomputes these persons' opportunities on every route: each current employment, the corporate
   * leads they link (as owner or executive, now or until now), and expires what arose through
   * employments that have ended. Clears each person's change mark if it still holds the number read
   * at the start. Unknown persons are skipped.
   */
  async refreshPersons(personIds: readonly string[], asOf?: string): Promise<RefreshSummary> {
    const started = Date.now();
    const ids = [...new Set(personIds)];
    const ctx = await this.engine.context(asOf);
    const summary = this.emptySummary(ctx);
    if (ids.length === 0) return summary;
    const marks = await ChangesRepository.personMarks(this.dataSource.manager, ids);
    const decidedAt = await this.databaseNow();
    const { personRoutes, leaderCompanies } = await OpportunitiesRepository.routesOfPersons(this.dataSource.manager, ids, ctx.asOf);
    const companies = [...new Set([...personRoutes.keys(), ...leaderCompanies])].sort();
    for (const companyId of companies) {
      await this.withCompanyLock(companyId, async () => {
        const persons = personRoutes.get(companyId);
        if (persons) await this.decideCompany(ctx, companyId, summary, { linkages: PERSON_LINKAGES, personIds: persons });
        if (leaderCompanies.has(companyId)) await this.decideCompany(ctx, companyId, summary, { linkages: ['CORPORATE_LEAD'] });
      });
      summary.companies++;
    }
    await this.dataSource.transaction(async (tx) => {
      const expired = await OpportunitiesRepository.expireEndedRoutes(tx, ids, ctx.asOf);
      summary.expired += expired.length;
      if (expired.length > 0) await this.changed(tx, [...new Set(expired.map((e) => e.viaCorporateClientId))]);
      // Cleared only where no newer change arrived meanwhile (change numbers compared in SQL).
      await ChangesRepository.clearPersons(tx, ids, marks, decidedAt);
      // Their employers' (and former employers') head counts, payroll and holdings figures may move.
      await this.changes.linkageStatsChanged([...companies, ...(await LinkageStatsRepository.companiesOfPersons(tx, ids))], { delayed: true, tx });
    });
    summary.ms = Date.now() - started;
    this.metrics.refreshFinished(summary.ms);
    return summary;
  }

  /** One company's evaluation (all linkages, or some; all persons, or some), written chunk by chunk. */
  private async decideCompany(
    ctx: EvaluationContext,
    companyId: string,
    summary: RefreshSummary,
    options: { linkages?: readonly string[]; personIds?: readonly string[]; statistics?: PlannerStatistics },
  ): Promise<void> {
    const { subjects } = await this.engine.evaluateCompany(
      ctx,
      companyId,
      async (decided, live) => {
        const before = summary.created;
        await this.persistChunk(ctx, companyId, decided, live, summary);
        await options.statistics?.wrote(summary.created - before);
      },
      { linkages: options.linkages, personIds: options.personIds },
    );
    summary.subjects += subjects;
  }

  /** Runs `work` holding the company's refresh lock (waiting for another worker that holds it). */
  private async withCompanyLock<T>(companyId: string, work: () => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      // Waiting for another worker's company is expected and may outlast DATABASE_LOCK_TIMEOUT_MS
      // (a large company takes longer): this connection waits without it, and restores it after.
      await runner.query('SET lock_timeout = 0');
      await runner.query('SELECT pg_advisory_lock($1::int, hashtext($2))', [COMPANY_LOCK_SPACE, companyId]);
      await runner.query('RESET lock_timeout');
      try {
        return await work();
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1::int, hashtext($2))', [COMPANY_LOCK_SPACE, companyId]).catch(() => undefined);
      }
    } finally {
      await runner.release();
    }
  }

  private async databaseNow(): Promise<Date> {
    const [{ now }] = await this.dataSource.query('SELECT clock_timestamp() AS now');
    return now;
  }

  /** Tells every instance (on commit) that opportunities through these companies changed. */
  private async changed(tx: EntityManager, companyIds: string[]): Promise<void> {
    dataVersion.bump();
    await this.notifications.publish({ kind: 'opportunities.changed', companyIds }, tx);
  }

  /** Writes one chunk's decisions in one transaction with a constant number of statements. */
  private async persistChunk(ctx: EvaluationContext, companyId: string, decided: DecidedSubject[], live: LiveOpportunityRow[], summary: RefreshSummary): Promise<void> {
    const { kept: keptByParty, owned, liveByKey } = planOffers(companyId, decided, live);
    const inserts: PlannedOffer[] = [];
    const updates: { id: string; planned: PlannedOffer }[] = [];
    const keepIds = new Set<string>();
    for (const [partyId, kept] of keptByParty) {
      for (const planned of kept) {
        const existing = liveByKey.get(`${partyId}|${planned.offer.productCode}`);
        if (!existing) {
          inserts.push(planned);
          continue;
        }
        keepIds.add(existing.id);
        summary.kept++;
        // Rewrite only what changed: same rule, score and rule set means the same opportunity, and
        // its explanation too unless the person changed (their fact values in it may have).
        const changed =
          existing.ruleId !== planned.offer.ruleId ||
          Number(existing.score) !== Number(planned.offer.score.toFixed(4)) ||
          existing.ruleSetVersion !== ctx.ruleSetVersion ||
          planned.decided.stale;
        if (owned(existing) && changed) updates.push({ id: existing.id, planned });
      }
    }
    const expire = live.filter((o) => owned(o) && !keepIds.has(o.id)).map((o) => o.id);

    if (inserts.length + updates.length + expire.length === 0) return; // nothing changed: no transaction
    const written = await this.dataSource.transaction(async (tx) => {
      const created = inserts.length > 0 ? await OpportunitiesRepository.insert(tx, ctx.ruleSetVersion, inserts.map((p) => this.recordOf(ctx, p))) : 0;
      if (updates.length > 0) await OpportunitiesRepository.update(tx, ctx.ruleSetVersion, updates.map((u) => this.recordOf(ctx, u.planned, u.id)));
      const expired = expire.length > 0 ? await OpportunitiesRepository.expire(tx, expire) : 0;
      if (created + updates.length + expired > 0) await this.changed(tx, [companyId]);
      return { created, expired };
    });
    summary.created += written.created;
    summary.expired += written.expired;
  }

  /** The stored explanation: compact, by reference to the rule set version (see reason-storage). */
  private reasonsOf(ctx: EvaluationContext, planned: PlannedOffer): CompactReason[] {
    const explanation = ctx.decider.explainOffer(planned.decided.subject, planned.offer);
    // The decider explained it with this rule set's rule, so its parts are there.
    return [compactReason(explanation, ctx.explanationParts.get(planned.offer.ruleId)!, planned.decided.subject.facts)];
  }

  /** One opportunity row as the repository writes it. */
  private recordOf(ctx: EvaluationContext, planned: PlannedOffer, id?: string): OpportunityWrite {
    const { offer, decided } = planned;
    const company = decided.subject.linkage === 'CORPORATE_LEAD';
    return {
      id,
      party_type: company ? 'COMPANY' : 'PERSON',
      party_id: decided.subject.partyId,
      person_id: company ? null : decided.subject.partyId,
      corporate_client_id: company ? decided.subject.partyId : null,
      linkage: decided.subject.linkage,
      via: decided.viaCorporateClientId,
      via_person: decided.viaPersonId,
      via_role: decided.viaRole,
      product_id: ctx.products.get(offer.productCode)!.id,
      rule_id: offer.ruleId,
      score: offer.score.toFixed(4),
      reasons: this.reasonsOf(ctx, planned),
    };
  }
}
