/**
 * Ranking the subjects of a scope (a company's employees, a manager's book, a whole refresh) with
 * bounded memory: decisions are made one subject at a time, only the best K are kept (by their best
 * offer, in offer order), and the rest is reduced to counters for the summary. A streaming caller
 * feeds chunks with `addAll` as they arrive from the database.
 */
import type { Decider } from './decider';
import { POLICY_STAGES, type Decision, type Offer, type PolicyStage, type Subject, type SuppressionReason } from './decision.types';
import { compareDecisionsByBestOffer } from './offer-order';
import { TopK } from './top-k';

export interface RankedSubject {
  /** 1-based. */
  readonly rank: number;
  readonly partyId: string;
  readonly linkage: Decision['linkage'];
  /** The best offer's score: what the subject is ranked by. */
  readonly score: number;
  /** Best first; the first is the one the rank is based on. */
  readonly offers: readonly Offer[];
}

export interface ScopeSummary {
  /** Every subject fed, skipped ones included. */
  readonly subjectsEvaluated: number;
  readonly subjectsWithOffers: number;
  readonly offersKept: number;
  /** Kept offers raised by the engine to renew a risk assessment. */
  readonly renewalOffers: number;
  /** Second suggestions of a product for the same subject (not errors). */
  readonly duplicates: number;
  /** Rule evaluations saved because the rule could no longer beat a subject's kept offers. */
  readonly rulesSkipped: number;
  /**
   * ELIGIBILITY: rule evaluations whose conditions failed; CONSENT: subjects skipped before any
   * evaluation; APPLICABILITY, SUITABILITY, CONTACT_POLICY: candidate offers stopped there. Rules
   * skipped by the early stop are in none of them (`rulesSkipped`; exhaustive deciders skip none).
   */
  readonly suppressedByStage: Readonly<Record<PolicyStage, number>>;
  /** The same (except ELIGIBILITY) by reason; reasons that never occurred are absent. */
  readonly suppressedByReason: Readonly<Partial<Record<SuppressionReason, number>>>;
}

export interface ScopeRanking {
  /** The best K subjects with offers, best first. */
  readonly top: readonly RankedSubject[];
  readonly summary: ScopeSummary;
}

export class ScopeRanker {
  private readonly best: TopK<Decision>;
  private subjects = 0;
  private withOffers = 0;
  private offers = 0;
  private renewals = 0;
  private duplicates = 0;
  private skipped = 0;
  private readonly byStage: Record<PolicyStage, number> = Object.fromEntries(POLICY_STAGES.map((s) => [s, 0])) as Record<PolicyStage, number>;
  private readonly byReason: Partial<Record<SuppressionReason, number>> = {};

  constructor(
    private readonly decider: Decider,
    readonly k: number,
  ) {
    this.best = new TopK<Decision>(k, compareDecisionsByBestOffer);
  }

  /** Decides one subject, counts it, keeps it when it is among the best K; returns the decision. */
  add(subject: Subject): Decision {
    const decision = this.decider.decide(subject);
    this.count(decision);
    if (decision.offers.length !== 0) this.best.push(decision);
    return decision;
  }

  /** Feeds a chunk (or a whole iterable) of subjects. */
  addAll(subjects: Iterable<Subject>): this {
    for (const subject of subjects) this.add(subject);
    return this;
  }

  result(): ScopeRanking {
    const top = this.best.toSortedArray().map(
      (d, i): RankedSubject => ({ rank: i + 1, partyId: d.partyId, linkage: d.linkage, score: d.offers[0]!.score, offers: d.offers }),
    );
    return { top, summary: this.summary() };
  }

  summary(): ScopeSummary {
    return {
      subjectsEvaluated: this.subjects,
      subjectsWithOffers: this.withOffers,
      offersKept: this.offers,
      renewalOffers: this.renewals,
      duplicates: this.duplicates,
      rulesSkipped: this.skipped,
      suppressedByStage: { ...this.byStage },
      suppressedByReason: { ...this.byReason },
    };
  }

  private count(decision: Decision): void {
    this.subjects++;
    if (decision.skippedFor !== null) {
      this.byStage.CONSENT++;
      this.byReason[decision.skippedFor] = (this.byReason[decision.skippedFor] ?? 0) + 1;
      return;
    }
    this.byStage.ELIGIBILITY += decision.rulesIneligible;
    this.duplicates += decision.duplicates.length;
    this.skipped += decision.rulesSkipped;
    if (decision.offers.length !== 0) {
      this.withOffers++;
      this.offers += decision.offers.length;
      for (const offer of decision.offers) if (offer.source === 'RISK_RENEWAL') this.renewals++;
    }
    for (const s of decision.suppressed) {
      this.byStage[s.stage]++;
      this.byReason[s.reason] = (this.byReason[s.reason] ?? 0) + 1;
    }
  }
}
