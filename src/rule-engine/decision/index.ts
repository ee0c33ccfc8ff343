/**
 * The decision core's facade: rules + one subject's facts → policy-checked, scored, explained
 * offers; and the ranking of a scope's subjects. Framework-free and free of I/O.
 *
 * The free functions take the rules, products and policy on every call, as a caller naturally has
 * them, and reuse one prepared `Decider` per (rules array, products array, policy values, renderer):
 * the arrays are read once and must not be changed in place afterwards (a new rule set version is a
 * new array). Callers that prefer to hold the prepared state themselves use `new Decider(...)`.
 *
 *   const decision = decide(rules, products, subject, { asOf: '2026-06-30' });
 *   decision.offers;                                   // best first, at most 3
 *   explainOffer(rules, subject, decision.offers[0]);  // rule, reason, deciding conditions
 *   whyNot(rules, products, subject, { asOf: '2026-06-30' }, 'CREDIT_CARD_GOLD').message;
 *   rankScope(subjects, rules, products, { asOf: '2026-06-30' }, 100).top;
 */
import { Decider } from './decider';
import type {
  Decision,
  DecisionOptions,
  DecisionPolicy,
  DecisionProduct,
  DecisionRule,
  Offer,
  OfferExplanation,
  Subject,
  WhyNotAnswer,
} from './decision.types';
import { ScopeRanker, type ScopeRanking } from './scope-ranker';
import { explainOfferWith, ruleIndex } from './explain-offer';

export * from './decision.types';
export { Decider, LINKAGE_AUDIENCE } from './decider';
export {
  DecisionInputError,
  RuleEvaluationError,
  DEFAULT_COOLING_OFF_DAYS,
  DEFAULT_MAX_OPEN_PER_PARTY,
  DEFAULT_RISK_RENEWAL_PRODUCT_CODE,
  resolvePolicy,
} from './decision-policy';
export { decidingConditions } from './deciding-conditions';
export { compareOffers, compareWithinParty, compareDecisionsByBestOffer, type Rankable } from './offer-order';
export { renderReasonTemplate } from './reason-template';
export { ScopeRanker, type RankedSubject, type ScopeRanking, type ScopeSummary } from './scope-ranker';
export { TopK } from './top-k';

const MEMO_PER_RULE_SET = 4;
const memo = new WeakMap<readonly DecisionRule[], Decider[]>();

/** The prepared decider for these inputs, built once and reused while they are the same. */
export function deciderFor(
  rules: readonly DecisionRule[],
  products: readonly DecisionProduct[],
  policy: DecisionPolicy,
  options: DecisionOptions = {},
): Decider {
  const list = memo.get(rules);
  if (list) {
    for (const decider of list) if (decider.matches(rules, products, policy, options)) return decider;
  }
  const decider = new Decider(rules, products, policy, options);
  if (!list) memo.set(rules, [decider]);
  else {
    list.unshift(decider);
    if (list.length > MEMO_PER_RULE_SET) list.pop();
  }
  return decider;
}

/** The policy-checked, scored offers for one subject, best first (the hot path). */
export function decide(
  rules: readonly DecisionRule[],
  products: readonly DecisionProduct[],
  subject: Subject,
  policy: DecisionPolicy,
  options?: DecisionOptions,
): Decision {
  return deciderFor(rules, products, policy, options).decide(subject);
}

/** Why a kept offer is made: the rule, its reason and the leaf conditions that decided it. */
export function explainOffer(rules: readonly DecisionRule[], subject: Subject, offer: Offer): OfferExplanation {
  return explainOfferWith(ruleIndex(rules), subject, offer);
}

/** Which stage stops `productCode` for this subject (or OFFERED), with a sentence for a manager. */
export function whyNot(
  rules: readonly DecisionRule[],
  products: readonly DecisionProduct[],
  subject: Subject,
  policy: DecisionPolicy,
  productCode: string,
  options?: DecisionOptions,
): WhyNotAnswer {
  return deciderFor(rules, products, policy, options).whyNot(subject, productCode);
}

/** Decides every subject and keeps the best `k` by best offer, with the scope's counters. */
export function rankScope(
  subjects: Iterable<Subject>,
  rules: readonly DecisionRule[],
  products: readonly DecisionProduct[],
  policy: DecisionPolicy,
  k: number,
  options?: DecisionOptions,
): ScopeRanking {
  return new ScopeRanker(deciderFor(rules, products, policy, options), k).addAll(subjects).result();
}

/** An incremental ranker for a streaming caller: `ranker.addAll(chunk)` per chunk, then `result()`. */
export function createScopeRanker(
  rules: readonly DecisionRule[],
  products: readonly DecisionProduct[],
  policy: DecisionPolicy,
  k: number,
  options?: DecisionOptions,
): ScopeRanker {
  return new ScopeRanker(deciderFor(rules, products, policy, options), k);
}
