/**
 * Offer explanations: which rule, its rendered reason, and the leaf conditions that decided it with
 * the fact values they saw. Computed on request for kept offers only, never in the hot path.
 */
import { decidingConditions } from './deciding-conditions';
import { DecisionInputError, RuleEvaluationError } from './decision-policy';
import type { DecisionRule, Offer, OfferExplanation, Subject } from './decision.types';

const indexes = new WeakMap<readonly DecisionRule[], ReadonlyMap<string, DecisionRule>>();

/** The rules by id, indexed once per rules array. */
export function ruleIndex(rules: readonly DecisionRule[]): ReadonlyMap<string, DecisionRule> {
  let index = indexes.get(rules);
  if (!index) {
    index = new Map(rules.map((rule) => [rule.id, rule]));
    indexes.set(rules, index);
  }
  return index;
}

/** Evaluates every branch of the rule's conditions for the subject (names rule and party on failure). */
export function traceRule(rule: DecisionRule, subject: Subject) {
  try {
    return rule.conditions.explain(subject.facts);
  } catch (error) {
    throw new RuleEvaluationError(rule.id, subject.partyId, error);
  }
}

/**
 * For a RISK_RENEWAL offer the rule is the one whose product the renewal would unlock, so the
 * conditions say why that product was suggested in the first place.
 */
export function explainOfferWith(rules: ReadonlyMap<string, DecisionRule>, subject: Subject, offer: Offer): OfferExplanation {
  const rule = rules.get(offer.ruleId);
  if (!rule) throw new DecisionInputError([`offer names rule ${offer.ruleId}, which is not among the rules`]);
  return {
    partyId: offer.partyId,
    productCode: offer.productCode,
    ruleId: rule.id,
    ruleDescription: rule.description,
    reasonText: offer.reasonText,
    source: offer.source,
    unlocksProductCode: offer.unlocksProductCode,
    score: offer.score,
    conditions: decidingConditions(traceRule(rule, subject)),
  };
}
