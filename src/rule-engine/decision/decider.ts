/**
 * The decision hot path: one subject's facts → policy-checked, scored offers.
 *
 * A `Decider` indexes the rules and products once (enabled rules per linkage, each with its score,
 * which does not depend on the subject, sorted best first) and is then called once per subject.
 * The policies apply in this order, and the first one that stops a candidate is recorded:
 *
 * 1. ELIGIBILITY: the rule's conditions (only enabled rules of the subject's linkage run). Counted,
 *    not listed: `whyNot` gives the failed conditions on demand. Two rules suggesting the same
 *    product: the better one (offer order) goes on, the other is a `DuplicateOffer`. Every later
 *    stage depends on the product and the subject only, never on the rule, so deduplicating here
 *    changes no outcome and saves work.
 * 2. APPLICABILITY: product unknown, inactive, or for the other audience (corporate products only
 *    through CORPORATE_LEAD); employment ended; product held; a product of the same family with a
 *    rank ≥ its own held.
 * 2b. AGE (engine guard): a product's `minAge`/`maxAge`, or the policy's defaults for its category —
 *    `adultAge` for `adultCategories` (credit, cards, investment, insurance), `maxAgeForLoans` for
 *    loans, `maxAgeForHighRiskInvestments` for risk level R3 and above. Person products only; an
 *    age-limited product is not offered when the age is unknown (AGE_UNKNOWN).
 * 3. SUITABILITY: a risk-rated product, or one that `requiresSuitability` (advisory or discretionary,
 *    such as private banking, with `minRiskTolerance` as its least tolerance: BELOW_MINIMUM_TOLERANCE), needs a tolerance (ASSESSMENT_MISSING), a valid assessment
 *    (ASSESSMENT_EXPIRED; an expired tolerance is not relied on, whatever its level) and
 *    tolerance ≥ level (RISK_ABOVE_TOLERANCE). When products are held back for a missing or expired
 *    assessment, one RISK_RENEWAL offer of `riskRenewalProductCode` is raised, scored at half the
 *    score of the best of them, carrying its rule id and naming its product as the one it would
 *    unlock. The renewal then meets applicability and cooling-off like any offer (so a held renewal
 *    is never raised) and is deduplicated against a rule that suggests the renewal product.
 * 4. CONSENT: do-not-contact or no marketing consent skips the subject before anything is evaluated.
 * 4b. CREDIT_CONCENTRATION (engine guard): at most `maxNewCreditOffers` credit products
 *    (`creditCategories`) among the party's live offers, open opportunities included; an open one
 *    suggested again keeps its place, the best new ones fill the rest (CREDIT_LIMIT_REACHED); checked
 *    after cooling-off, before the cap.
 * 5. CONTACT_POLICY: COOLING_OFF (see `resolvePolicy` for the exact boundary), then at most
 *    `maxOpenPerParty` offers: products with an opportunity still open that are not suggested again
 *    occupy slots; an open product suggested again keeps its slot ahead of new ones (a manager may be
 *    mid-conversation); the best new offers fill the rest; the others are CROWDED_OUT.
 *
 * Reason texts are rendered for kept offers only; explanations only on request (`explainOffer`).
 * A `Decider` holds no per-call state and may be shared.
 */
import type { ConditionTrace, FactMap, Linkage } from '../types';
import { DecisionInputError, HIGH_RISK_INVESTMENT_LEVEL, isoDay, isoFromDay, resolvePolicy, RuleEvaluationError } from './decision-policy';
import {
  SUPPRESSION_REASON_STAGE,
  type ConsentReason,
  type Decision,
  type DecisionOptions,
  type DecisionPolicy,
  type DecisionProduct,
  type DecisionRule,
  type DuplicateOffer,
  type Offer,
  type OfferExplanation,
  type OfferSource,
  type ReasonRenderer,
  type ResolvedDecisionPolicy,
  type Subject,
  type SuppressedOffer,
  type SuppressionReason,
  type WhyNotAnswer,
} from './decision.types';
import { explainOfferWith, traceRule } from './explain-offer';
import { compareWithinParty } from './offer-order';
import { renderReasonTemplate } from './reason-template';
import { whyNotFor } from './why-not';

/** Which product audience each linkage offers to. */
export const LINKAGE_AUDIENCE: Readonly<Record<Linkage, DecisionProduct['audience']>> = Object.freeze({
  EMPLOYEE_PROSPECT: 'PERSON',
  EXECUTIVE_LEAD: 'PERSON',
  CORPORATE_LEAD: 'CORPORATE',
});

/** A product with what the applicability check needs precomputed. */
export interface PreparedProduct {
  readonly product: DecisionProduct;
  /** Other products of the same family with a rank ≥ this one's, highest rank first. */
  readonly supersededBy: readonly string[];
}

/** A candidate offer inside the pipeline: a rule's suggestion or the engine's renewal. */
export interface Candidate {
  readonly rule: DecisionRule;
  readonly ruleId: string;
  readonly productCode: string;
  readonly product: PreparedProduct | undefined;
  readonly score: number;
  readonly value: number;
  readonly source: OfferSource;
  readonly unlocksProductCode: string | null;
  /** RISK_RENEWAL only: why the risk products it would unlock are held back. */
  readonly renewal: { readonly reason: SuppressionReason } | null;
}

/** What the pipeline produced for one subject, consent aside. */
export interface PipelineRun {
  readonly kept: readonly Candidate[];
  readonly crowdedOut: readonly Candidate[];
  readonly suppressed: readonly SuppressedOffer[];
  readonly duplicates: readonly DuplicateOffer[];
  readonly rulesEvaluated: number;
  readonly rulesIneligible: number;
  /** Rules not evaluated because they could not beat the kept offers. */
  readonly rulesSkipped: number;
  /** The best offer held back for a missing or expired assessment, if any. */
  readonly renewalOrigin: Candidate | null;
  /** Slots taken by open opportunities not suggested again. */
  readonly occupiedSlots: number;
}

const NONE: readonly never[] = Object.freeze([]);

const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The offer order within one subject (the party id is the same for all). */
const compareCandidates: (a: Candidate, b: Candidate) => number = compareWithinParty;

export class Decider {
  readonly policy: ResolvedDecisionPolicy;
  readonly renderReason: ReasonRenderer;
  readonly exhaustive: boolean;
  private readonly asOfDay: number;
  private readonly enabledByLinkage = new Map<Linkage, Candidate[]>();
  private readonly allByLinkageProduct = new Map<string, DecisionRule[]>();
  private readonly ruleById = new Map<string, DecisionRule>();
  private readonly productByCode = new Map<string, PreparedProduct>();

  constructor(
    readonly rules: readonly DecisionRule[],
    readonly products: readonly DecisionProduct[],
    policy: DecisionPolicy,
    options: DecisionOptions = {},
  ) {
    this.policy = resolvePolicy(policy);
    this.asOfDay = isoDay(this.policy.asOf);
    this.renderReason = options.renderReason ?? renderReasonTemplate;
    this.exhaustive = options.exhaustive ?? false;
    const problems: string[] = [];
    this.indexProducts(products, problems);
    this.indexRules(rules, problems);
    if (problems.length) throw new DecisionInputError(problems);
  }

  private indexProducts(products: readonly DecisionProduct[], problems: string[]): void {
    for (const product of products) {
      if (this.productByCode.has(product.code)) problems.push(`product ${product.code} is listed twice`);
      if (!Number.isFinite(product.value)) problems.push(`product ${product.code} has no finite value`);
      const supersededBy = products
        .filter((other) => other.code !== product.code && product.family !== null && other.family === product.family)
        .filter((other) => (other.familyRank ?? 0) >= (product.familyRank ?? 0))
        .sort((a, b) => (b.familyRank ?? 0) - (a.familyRank ?? 0) || compareIds(a.code, b.code))
        .map((other) => other.code);
      this.productByCode.set(product.code, { product, supersededBy });
    }
  }

  private indexRules(rules: readonly DecisionRule[], problems: string[]): void {
    const sorted = [...rules].sort((a, b) => compareIds(a.id, b.id));
    for (const rule of sorted) {
      if (this.ruleById.has(rule.id)) problems.push(`rule ${rule.id} is listed twice`);
      this.ruleById.set(rule.id, rule);
      const key = `${rule.linkage}\u0000${rule.productCode}`;
      const same = this.allByLinkageProduct.get(key);
      if (same) same.push(rule);
      else this.allByLinkageProduct.set(key, [rule]);
      if (!rule.enabled) continue;
      const product = this.productByCode.get(rule.productCode);
      const value = product ? product.product.value : 0;
      const score = rule.propensity * value * (1 + rule.lever);
      if (!Number.isFinite(score)) problems.push(`rule ${rule.id} has no finite score (propensity ${rule.propensity}, lever ${rule.lever})`);
      const candidate: Candidate = {
        rule,
        ruleId: rule.id,
        productCode: rule.productCode,
        product,
        score,
        value,
        source: 'RULE',
        unlocksProductCode: null,
        renewal: null,
      };
      const list = this.enabledByLinkage.get(rule.linkage);
      if (list) list.push(candidate);
      else this.enabledByLinkage.set(rule.linkage, [candidate]);
    }
    for (const list of this.enabledByLinkage.values()) list.sort(compareCandidates);
  }

  /** True when this decider was built from these inputs (used by the memo of the free functions). */
  matches(rules: readonly DecisionRule[], products: readonly DecisionProduct[], policy: DecisionPolicy, options: DecisionOptions): boolean {
    if (rules !== this.rules || products !== this.products || policy.asOf !== this.policy.asOf) return false;
    let other: ResolvedDecisionPolicy;
    try {
      other = resolvePolicy(policy);
    } catch {
      return false;
    }
    const p = this.policy as Record<string, unknown>;
    const same = (Object.keys(p) as (keyof ResolvedDecisionPolicy)[]).every((key) => JSON.stringify(other[key]) === JSON.stringify(p[key]));
    return (
      same &&
      (options.renderReason ?? renderReasonTemplate) === this.renderReason &&
      (options.exhaustive ?? false) === this.exhaustive
    );
  }

  /** The policy-checked, scored offers for one subject, best first. */
  decide(subject: Subject): Decision {
    const consent = this.consentOf(subject);
    if (consent !== null) {
      return {
        partyId: subject.partyId,
        linkage: subject.linkage,
        offers: NONE,
        suppressed: NONE,
        duplicates: NONE,
        rulesEvaluated: 0,
        rulesIneligible: 0,
        rulesSkipped: 0,
        skippedFor: consent,
      };
    }
    const run = this.run(subject);
    const kept = run.kept;
    const offers: Offer[] = new Array(kept.length);
    for (let i = 0; i < kept.length; i++) offers[i] = this.toOffer(kept[i]!, subject);
    let suppressed = run.suppressed;
    if (run.crowdedOut.length !== 0) {
      suppressed = suppressed.concat(run.crowdedOut.map((c) => this.suppression(c, 'CROWDED_OUT', null, null)));
    }
    return {
      partyId: subject.partyId,
      linkage: subject.linkage,
      offers,
      suppressed,
      duplicates: run.duplicates,
      rulesEvaluated: run.rulesEvaluated,
      rulesIneligible: run.rulesIneligible,
      rulesSkipped: run.rulesSkipped,
      skippedFor: null,
    };
  }

  /**
   * For top-K ranking: false when the subject's best offer certainly scores below `floor` (the worst
   * offer a full top-K keeps), so deciding it in full is wasted work. Every offer's score is its
   * rule's score (or half of it, for a renewal), and rules come best first: if no rule scoring at
   * least the floor is eligible, no offer can reach it, whatever the later policies do. True means
   * "decide it": the subject may, or may not, beat the floor.
   */
  mayReach(subject: Subject, floor: number): boolean {
    if (this.consentOf(subject) !== null) return false;
    const rules = this.enabledByLinkage.get(subject.linkage) ?? NONE;
    for (let i = 0; i < rules.length; i++) {
      const c = rules[i]!;
      if (c.score < floor) return false;
      if (this.evaluateRule(c.rule, subject.facts, subject)) return true;
    }
    return false;
  }

  /** Why a kept offer is made: the rule, its rendered reason and the leaf conditions that decided it. */
  explainOffer(subject: Subject, offer: Offer): OfferExplanation {
    return explainOfferWith(this.ruleById, subject, offer);
  }

  /** Which stage stops the product for this subject (or OFFERED), with a sentence for a manager. */
  whyNot(subject: Subject, productCode: string): WhyNotAnswer {
    return whyNotFor(this, subject, productCode);
  }

  // ---- the pipeline, consent aside (also used by whyNot) -------------------------------------

  /**
   * @internal Stages 1–3 and 5 for a subject, as if consent were given.
   *
   * Rules are evaluated best first (offer order: their scores do not depend on the subject). Unless
   * `exhaustive`, evaluation stops once `maxOpenPerParty` offers have passed every policy and the
   * next rule ranks below all of them: whatever it decided, it would be crowded out. The kept offers
   * are the same either way; only the stopped-candidate records of the rules not evaluated are
   * missing (`rulesSkipped` counts them). It never stops while open opportunities are given (an open
   * product suggested again may take a slot whatever its rank) or while the worst kept score is not
   * positive (a renewal raised later, at half a lower score, could then still rank higher).
   */
  run(subject: Subject, exhaustive: boolean = this.exhaustive): PipelineRun {
    const rules = this.enabledByLinkage.get(subject.linkage) ?? NONE;
    const facts = subject.facts;
    const max = this.policy.maxOpenPerParty;
    const open = subject.openOpportunityProductCodes;
    const mayStop = !exhaustive && (open === undefined || open.length === 0);
    const state: RunState = { seen: [], survivors: [], suppressed: null, duplicates: null };
    let renewalOrigin: Candidate | null = null;
    let evaluated = 0;
    let ineligible = 0;
    for (let i = 0; i < rules.length; i++) {
      const c = rules[i]!;
      if (mayStop && state.survivors.length >= max && (max === 0 || cannotMakeTheCut(state.survivors[max - 1]!, c))) break;
      evaluated++;
      if (!this.evaluateRule(c.rule, facts, subject)) {
        ineligible++;
        continue;
      }
      const reason = this.admit(state, c, subject);
      // The first candidate held back for the assessment is the best one: rules come best first.
      if (renewalOrigin === null && (reason === 'ASSESSMENT_MISSING' || reason === 'ASSESSMENT_EXPIRED')) {
        renewalOrigin = c;
        this.admit(state, this.renewalCandidate(c, reason), subject);
      }
    }
    const { kept, crowdedOut, occupiedSlots } = this.applyOpenLimit(state.survivors, subject);
    return {
      kept,
      crowdedOut,
      suppressed: state.suppressed ?? NONE,
      duplicates: state.duplicates ?? NONE,
      rulesEvaluated: evaluated,
      rulesIneligible: ineligible,
      rulesSkipped: rules.length - evaluated,
      renewalOrigin,
      occupiedSlots,
    };
  }

  /**
   * Deduplicates an eligible candidate by product, then applies applicability, suitability and
   * cooling-off (which depend on the product and the subject only, so a duplicate would meet the
   * same fate). Returns the candidate's stop reason, or null when it survived or was a duplicate.
   */
  private admit(state: RunState, c: Candidate, subject: Subject): SuppressionReason | null {
    const j = indexOfProduct(state.seen, c.productCode);
    if (j !== -1) {
      const other = state.seen[j]!;
      if (compareCandidates(c, other) > 0) {
        (state.duplicates ??= []).push(duplicate(c, other));
        return null;
      }
      // Only the engine's renewal arrives out of rank order; the better one takes the other's place.
      state.seen[j] = c;
      (state.duplicates ??= []).push(duplicate(other, c));
      const k = state.survivors.indexOf(other);
      if (k !== -1) {
        state.survivors.splice(k, 1);
        insertSorted(state.survivors, c);
        return null;
      }
      const records = state.suppressed!;
      const r = records.findIndex((record) => record.ruleId === other.ruleId && record.productCode === other.productCode);
      records[r] = this.stopRecord(c, records[r]!.reason, subject);
      return records[r]!.reason;
    }
    state.seen.push(c);
    let reason = this.stopReason(c, subject);
    if (reason === null && this.creditLimitReached(c, state.survivors, subject)) reason = 'CREDIT_LIMIT_REACHED';
    if (reason === null) insertSorted(state.survivors, c);
    else (state.suppressed ??= []).push(this.stopRecord(c, reason, subject));
    return reason;
  }

  private applyOpenLimit(
    survivors: Candidate[],
    subject: Subject,
  ): { kept: readonly Candidate[]; crowdedOut: readonly Candidate[]; occupiedSlots: number } {
    const max = this.policy.maxOpenPerParty;
    const open = subject.openOpportunityProductCodes;
    if (open === undefined || open.length === 0) {
      if (survivors.length <= max) return { kept: survivors, crowdedOut: NONE, occupiedSlots: 0 };
      return { kept: survivors.slice(0, max), crowdedOut: survivors.slice(max), occupiedSlots: 0 };
    }
    let occupiedSlots = 0;
    for (let i = 0; i < open.length; i++) {
      const code = open[i]!;
      if (open.indexOf(code) === i && indexOfProduct(survivors, code) === -1) occupiedSlots++;
    }
    const capacity = Math.max(0, max - occupiedSlots);
    // Open products suggested again first (keeping their order), then the new ones.
    const ordered = survivors.filter((c) => open.includes(c.productCode));
    for (const c of survivors) if (!open.includes(c.productCode)) ordered.push(c);
    const kept = ordered.slice(0, capacity).sort(compareCandidates);
    return { kept, crowdedOut: ordered.slice(capacity), occupiedSlots };
  }

  private renewalCandidate(origin: Candidate, reason: SuppressionReason): Candidate {
    const code = this.policy.riskRenewalProductCode;
    const product = this.productByCode.get(code);
    return {
      rule: origin.rule,
      ruleId: origin.ruleId,
      productCode: code,
      product,
      score: origin.score / 2,
      value: product ? product.product.value : 0,
      source: 'RISK_RENEWAL',
      unlocksProductCode: origin.productCode,
      renewal: { reason },
    };
  }

  /** @internal */
  toOffer(c: Candidate, subject: Subject): Offer {
    // The reason is rendered when first read: a refresh or ranking decides every subject of a scope
    // but shows or stores the text of few offers, and rendering (number formatting) is costly.
    const render = this.renderReason;
    let text: string | undefined;
    return {
      partyId: subject.partyId,
      linkage: subject.linkage,
      productCode: c.productCode,
      ruleId: c.ruleId,
      score: c.score,
      value: c.value,
      get reasonText(): string {
        return (text ??= c.source === 'RULE' ? render(c.rule.reason, subject.facts) : renewalText(c));
      },
      source: c.source,
      unlocksProductCode: c.unlocksProductCode,
    };
  }

  private evaluateRule(rule: DecisionRule, facts: FactMap, subject: Subject): boolean {
    try {
      return rule.conditions.evaluate(facts);
    } catch (error) {
      throw new RuleEvaluationError(rule.id, subject.partyId, error);
    }
  }

  /** @internal */
  explainRule(rule: DecisionRule, subject: Subject): ConditionTrace {
    return traceRule(rule, subject);
  }

  /** The first of applicability, age, suitability and cooling-off that stops the candidate. */
  private stopReason(c: Candidate, subject: Subject): SuppressionReason | null {
    return (
      this.applicabilityOf(c.product, subject) ??
      this.ageOf(c.product!, subject) ??
      this.suitabilityOf(c.product!, subject) ??
      (this.coolingOffThrough(c.productCode, subject) >= this.asOfDay ? 'COOLING_OFF' : null)
    );
  }

  private stopRecord(c: Candidate, reason: SuppressionReason, subject: Subject): SuppressedOffer {
    if (reason === 'SUPERSEDED_BY_HELD') return this.suppression(c, reason, this.supersedingHeld(c.product!, subject), null);
    if (reason === 'COOLING_OFF') return this.suppression(c, reason, null, isoFromDay(this.coolingOffThrough(c.productCode, subject)));
    return this.suppression(c, reason, null, null);
  }

  private suppression(c: Candidate, reason: SuppressionReason, related: string | null, through: string | null): SuppressedOffer {
    return {
      ruleId: c.ruleId,
      productCode: c.productCode,
      score: c.score,
      source: c.source,
      stage: SUPPRESSION_REASON_STAGE[reason],
      reason,
      relatedProductCode: related,
      suppressedThrough: through,
    };
  }

  // ---- the stage checks, one product and one subject (also used by whyNot) --------------------

  /** @internal */
  productFor(code: string): PreparedProduct | undefined {
    return this.productByCode.get(code);
  }

  /** @internal Every rule (disabled ones too) suggesting the product for the linkage, by id. */
  rulesFor(linkage: Linkage, productCode: string): readonly DecisionRule[] {
    return this.allByLinkageProduct.get(`${linkage}\u0000${productCode}`) ?? NONE;
  }

  /** @internal */
  consentOf(subject: Subject): ConsentReason | null {
    if (subject.doNotContact) return 'DO_NOT_CONTACT';
    if (!subject.marketingConsent) return 'NO_MARKETING_CONSENT';
    return null;
  }

  /** @internal */
  applicabilityOf(product: PreparedProduct | undefined, subject: Subject): SuppressionReason | null {
    if (product === undefined) return 'PRODUCT_UNKNOWN';
    const p = product.product;
    if (!p.active) return 'PRODUCT_INACTIVE';
    if (p.audience !== LINKAGE_AUDIENCE[subject.linkage]) return 'AUDIENCE_MISMATCH';
    if (!subject.employmentCurrent) return 'EMPLOYMENT_ENDED';
    const held = subject.heldProductCodes;
    if (held.length === 0) return null;
    if (held.includes(p.code)) return 'ALREADY_HELD';
    if (product.supersededBy.length !== 0 && this.supersedingHeld(product, subject) !== null) return 'SUPERSEDED_BY_HELD';
    return null;
  }

  /** @internal The highest-ranked held product of the same family at or above this one's rank. */
  supersedingHeld(product: PreparedProduct, subject: Subject): string | null {
    for (const code of product.supersededBy) if (subject.heldProductCodes.includes(code)) return code;
    return null;
  }

  /** @internal The youngest and oldest age the product may be offered at (null: no limit). */
  ageLimitsOf(product: DecisionProduct): { min: number | null; max: number | null } {
    const p = this.policy;
    const min = product.minAge ?? (p.adultCategories.includes(product.category) ? p.adultAge : null);
    let max = product.maxAge ?? null;
    if (product.maxAge === undefined || product.maxAge === null) {
      const limits: number[] = [];
      if (p.maxAgeForLoans !== null && p.loanCategories.includes(product.category)) limits.push(p.maxAgeForLoans);
      if (p.maxAgeForHighRiskInvestments !== null && product.riskLevel !== null && product.riskLevel >= HIGH_RISK_INVESTMENT_LEVEL) limits.push(p.maxAgeForHighRiskInvestments);
      max = limits.length ? Math.min(...limits) : null;
    }
    return { min, max };
  }

  /** @internal The person's age in years from the `person` fact, or null. */
  ageOfSubject(subject: Subject): number | null {
    const person = subject.facts.person as { age?: unknown } | undefined;
    const age = person?.age;
    return typeof age === 'number' && Number.isFinite(age) ? age : null;
  }

  /** @internal The AGE guard: person products only. */
  ageOf(product: PreparedProduct, subject: Subject): SuppressionReason | null {
    if (product.product.audience !== 'PERSON') return null;
    const { min, max } = this.ageLimitsOf(product.product);
    if (min === null && max === null) return null;
    const age = this.ageOfSubject(subject);
    if (age === null) return 'AGE_UNKNOWN';
    if (min !== null && age < min) return 'UNDER_MINIMUM_AGE';
    if (max !== null && age > max) return 'OVER_MAXIMUM_AGE';
    return null;
  }

  /** @internal */
  suitabilityOf(product: PreparedProduct, subject: Subject): SuppressionReason | null {
    const p = product.product;
    const level = p.riskLevel;
    if (level === null && !p.requiresSuitability) return null;
    if (subject.riskTolerance === null) return 'ASSESSMENT_MISSING';
    if (!subject.riskAssessmentValid) return 'ASSESSMENT_EXPIRED';
    if (level !== null && subject.riskTolerance < level) return 'RISK_ABOVE_TOLERANCE';
    if (p.requiresSuitability && p.minRiskTolerance != null && subject.riskTolerance < p.minRiskTolerance) return 'BELOW_MINIMUM_TOLERANCE';
    return null;
  }

  /** @internal True when the product is a credit product (policy `creditCategories`). */
  isCredit(product: PreparedProduct | undefined): boolean {
    return product !== undefined && this.policy.creditCategories.includes(product.product.category);
  }

  /** @internal The party's live credit products: open opportunities and the kept candidates. */
  liveCreditProducts(survivors: readonly Candidate[], subject: Subject): string[] {
    const live = new Set<string>();
    for (const code of subject.openOpportunityProductCodes ?? NONE) if (this.isCredit(this.productByCode.get(code))) live.add(code);
    for (const c of survivors) if (this.isCredit(c.product)) live.add(c.productCode);
    return [...live];
  }

  /**
   * The CREDIT_CONCENTRATION guard for a candidate that passed every other check: a new credit
   * product is stopped once the party's live credit products reach `maxNewCreditOffers` (candidates
   * come best first, so the best ones are kept); an open one suggested again is already live.
   */
  private creditLimitReached(c: Candidate, survivors: readonly Candidate[], subject: Subject): boolean {
    if (!this.isCredit(c.product)) return false;
    if (subject.openOpportunityProductCodes?.includes(c.productCode)) return false;
    return this.liveCreditProducts(survivors, subject).length >= this.policy.maxNewCreditOffers;
  }

  /**
   * @internal The last day (day number) a decline holds the product back, or -Infinity. A decline
   * on day D counts when 0 ≤ asOf − D < coolingOffDays and holds it back through D + coolingOffDays − 1.
   */
  coolingOffThrough(productCode: string, subject: Subject): number {
    const days = this.policy.coolingOffDays;
    let through = -Infinity;
    const declines = subject.declines;
    for (let i = 0; i < declines.length; i++) {
      const d = declines[i]!;
      if (d.productCode !== productCode) continue;
      const day = isoDay(d.declinedOn);
      if (Number.isNaN(day)) {
        throw new DecisionInputError([`party ${subject.partyId}: decline of ${productCode} has an invalid date ${JSON.stringify(d.declinedOn)}`]);
      }
      const age = this.asOfDay - day;
      if (age >= 0 && age < days && day + days - 1 > through) through = day + days - 1;
    }
    return through;
  }
}

function indexOfProduct(list: readonly Candidate[], code: string): number {
  for (let i = 0; i < list.length; i++) if (list[i]!.productCode === code) return i;
  return -1;
}

/** Inserts into a list kept in offer order; rule candidates arrive in order, so this is O(1) for them. */
function insertSorted(list: Candidate[], c: Candidate): void {
  let i = list.length;
  while (i > 0 && compareCandidates(list[i - 1]!, c) > 0) i--;
  list.splice(i, 0, c);
}

/** True when `next` ranks below the worst kept offer and nothing it raises could rank above it. */
function cannotMakeTheCut(worstKept: Candidate, next: Candidate): boolean {
  return worstKept.score > 0 && compareCandidates(worstKept, next) < 0;
}

/** The mutable state of one `run`. */
interface RunState {
  /** One candidate per product (the better of duplicates), whatever its fate. */
  readonly seen: Candidate[];
  /** Candidates that passed every policy so far, in offer order. */
  readonly survivors: Candidate[];
  suppressed: SuppressedOffer[] | null;
  duplicates: DuplicateOffer[] | null;
}

function duplicate(loser: Candidate, kept: Candidate): DuplicateOffer {
  return { ruleId: loser.ruleId, productCode: loser.productCode, score: loser.score, source: loser.source, keptRuleId: kept.ruleId };
}

function renewalText(c: Candidate): string {
  return c.renewal!.reason === 'ASSESSMENT_MISSING'
    ? `No risk tolerance assessment on file: assessing it would unlock ${c.unlocksProductCode}`
    : `The risk tolerance assessment has expired: renewing it would unlock ${c.unlocksProductCode}`;
}
