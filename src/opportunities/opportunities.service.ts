import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-code';
import { compareOffers, type Offer, type WhyNotAnswer } from '../rule-engine/decision';
import type { LiveOpportunityRow } from './subjects.repository';
import { OpportunityEngineService, MAX_OPEN_PER_PARTY, type DecidedSubject, type EvaluationContext } from './opportunity-engine.service';
import type { StoredReason } from './opportunity.entity';
import type { Outcome } from './opportunity-status';

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
  ) {}

  /** Refreshes the opportunities that arise through one company, or through every company. */
  async refresh(corporateClientId?: string, asOf?: string): Promise<RefreshSummary> {
    const started = Date.now();
    const ctx = await this.engine.context(asOf);
    const companyIds = corporateClientId ? [corporateClientId] : await this.engine.allCompanyIds();
    if (corporateClientId) {
      const found = await this.dataSource.query('SELECT 1 FROM corporate_clients WHERE id = $1', [corporateClientId]);
      if (found.length === 0) throw AppError.notFound('corporate client', `with id ${corporateClientId}`);
    }
    const summary: RefreshSummary = { ruleSetVersion: ctx.ruleSetVersion, companies: companyIds.length, subjects: 0, created: 0, kept: 0, expired: 0, ms: 0 };
    for (const companyId of companyIds) {
      const { subjects } = await this.engine.evaluateCompany(ctx, companyId, (decided, live) => this.persistChunk(ctx, companyId, decided, live, summary));
      summary.subjects += subjects;
    }
    summary.ms = Date.now() - started;
    this.logger.log(
      `refresh of ${corporateClientId ? `company ${corporateClientId}` : `${companyIds.length} companies`} with rule set ${ctx.ruleSetVersion.slice(0, 12)}: ${summary.subjects} subjects, ${summary.created} created, ${summary.kept} kept, ${summary.expired} expired in ${summary.ms} ms`,
    );
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
    const liveByKey = new Map(live.map((o) => [`${o.partyId}|${o.productCode}`, o]));
    const owned = (o: LiveOpportunityRow) => o.viaCorporateClientId === companyId && o.status === 'OPEN' && linkages.has(o.linkage);

    const inserts: PlannedOffer[] = [];
    const updates: { id: string; planned: PlannedOffer }[] = [];
    const keepIds = new Set<string>();
    for (const [partyId, products] of byParty) {
      const openElsewhere = live.filter((o) => o.partyId === partyId && !owned(o)).length;
      const kept = [...products.values()].sort((a, b) => compareOffers(a.offer, b.offer)).slice(0, Math.max(0, MAX_OPEN_PER_PARTY - openElsewhere));
      for (const planned of kept) {
        const existing = liveByKey.get(`${partyId}|${planned.offer.productCode}`);
        if (!existing) inserts.push(planned);
        else {
          keepIds.add(existing.id);
          if (owned(existing)) updates.push({ id: existing.id, planned });
          summary.kept++;
        }
      }
    }
    const partiesHere = new Set(decided.map((d) => d.subject.partyId));
    const expire = live.filter((o) => owned(o) && partiesHere.has(o.partyId) && !keepIds.has(o.id)).map((o) => o.id);

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
  }

  private reasonsOf(ctx: EvaluationContext, planned: PlannedOffer): StoredReason[] {
    const explanation = ctx.decider.explainOffer(planned.decided.subject, planned.offer);
    return [
      {
        ruleId: explanation.ruleId,
        ruleDescription: explanation.ruleDescription,
        text: explanation.reasonText,
        conditions: explanation.conditions.map((c) => ({
          fact: c.fact,
          ...(c.path ? { path: c.path } : {}),
          operator: c.negated ? `not ${c.operator}` : c.operator,
          value: c.value,
          factValue: c.factValue,
          result: c.result,
        })),
      },
    ];
  }

  private columnsOf(ctx: EvaluationContext, planned: PlannedOffer) {
    const { offer, decided } = planned;
    const product = ctx.products.get(offer.productCode)!;
    const company = decided.subject.linkage === 'CORPORATE_LEAD';
    return {
      partyType: company ? 'COMPANY' : 'PERSON',
      partyId: decided.subject.partyId,
      personId: company ? null : decided.subject.partyId,
      corporateClientId: company ? decided.subject.partyId : null,
      linkage: decided.subject.linkage,
      via: decided.viaCorporateClientId,
      viaPerson: decided.viaPersonId,
      viaRole: decided.viaRole,
      productId: product.id,
      ruleId: offer.ruleId,
      score: offer.score.toFixed(4),
      reasons: JSON.stringify(this.reasonsOf(ctx, planned)),
    };
  }

  private async insertOpportunities(tx: EntityManager, ctx: EvaluationContext, planned: PlannedOffer[]): Promise<void> {
    const rows = planned.map((p) => this.columnsOf(ctx, p));
    await tx.query(
      `INSERT INTO opportunities (party_type, party_id, person_id, corporate_client_id, linkage, via_corporate_client_id, via_person_id, via_role,
                                  product_id, rule_id, rule_set_version, score, reasons, status, last_refreshed_at, row_version)
       SELECT t.party_type, t.party_id, t.person_id, t.corporate_client_id, t.linkage, t.via, t.via_person, t.via_role,
              t.product_id, t.rule_id, $13, t.score, t.reasons, 'OPEN', now(), 1
         FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::uuid[], $7::uuid[], $8::text[], $9::uuid[], $10::text[], $11::numeric[], $12::jsonb[])
           AS t(party_type, party_id, person_id, corporate_client_id, linkage, via, via_person, via_role, product_id, rule_id, score, reasons)`,
      [
        rows.map((r) => r.partyType), rows.map((r) => r.partyId), rows.map((r) => r.personId), rows.map((r) => r.corporateClientId),
        rows.map((r) => r.linkage), rows.map((r) => r.via), rows.map((r) => r.viaPerson), rows.map((r) => r.viaRole),
        rows.map((r) => r.productId), rows.map((r) => r.ruleId), rows.map((r) => r.score), rows.map((r) => r.reasons), ctx.ruleSetVersion,
      ],
    );
  }

  private async updateOpportunities(tx: EntityManager, ctx: EvaluationContext, updates: { id: string; planned: PlannedOffer }[]): Promise<void> {
    const rows = updates.map((u) => ({ id: u.id, ...this.columnsOf(ctx, u.planned) }));
    await tx.query(
      `UPDATE opportunities o
          SET rule_id = t.rule_id, rule_set_version = $7::varchar, score = t.score, reasons = t.reasons, via_person_id = t.via_person, via_role = t.via_role,
              last_refreshed_at = now(), updated_at = now(),
              row_version = o.row_version + CASE WHEN (o.rule_id, o.score, o.reasons, o.rule_set_version) IS DISTINCT FROM (t.rule_id, t.score, t.reasons, $7::varchar) THEN 1 ELSE 0 END
         FROM unnest($1::uuid[], $2::text[], $3::numeric[], $4::jsonb[], $5::uuid[], $6::text[]) AS t(id, rule_id, score, reasons, via_person, via_role)
        WHERE o.id = t.id AND o.status = 'OPEN'`,
      [rows.map((r) => r.id), rows.map((r) => r.ruleId), rows.map((r) => r.score), rows.map((r) => r.reasons), rows.map((r) => r.viaPerson), rows.map((r) => r.viaRole), ctx.ruleSetVersion],
    );
  }

  /**
   * Records what happened on an opportunity. The same idempotency key always answers the first
   * recording; two managers recording at once are serialised on the row, so neither update is lost.
   */
  async recordOutcome(input: { opportunityId: string; outcome: Outcome; note?: string | null; idempotencyKey: string; managerId?: string | null }): Promise<{ opportunityId: string; status: string; outcomeId: string; replayed: boolean }> {
    return this.dataSource.transaction(async (tx) => {
      const [opportunity] = await tx.query('SELECT id, status FROM opportunities WHERE id = $1 FOR UPDATE', [input.opportunityId]);
      const [previous] = await tx.query('SELECT id, opportunity_id, outcome FROM opportunity_outcomes WHERE idempotency_key = $1', [input.idempotencyKey]);
      if (previous) {
        if (previous.opportunity_id !== input.opportunityId || previous.outcome !== input.outcome) {
          throw new AppError(ErrorCode.CONFLICT, 'this idempotency key was already used for a different outcome');
        }
        const [current] = await tx.query('SELECT status FROM opportunities WHERE id = $1', [input.opportunityId]);
        return { opportunityId: input.opportunityId, status: current.status, outcomeId: previous.id, replayed: true };
      }
      if (!opportunity) throw AppError.notFound('opportunity', `with id ${input.opportunityId}`);
      if (opportunity.status === 'EXPIRED') throw new AppError(ErrorCode.CONFLICT, 'the opportunity has expired: its rule no longer suggests the product');
      if ((opportunity.status === 'ACCEPTED' || opportunity.status === 'DECLINED') && input.outcome !== opportunity.status) {
        throw new AppError(ErrorCode.CONFLICT, `the opportunity is already ${opportunity.status.toLowerCase()}`);
      }
      const [outcome] = await tx.query(
        `INSERT INTO opportunity_outcomes (opportunity_id, outcome, note, manager_id, idempotency_key) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [input.opportunityId, input.outcome, input.note ?? null, input.managerId ?? null, input.idempotencyKey],
      );
      // CONTACTED never moves a closed opportunity back; ACCEPTED and DECLINED close it.
      const next = input.outcome === 'CONTACTED' && opportunity.status !== 'OPEN' ? opportunity.status : OUTCOME_STATUS[input.outcome];
      await tx.query(
        `UPDATE opportunities SET status = $2::varchar, status_changed_at = CASE WHEN status <> $2::varchar THEN now() ELSE status_changed_at END, updated_at = now(), row_version = row_version + 1 WHERE id = $1`,
        [input.opportunityId, next],
      );
      return { opportunityId: input.opportunityId, status: next, outcomeId: outcome.id, replayed: false };
    });
  }

  /**
   * Why a product is (not) offered to a party: one answer per route (each current employment of a
   * person; each owner or executive through whom a company is reached), with the stopping stage.
   */
  async whyNot(partyId: string, productCode: string, asOf?: string): Promise<WhyNotAnswer[]> {
    const ctx = await this.engine.context(asOf);
    if (!ctx.products.has(productCode)) throw AppError.notFound('product', productCode);
    const subjects = await this.engine.subjectsForParty(ctx, partyId);
    if (subjects === null) throw AppError.notFound('party', `with id ${partyId}`);
    return subjects.map((subject) => ctx.decider.whyNot(subject, productCode));
  }
}
