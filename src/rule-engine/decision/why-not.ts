/**
 * "Why is (not) this product offered to this party?" — for one subject and one product, every stage
 * that stops it, in policy order, each with a sentence a manager can read (no fact values: those are
 * in `rules[].failedConditions`, for the API layer to band before showing).
 *
 * It reuses the decider's own stage checks and pipeline, so it cannot disagree with `decide`:
 * `stage === 'OFFERED'` exactly when `decide` keeps an offer of the product.
 */
import { decidingConditions } from './deciding-conditions';
import type { Decider, PreparedProduct } from './decider';
import { isoFromDay } from './decision-policy';
import type { RuleVerdict, Subject, SuppressionReason, WhyNotAnswer, WhyNotBlocker } from './decision.types';
import { SUPPRESSION_REASON_STAGE } from './decision.types';

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

export function whyNotFor(decider: Decider, subject: Subject, productCode: string): WhyNotAnswer {
  const { policy } = decider;
  const product = decider.productFor(productCode);
  const candidates = decider.rulesFor(subject.linkage, productCode);
  const enabled = candidates.filter((rule) => rule.enabled);
  const rules: RuleVerdict[] = enabled.map((rule) => {
    const trace = decider.explainRule(rule, subject);
    return {
      ruleId: rule.id,
      ruleDescription: rule.description,
      eligible: trace.result,
      failedConditions: trace.result ? [] : decidingConditions(trace),
    };
  });
  // Exhaustive: every rule evaluated, so a crowded-out product is known as such.
  const run = decider.run(subject, true);
  const raisedByEngine = productCode === policy.riskRenewalProductCode && run.renewalOrigin !== null;

  const blockers: WhyNotBlocker[] = [];
  if (enabled.length === 0 && !raisedByEngine) {
    const disabled = candidates.map((rule) => rule.id);
    let message: string;
    if (productCode === policy.riskRenewalProductCode) {
      message = `${productCode} is suggested only when a risk-rated product is held back by a missing or expired risk assessment, and none is.`;
    } else {
      message = `No enabled ${subject.linkage} rule suggests ${productCode}${disabled.length ? ` (disabled: ${disabled.join(', ')})` : ''}.`;
    }
    blockers.push({ stage: 'NO_RULE', reason: 'NO_RULE', message });
  } else if (!raisedByEngine && !rules.some((rule) => rule.eligible)) {
    const failed = rules.map((rule) => `${rule.ruleId}: ${plural(rule.failedConditions.length, 'condition')} not met`);
    const message =
      rules.length === 1
        ? `The customer does not meet rule ${rules[0]!.ruleId} (${plural(rules[0]!.failedConditions.length, 'condition')} not met).`
        : `The customer meets none of the ${rules.length} rules suggesting ${productCode} (${failed.join('; ')}).`;
    blockers.push({ stage: 'ELIGIBILITY', reason: 'CONDITIONS_NOT_MET', message });
  }

  const applicability = decider.applicabilityOf(product, subject);
  if (applicability !== null) blockers.push(blocker(applicability, applicabilityMessage(applicability, productCode, product, decider, subject)));
  if (product !== undefined) {
    const age = decider.ageOf(product, subject);
    if (age !== null) blockers.push(blocker(age, ageMessage(age, productCode, product, decider, subject)));
    const suitability = decider.suitabilityOf(product, subject);
    if (suitability !== null) blockers.push(blocker(suitability, suitabilityMessage(suitability, productCode, product, subject)));
  }
  const consent = decider.consentOf(subject);
  if (consent !== null) {
    blockers.push(
      blocker(
        consent,
        consent === 'DO_NOT_CONTACT'
          ? 'The customer asked not to be contacted, so no product is offered.'
          : 'The customer has not consented to marketing, so no product is offered.',
      ),
    );
  }
  const through = decider.coolingOffThrough(productCode, subject);
  if (through !== -Infinity) {
    const declinedOn = isoFromDay(through - policy.coolingOffDays + 1);
    blockers.push(
      blocker(
        'COOLING_OFF',
        `The customer declined ${productCode} on ${declinedOn}; it is held back through ${isoFromDay(through)} (${policy.coolingOffDays}-day cooling-off).`,
      ),
    );
  }

  const base = { partyId: subject.partyId, linkage: subject.linkage, productCode, rules };
  if (blockers.length !== 0) return { ...base, stage: blockers[0]!.stage, message: blockers[0]!.message, blockers, offer: null };

  const limited = run.suppressed.find((record) => record.productCode === productCode && record.reason === 'CREDIT_LIMIT_REACHED');
  if (limited !== undefined) {
    const live = decider.liveCreditProducts(run.kept, subject).filter((code) => code !== productCode);
    const credit = blocker(
      'CREDIT_LIMIT_REACHED',
      `${productCode} is a credit product and the customer may have at most ${plural(policy.maxNewCreditOffers, 'credit product')} among live offers, taken by ${live.join(', ') || 'better offers'}.`,
    );
    return { ...base, stage: credit.stage, message: credit.message, blockers: [credit], offer: null };
  }

  const index = run.kept.findIndex((c) => c.productCode === productCode);
  if (index !== -1) {
    const offer = decider.toOffer(run.kept[index]!, subject);
    const why =
      offer.source === 'RISK_RENEWAL'
        ? `because ${offer.unlocksProductCode} is held back by the risk assessment`
        : `under rule ${offer.ruleId}`;
    const message = `${productCode} is offered ${why} (rank ${index + 1} of ${run.kept.length}, score ${offer.score.toFixed(2)}).`;
    return { ...base, stage: 'OFFERED', message, blockers: [], offer };
  }
  if (run.crowdedOut.some((c) => c.productCode === productCode)) {
    const open = run.occupiedSlots;
    const taken = `${plural(run.kept.length, 'better offer')}${open ? ` and ${plural(open, 'opportunity', 'opportunities')} already open` : ''}`;
    const crowded = blocker(
      'CROWDED_OUT',
      `${productCode} is crowded out: a customer gets at most ${policy.maxOpenPerParty} open opportunities, taken by ${taken}.`,
    );
    return { ...base, stage: crowded.stage, message: crowded.message, blockers: [crowded], offer: null };
  }
  throw new Error(`whyNot: ${productCode} for party ${subject.partyId} passed every stage but was not decided (engine inconsistency)`);
}

function blocker(reason: SuppressionReason, message: string): WhyNotBlocker {
  return { stage: SUPPRESSION_REASON_STAGE[reason], reason, message };
}

function applicabilityMessage(
  reason: SuppressionReason,
  code: string,
  product: PreparedProduct | undefined,
  decider: Decider,
  subject: Subject,
): string {
  switch (reason) {
    case 'PRODUCT_UNKNOWN':
      return `${code} is not a known product.`;
    case 'PRODUCT_INACTIVE':
      return `${code} is no longer offered (inactive product).`;
    case 'AUDIENCE_MISMATCH':
      return `${code} is a ${product!.product.audience} product and cannot be offered through a ${subject.linkage}.`;
    case 'EMPLOYMENT_ENDED':
      return 'The employment through which this lead arises has ended.';
    case 'ALREADY_HELD':
      return `The customer already holds ${code}.`;
    default:
      return `The customer already holds ${decider.supersedingHeld(product!, subject)}, which ranks at or above ${code} in the ${product!.product.family} family.`;
  }
}

function ageMessage(reason: SuppressionReason, code: string, product: PreparedProduct, decider: Decider, subject: Subject): string {
  const { min, max } = decider.ageLimitsOf(product.product);
  switch (reason) {
    case 'AGE_UNKNOWN':
      return `${code} is offered only within an age range and the customer's age is not known.`;
    case 'UNDER_MINIMUM_AGE':
      return `${code} is offered from age ${min}; the customer is ${decider.ageOfSubject(subject)}.`;
    default:
      return `${code} is offered up to age ${max}; the customer is ${decider.ageOfSubject(subject)}.`;
  }
}

function suitabilityMessage(reason: SuppressionReason, code: string, product: PreparedProduct, subject: Subject): string {
  const level = product.product.riskLevel === null ? 'advisory' : `R${product.product.riskLevel}`;
  switch (reason) {
    case 'BELOW_MINIMUM_TOLERANCE':
      return `${code} needs a risk tolerance of at least C${product.product.minRiskTolerance}; the customer's is C${subject.riskTolerance}.`;
    case 'ASSESSMENT_MISSING':
      return `${code} ${level === 'advisory' ? 'needs a suitability check' : `is rated ${level}`} and the customer has no risk tolerance assessment, so it may not be offered until one is made.`;
    case 'ASSESSMENT_EXPIRED':
      return `${code} ${level === 'advisory' ? 'needs a suitability check' : `is rated ${level}`} and the customer's risk tolerance assessment has expired, so it may not be offered until it is renewed.`;
    default:
      return `${code} is rated ${level}, above the customer's risk tolerance C${subject.riskTolerance}.`;
  }
}
