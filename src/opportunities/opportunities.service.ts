import { AccessService } from '../auth/access.service';
import type { Viewer } from '../auth/viewer';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import type { WhyNotAnswer } from '../rule-engine/decision';
import { OpportunityEngineService, type EvaluationContext } from './opportunity-engine.service';
import type { StoredReason } from './opportunity.entity';
import type { FactMap } from '../rule-engine/types';
import { maskReason } from './reason-masking';
import { expandReason, placeholderValues, type CompactReason } from './reason-storage';
import { ReasonCatalogue } from './reason-catalogue';
import type { OpportunityListModel, OpportunityModel } from './models/opportunity.model';
import { OpportunitiesRepository } from './opportunities.repository';
import type { WhyNotAnswerModel } from './models/why-not.model';
import type { OpportunityPreviewModel } from './models/opportunity-preview.model';
import { planOffers, type PlannedOffer } from './offer-plan';
import { compareOffers } from '../rule-engine/decision';

/**
 * Listing and explanations: a party's opportunities as the last refresh decided them (read, never
 * written: the refresher in src/refresh/ writes decisions, OutcomesService records outcomes), and
 * why a product is or is not offered.
 */
@Injectable()
export class OpportunitiesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly engine: OpportunityEngineService,
    private readonly access: AccessService,
    private readonly reasonCatalogue: ReasonCatalogue,
  ) {}

  /** A party's opportunities as this viewer may see them (exact figures or bands). */
  async listForViewer(viewer: Viewer, partyId: string, statuses?: readonly string[], linkage?: string): Promise<OpportunityListModel> {
    const { exact } = await this.access.requireParty(viewer, 'opportunities', partyId);
    return this.listForParty(partyId, statuses, linkage, !exact);
  }

  /**
   * A party's opportunities as the last refresh decided them, best first; live ones (OPEN,
   * CONTACTED) unless statuses are given. Reads only: changes still queued show in `pendingChanges`.
   */
  async listForParty(partyId: string, statuses: readonly string[] = ['OPEN', 'CONTACTED'], linkage?: string, mask = false): Promise<OpportunityListModel> {
    const [items, freshness] = await Promise.all([
      this.listForParties([partyId], { statuses, linkages: linkage ? [linkage] : undefined, mask }),
      OpportunitiesRepository.partyFreshness(this.dataSource.manager, partyId),
    ]);
    return { items: items.get(partyId) ?? [], ...freshness };
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
    const rows = await OpportunitiesRepository.listForParties(this.dataSource.manager, partyIds, options);
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

  async whyNotForApi(viewer: Viewer, partyId: string, productCode: string, asOf?: string): Promise<WhyNotAnswerModel[]> {
    const { exact } = await this.access.requireParty(viewer, 'whyNot', partyId);
    const { ctx, answers } = await this.whyNotRoutes(partyId, productCode, asOf);
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

  /**
   * The opportunities a refresh as of `asOf` would keep for a party, computed by the refresher's
   * own path (each route's company evaluated, then planned per party) and written nowhere.
   */
  async previewForApi(viewer: Viewer, partyId: string, asOf?: string): Promise<OpportunityPreviewModel[]> {
    const { exact } = await this.access.requireParty(viewer, 'previewOpportunities', partyId);
    const ctx = await this.engine.context(asOf);
    const routes = await this.engine.routeCompanies(ctx, partyId);
    if (routes === null) throw AppError.notFound('party', `with id ${partyId}`);
    const planned: PlannedOffer[] = [];
    for (const companyId of routes.companyIds) {
      const linkages = routes.kind === 'PERSON' ? ['EMPLOYEE_PROSPECT', 'EXECUTIVE_LEAD'] : ['CORPORATE_LEAD'];
      const personIds = routes.kind === 'PERSON' ? [partyId] : undefined;
      await this.engine.evaluateCompany(ctx, companyId, (decided, live) => void planned.push(...(planOffers(companyId, decided, live).kept.get(partyId) ?? [])), { linkages, personIds });
    }
    planned.sort((a, b) => compareOffers(a.offer, b.offer));
    const shown = (reason: StoredReason) => (exact ? reason : maskReason(reason));
    return planned.map(({ offer, decided }) => ({
      asOf: ctx.asOf,
      linkage: offer.linkage,
      viaCorporateClientId: decided.viaCorporateClientId,
      viaPersonId: decided.viaPersonId,
      viaRole: decided.viaRole,
      productCode: offer.productCode,
      ruleId: offer.ruleId,
      score: offer.score,
      reasonText: this.offerText(ctx, offer, decided.subject.facts, shown),
    }));
  }
}
