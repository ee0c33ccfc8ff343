import { AccessService } from '../auth/access.service';
import { AuditService } from '../audit/audit.service';
import type { Viewer } from '../auth/viewer';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import { dataVersion } from '../common/data-version';
import { ErrorCode } from '../common/errors/error-code';
import { compareOffers, type Offer, type WhyNotAnswer } from '../rule-engine/decision';
import type { LiveOpportunityRow } from './subjects.repository';
import { OpportunityEngineService, MAX_OPEN_PER_PARTY, type DecidedSubject, type EvaluationContext } from './opportunity-engine.service';
import type { StoredReason } from './opportunity.entity';
import type { FactMap } from '../rule-engine/types';
import { maskReason } from './reason-masking';
import { compactReason, expandReason, placeholderValues, type CompactReason } from './reason-storage';
import { ReasonCatalogue } from './reason-catalogue';
import { PlannerStatistics } from './planner-statistics';
import type { Outcome } from './opportunity-status';
import type { OpportunityModel } from './models/opportunity.model';
import type { WhyNotAnswerModel } from './models/why-not.model';

export interface RefreshSummary {
  ruleSetVersion: string;
  companies: number;
  subjects: number;
  created: number;
  kept: number;
  expired: number;
  ms: number;
}

interface PlannedOffer {
  offer: Offer;
  decided: DecidedSubject;
}

/** A refresh that wrote this many rows, and at least as many as the table held, refreshes the planner's statistics (see PlannerStatistics). */
const ANALYZE_AFTER_ROWS = 10_000;

/** Status an outcome moves an opportunity to. */
const OUTCOME_STATUS: Record<Outcome, string> = { CONTACTED: 'CONTACTED', ACCEPTED: 'ACCEPTED', DECLINED: 'DECLINED' };

/**
 * Persists what the engine decides. A refresh is idempotent: the same data and rules leave the
 * same rows. An opportunity whose rule no longer fires is expired, not deleted; one a manager has
 * worked (CONTACTED and later) is never overwritten by a refresh.
 */
@Injectable()
export class OpportunitiesService {
  private readonly logger = new Logger(OpportunitiesService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly engine: OpportunityEngineService,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly reasonCatalogue: ReasonCatalogue,
  ) {}

  /** A party's opportunities as this viewer may see them (exact figures or bands). */
  async listForViewer(viewer: Viewer, partyId: string, statuses?: readonly string[], linkage?: string): Promise<OpportunityModel[]> {
    const { exact } = await this.access.requireParty(viewer, 'opportunities', partyId);
    return this.listForParty(partyId, statuses, linkage, !exact);
  }

  /** refreshOpportunities, for SYSTEM. */
  async refreshForViewer(viewer: Viewer, corporateClientId?: string): Promise<RefreshSummary> {
    this.access.requireRole(viewer, 'refreshOpportunities');
    return this.refresh(corporateClientId);
  }

  /** recordOutcome: the viewer must be able to see the opportunity; the outcome is theirs and audited. */
  async recordOutcomeForViewer(
    viewer: Viewer,
    input: { opportunityId: string; outcome: Outcome; note?: string | null; idempotencyKey: string },
  ): Promise<{ opportunityId: string; status: string; outcomeId: string; replayed: boolean }> {
    await this.access.requireOpportunity(viewer, 'recordOutcome', input.opportunityId);
    const result = await this.recordOutcome({ ...input, managerId: viewer.managerId });
    if (!result.replayed) {
      await this.audit.record(viewer, {
        action: 'OUTCOME_RECORDED',
        operation: 'recordOutcome',
        details: { opportunityId: result.opportunityId, outcomeId: result.outcomeId, outcome: input.outcome, status: result.status },
      });
    }
    return result;
  }

  /** Refreshes the opportunities that arise through one company, or through every company. */
  async refresh(corporateClientId?: string, asOf?: string, linkages?: readonly string[]): Promise<RefreshSummary> {
    const started = Date.now();
    const ctx = await this.engine.context(asOf);
    const companyIds = corporateClientId ? [corporateClientId] : await this.engine.allCompanyIds();
    if (corporateClientId) {
      const found = await this.dataSource.query('SELECT 1 FROM corporate_clients WHERE id = $1', [corporateClientId]);
      if (found.length === 0) throw AppError.notFound('corporate client', `with id ${corporateClientId}`);
    }
    const summary: RefreshSummary = { ruleSetVersion: ctx.ruleSetVersion, companies: companyIds.length, subjects: 0, created: 0, kept: 0, expired: 0, ms: 0 };
    const statistics = await PlannerStatistics.track(this.dataSource, 'opportunities', ANALYZE_AFTER_ROWS);
    for (const companyId of companyIds) {
      const { subjects } = await this.engine.evaluateCompany(
        ctx,
        companyId,
        async (decided, live) => {
          const before = summary.created;
          await this.persistChunk(ctx, companyId, decided, live, summary);
          await statistics.wrote(summary.created - before);
        },
        { linkages },
      );
      summary.subjects += subjects;
    }
    if (summary.created + summary.expired >= 5000) {
      // A large refresh rewrites much of the table: fresh statistics and visibility keep the lead
      // lists on their index paths (autovacuum would get there, later). Housekeeping: not awaited.
      this.dataSource.query('VACUUM (ANALYZE) opportunities').catch((error: Error) => this.logger.warn(`vacuum after refresh failed: ${error.message}`));
    }
    if (!corporateClientId && !linkages) {
      // Every route of every person was recomputed: changes noted before this run are covered.
      await this.dataSource.query('UPDATE persons SET opportunities_stale_since = NULL WHERE opportunities_stale_since < $1', [new Date(started)]);
    }
    summary.ms = Date.now() - started;
    this.logger.log(
      `refresh of ${corporateClientId ? `company ${corporateClientId}` : `${companyIds.length} companies`} with rule set ${ctx.ruleSetVersion.slice(0, 12)}: ${summary.subjects} subjects, ${summary.created} created, ${summary.kept} kept, ${summary.expired} expired in ${summary.ms} ms`,
    );
    return summary;
  }

  /**
   * Recomputes one person's opportunities on every route: each current employment, and expires
   * what arose through employments that have ended. Clears the person's stale mark.
   */
  async refreshPerson(personId: string, asOf?: string): Promise<RefreshSummary> {
    const started = Date.now();
    const ctx = await this.engine.context(asOf);
    const summary: RefreshSummary = { ruleSetVersion: ctx.ruleSetVersion, companies: 0, subjects: 0, created: 0, kept: 0, expired: 0, ms: 0 };
    const marked: { stale: Date | null }[] = await this.dataSource.query('SELECT opportunities_stale_since AS stale FROM persons WHERE id = $1', [personId]);
    if (marked.length === 0) throw AppError.notFound('person', `with id ${personId}`);
    const companies: { id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT corporate_client_id AS id FROM employments WHERE person_id = $1 AND (end_date IS NULL OR end_date > $2::date)`,
      [personId, ctx.asOf],
    );
    for (const { id } of companies) {
      const { subjects } = await this.engine.evaluateCompany(ctx, id, (decided, live) => this.persistChunk(ctx, id, decided, live, summary), {
        linkages: ['EMPLOYEE_PROSPECT', 'EXECUTIVE_LEAD'],
        personIds: [personId],
      });
      summary.subjects += subjects;
      summary.companies++;
    }
    const expired = await this.dataSource.query(
      `UPDATE opportunities SET status = 'EXPIRED', expired_at = now(), status_changed_at = now(), updated_at = now(), row_version = row_version + 1
        WHERE party_id = $1 AND status = 'OPEN' AND linkage <> 'CORPORATE_LEAD' AND NOT (via_corporate_client_id = ANY($2::uuid[]))
        RETURNING id`,
      [personId, companies.map((c) => c.id)],
    );
    summary.expired += expired.length;
    dataVersion.bump();
    // Clear the mark only if no newer change arrived meanwhile.
    await this.dataSource.query('UPDATE persons SET opportunities_stale_since = NULL WHERE id = $1 AND opportunities_stale_since IS NOT DISTINCT FROM $2', [personId, marked[0]!.stale]);
    summary.ms = Date.now() - started;
    return summary;
  }

  /** Writes one chunk's decisions in one transaction with a constant number of statements. */
  private async persistChunk(ctx: EvaluationContext, companyId: string, decided: DecidedSubject[], live: LiveOpportunityRow[], summary: RefreshSummary): Promise<void> {
    // Best offer per party and product (a company reached through several people has several subjects).
    const byParty = new Map<string, Map<string, PlannedOffer>>();
    const linkages = new Set<string>();
    for (const d of decided) {
      linkages.add(d.subject.linkage);
      let products = byParty.get(d.subject.partyId);
      if (!products) byParty.set(d.subject.partyId, (products = new Map()));
      for (const offer of d.decision.offers) {
        const current = products.get(offer.productCode);
        if (!current || compareOffers(offer, current.offer) < 0) products.set(offer.productCode, { offer, decided: d });
      }
    }
    const owned = (o: LiveOpportunityRow) => o.viaCorporateClientId === companyId && o.status === 'OPEN' && linkages.has(o.linkage);
    const liveByKey = new Map<string, LiveOpportunityRow>();
    const openElsewhere = new Map<string, number>();
    for (const o of live) {
      liveByKey.set(`${o.partyId}|${o.productCode}`, o);
      if (!owned(o)) openElsewhere.set(o.partyId, (openElsewhere.get(o.partyId) ?? 0) + 1);
    }

    const inserts: PlannedOffer[] = [];
    const updates: { id: string; planned: PlannedOffer }[] = [];
    const keepIds = new Set<string>();
    for (const [partyId, products] of byParty) {
      let kept = [...products.values()];
      if (kept.length > 1) kept.sort((a, b) => compareOffers(a.offer, b.offer));
      kept = kept.slice(0, Math.max(0, MAX_OPEN_PER_PARTY - (openElsewhere.get(partyId) ?? 0)));
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
    const partiesHere = new Set(byParty.keys());
    const expire = live.filter((o) => owned(o) && partiesHere.has(o.partyId) && !keepIds.has(o.id)).map((o) => o.id);

    if (inserts.length + updates.length + expire.length === 0) return; // nothing changed: no transaction
    await this.dataSource.transaction(async (tx) => {
      if (inserts.length > 0) await this.insertOpportunities(tx, ctx, inserts);
      if (updates.length > 0) await this.updateOpportunities(tx, ctx, updates);
      if (expire.length > 0) {
        await tx.query(
          `UPDATE opportunities SET status = 'EXPIRED', expired_at = now(), status_changed_at = now(), updated_at = now(), row_version = row_version + 1
            WHERE id = ANY($1::uuid[]) AND status = 'OPEN'`,
          [expire],
        );
      }
    });
    summary.created += inserts.length;
    summary.expired += expire.length;
    if (inserts.length + updates.length + expire.length > 0) dataVersion.bump();
  }

  /** The stored explanation: compact, by reference to the rule set version (see reason-storage). */
  private reasonsOf(ctx: EvaluationContext, planned: PlannedOffer): CompactReason[] {
    const explanation = ctx.decider.explainOffer(planned.decided.subject, planned.offer);
    // The decider explained it with this rule set's rule, so its parts are there.
    return [compactReason(explanation, ctx.explanationParts.get(planned.offer.ruleId)!, planned.decided.subject.facts)];
  }

  /** One opportunity row as the JSON record the bulk statements read with jsonb_to_recordset. */
  private recordOf(ctx: EvaluationContext, planned: PlannedOffer, id?: string) {
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

  private async insertOpportunities(tx: EntityManager, ctx: EvaluationContext, planned: PlannedOffer[]): Promise<void> {
    await tx.query(
      `INSERT INTO opportunities (party_type, party_id, person_id, corporate_client_id, linkage, via_corporate_client_id, via_person_id, via_role,
                                  product_id, rule_id, rule_set_version, score, reasons, status, last_refreshed_at, row_version)
       SELECT t.party_type, t.party_id, t.person_id, t.corporate_client_id, t.linkage, t.via, t.via_person, t.via_role,
              t.product_id, t.rule_id, $2, t.score, t.reasons, 'OPEN', now(), 1
         FROM jsonb_to_recordset($1::jsonb) AS t(party_type text, party_id uuid, person_id uuid, corporate_client_id uuid, linkage text, via uuid,
                                                 via_person uuid, via_role text, product_id uuid, rule_id text, score numeric, reasons json)
       -- A concurrent refresh of the same party may have created it meanwhile: one live row stays.
       ON CONFLICT (party_id, product_id) WHERE status IN ('OPEN', 'CONTACTED') DO NOTHING`,
      [JSON.stringify(planned.map((p) => this.recordOf(ctx, p))), ctx.ruleSetVersion],
    );
  }

  private async updateOpportunities(tx: EntityManager, ctx: EvaluationContext, updates: { id: string; planned: PlannedOffer }[]): Promise<void> {
    await tx.query(
      `UPDATE opportunities o
          SET rule_id = t.rule_id, rule_set_version = $2::varchar, score = t.score, reasons = t.reasons, via_person_id = t.via_person, via_role = t.via_role,
              last_refreshed_at = now(), updated_at = now(), row_version = o.row_version + 1
         FROM jsonb_to_recordset($1::jsonb) AS t(id uuid, rule_id text, score numeric, reasons json, via_person uuid, via_role text)
        WHERE o.id = t.id AND o.status = 'OPEN'`,
      [JSON.stringify(updates.map((u) => this.recordOf(ctx, u.planned, u.id))), ctx.ruleSetVersion],
    );
  }

  /**
   * Records what happened on an opportunity. The same idempotency key always answers the first
   * recording; two managers recording at once are serialised on the row, so neither update is lost.
   */
  async recordOutcome(input: { opportunityId: string; outcome: Outcome; note?: string | null; idempotencyKey: string; managerId?: string | null }): Promise<{ opportunityId: string; status: string; outcomeId: string; replayed: boolean }> {
    return this.dataSource.transaction(async (tx) => {
      const [opportunity] = await tx.query('SELECT id, status FROM opportunities WHERE id = $1 FOR UPDATE', [input.opportunityId]);
      // Keys are the sending manager's own: another manager's key is a different key.
      const replay = async () => {
        const [previous] = await tx.query('SELECT id, opportunity_id, outcome FROM opportunity_outcomes WHERE idempotency_key = $1 AND manager_id IS NOT DISTINCT FROM $2', [
          input.idempotencyKey,
          input.managerId ?? null,
        ]);
        if (!previous) return undefined;
        if (previous.opportunity_id !== input.opportunityId || previous.outcome !== input.outcome) {
          throw new AppError(ErrorCode.CONFLICT, 'this idempotency key was already used for a different outcome');
        }
        const [current] = await tx.query('SELECT status FROM opportunities WHERE id = $1', [input.opportunityId]);
        return { opportunityId: input.opportunityId, status: current.status as string, outcomeId: previous.id as string, replayed: true };
      };
      const replayed = await replay();
      if (replayed) return replayed;
      if (!opportunity) throw AppError.notFound('opportunity', `with id ${input.opportunityId}`);
      if (opportunity.status === 'EXPIRED') throw new AppError(ErrorCode.CONFLICT, 'the opportunity has expired: its rule no longer suggests the product');
      if ((opportunity.status === 'ACCEPTED' || opportunity.status === 'DECLINED') && input.outcome !== opportunity.status) {
        throw new AppError(ErrorCode.CONFLICT, `the opportunity is already ${opportunity.status.toLowerCase()}`);
      }
      const [outcome] = await tx.query(
        `INSERT INTO opportunity_outcomes (opportunity_id, outcome, note, manager_id, idempotency_key) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (manager_id, idempotency_key) DO NOTHING RETURNING id`,
        [input.opportunityId, input.outcome, input.note ?? null, input.managerId ?? null, input.idempotencyKey],
      );
      // The same manager sent the same key at the same moment (on another opportunity): answer as a replay would.
      if (!outcome) return (await replay()) ?? Promise.reject(new AppError(ErrorCode.CONFLICT, 'a concurrent request with this idempotency key got in the way: try again'));
      // CONTACTED never moves a closed opportunity back; ACCEPTED and DECLINED close it.
      const next = input.outcome === 'CONTACTED' && opportunity.status !== 'OPEN' ? opportunity.status : OUTCOME_STATUS[input.outcome];
      await tx.query(
        `UPDATE opportunities SET status = $2::varchar, status_changed_at = CASE WHEN status <> $2::varchar THEN now() ELSE status_changed_at END, updated_at = now(), row_version = row_version + 1 WHERE id = $1`,
        [input.opportunityId, next],
      );
      return { opportunityId: input.opportunityId, status: next, outcomeId: outcome.id, replayed: false };
    }).finally(() => dataVersion.bump());
  }

  /** A party's opportunities, best first; live ones (OPEN, CONTACTED) unless statuses are given. */
  async listForParty(partyId: string, statuses: readonly string[] = ['OPEN', 'CONTACTED'], linkage?: string, mask = false): Promise<OpportunityModel[]> {
    const [stale] = await this.dataSource.query('SELECT 1 FROM persons WHERE id = $1 AND opportunities_stale_since IS NOT NULL', [partyId]);
    if (stale) await this.refreshPerson(partyId);
    return (await this.listForParties([partyId], { statuses, linkages: linkage ? [linkage] : undefined, mask })).get(partyId) ?? [];
  }

  /** Opportunities of many parties in one query, best first per party. */
  async listForParties(
    partyIds: readonly string[],
    options: {
      statuses?: readonly string[];
      viaCorporateClientId?: string;
      linkages?: readonly string[];
      productCategory?: string;
      minScore?: number;
      /** Bands instead of exact figures in reasons: for every party, or for those the function names. */
      mask?: boolean | ((partyId: string) => boolean);
    } = {},
  ): Promise<Map<string, OpportunityModel[]>> {
    const byParty = new Map<string, OpportunityModel[]>();
    if (partyIds.length === 0) return byParty;
    const rows: any[] = await this.dataSource.query(
      `SELECT o.*, o.score::float8 AS score_number,
              p.id AS p_id, p.code AS p_code, p.name AS p_name, p.description AS p_description, p.category AS p_category, p.audience AS p_audience,
              p.risk_level AS p_risk_level, p.value AS p_value, p.family AS p_family, p.family_rank AS p_family_rank, p.active AS p_active,
              p.min_age AS p_min_age, p.max_age AS p_max_age, p.requires_suitability AS p_requires_suitability, p.min_risk_tolerance AS p_min_risk_tolerance
         FROM opportunities o JOIN products p ON p.id = o.product_id
        WHERE o.party_id = ANY($1::uuid[]) AND o.status = ANY($2::text[])
          AND ($3::uuid IS NULL OR o.via_corporate_client_id = $3::uuid)
          AND ($4::text[] IS NULL OR o.linkage = ANY($4::text[]))
          AND ($5::text IS NULL OR p.category = $5::text)
          AND ($6::numeric IS NULL OR o.score >= $6::numeric)
        ORDER BY o.party_id, o.score DESC, p.value DESC, o.rule_id, o.id`,
      [partyIds, options.statuses ?? ['OPEN', 'CONTACTED'], options.viaCorporateClientId ?? null, options.linkages ?? null, options.productCategory ?? null, options.minScore ?? null],
    );
    // Stored reasons name their rule set version; its templates and conditions come from there.
    const parts = await this.reasonCatalogue.partsOf(rows.map((r) => r.rule_set_version as string));
    for (const r of rows) {
      let list = byParty.get(r.party_id);
      if (!list) byParty.set(r.party_id, (list = []));
      list.push({
        id: r.id,
        partyType: r.party_type,
        partyId: r.party_id,
        linkage: r.linkage,
        viaCorporateClientId: r.via_corporate_client_id,
        viaPersonId: r.via_person_id,
        viaRole: r.via_role,
        product: {
          id: r.p_id, code: r.p_code, name: r.p_name, description: r.p_description, category: r.p_category, audience: r.p_audience,
          riskLevel: r.p_risk_level, value: r.p_value, family: r.p_family, familyRank: r.p_family_rank, active: r.p_active,
          minAge: r.p_min_age, maxAge: r.p_max_age, requiresSuitability: r.p_requires_suitability, minRiskTolerance: r.p_min_risk_tolerance,
        },
        score: r.score_number,
        status: r.status,
        ruleId: r.rule_id,
        ruleSetVersion: r.rule_set_version,
        reasons: (r.reasons as (CompactReason | StoredReason)[]).map((kept) => {
          const stored = expandReason(kept, parts.get(r.rule_set_version)?.get(kept.ruleId));
          const reason = (typeof options.mask === 'function' ? options.mask(r.party_id) : options.mask) ? maskReason(stored) : stored;
          return { ruleId: reason.ruleId, text: reason.text, conditions: reason.conditions.map((c) => ({ ...c, path: c.path ?? null })) };
        }),
        createdAt: r.created_at,
        updatedAt: r.updated_at,
        statusChangedAt: r.status_changed_at,
      });
    }
    return byParty;
  }

  /**
   * Why a product is (not) offered to a party: one answer per route (each current employment of a
   * person; each owner or executive through whom a company is reached), with the stopping stage.
   */
  async whyNot(partyId: string, productCode: string, asOf?: string): Promise<WhyNotAnswer[]> {
    return (await this.whyNotRoutes(partyId, productCode, asOf)).answers.map((a) => a.answer);
  }

  /** whyNot with each route's subject (its facts re-render reasons for a viewer). */
  private async whyNotRoutes(partyId: string, productCode: string, asOf?: string) {
    const ctx = await this.engine.context(asOf);
    if (!ctx.products.has(productCode)) throw AppError.notFound('product', productCode);
    const subjects = await this.engine.subjectsForParty(ctx, partyId);
    if (subjects === null) throw AppError.notFound('party', `with id ${partyId}`);
    return { ctx, answers: subjects.map((subject) => ({ subject, answer: ctx.decider.whyNot(subject, productCode) })) };
  }

  /** whyNot shaped for the API: fact values in conditions, everything else as sentences and codes. */
  /** The offer's reason text as the viewer may see it: re-rendered with bands when masked. */
  private offerText(ctx: EvaluationContext, offer: { ruleId: string; reasonText: string; source: string }, facts: FactMap, shown: (r: StoredReason) => StoredReason): string {
    const template = offer.source === 'RULE' ? ctx.explanationParts.get(offer.ruleId)?.template : undefined;
    if (!template) return offer.reasonText;
    return shown({ ruleId: offer.ruleId, text: offer.reasonText, template, values: placeholderValues(template, facts), conditions: [] }).text;
  }

  async whyNotForApi(viewer: Viewer, partyId: string, productCode: string): Promise<WhyNotAnswerModel[]> {
    const { exact } = await this.access.requireParty(viewer, 'whyNot', partyId);
    const { ctx, answers } = await this.whyNotRoutes(partyId, productCode);
    // Bands instead of exact figures unless this viewer may see them: in failed conditions and in the offer's reason.
    const shown = (reason: StoredReason) => (exact ? reason : maskReason(reason));
    return answers.map(({ subject, answer: a }) => ({
      linkage: a.linkage,
      productCode: a.productCode,
      stage: a.stage,
      message: a.message,
      blockers: a.blockers.map((b) => ({ stage: b.stage, reason: b.reason, message: b.message })),
      rules: a.rules.map((r) => ({
        ruleId: r.ruleId,
        ruleDescription: r.ruleDescription,
        eligible: r.eligible,
        failedConditions: r.failedConditions.map((c) => ({
          fact: c.fact,
          path: c.path,
          operator: c.negated ? `not ${c.operator}` : c.operator,
          value: c.value,
          factValue: shown({ ruleId: r.ruleId, text: '', conditions: [{ fact: c.fact, path: c.path ?? undefined, operator: c.operator, value: c.value, factValue: c.factValue, result: c.result }] }).conditions[0]!.factValue,
          result: c.result,
        })),
      })),
      offer: a.offer ? { ruleId: a.offer.ruleId, score: a.offer.score, reasonText: this.offerText(ctx, a.offer, subject.facts, shown) } : null,
    }));
  }
}
