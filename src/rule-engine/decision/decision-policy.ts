/**
 * Policy defaults, input validation and the calendar arithmetic of the contact policy.
 */
import type { DecisionPolicy, ResolvedDecisionPolicy } from './decision.types';

export const DEFAULT_COOLING_OFF_DAYS = 90;
export const DEFAULT_MAX_OPEN_PER_PARTY = 3;
export const DEFAULT_RISK_RENEWAL_PRODUCT_CODE = 'RISK_ASSESSMENT_RENEWAL';

// Engine-level guards (no rule can bypass them); a product's own minAge/maxAge overrides the age defaults.
export const DEFAULT_ADULT_AGE = 18;
/** No credit, card, investment or insurance product under the adult age. */
export const DEFAULT_ADULT_CATEGORIES: readonly string[] = Object.freeze(['CREDIT_CARD', 'DEBIT_CARD', 'PERSONAL_LOAN', 'AUTO_LOAN', 'MORTGAGE', 'WEALTH', 'INSURANCE']);
export const DEFAULT_MAX_AGE_FOR_LOANS = 70;
export const DEFAULT_LOAN_CATEGORIES: readonly string[] = Object.freeze(['PERSONAL_LOAN', 'AUTO_LOAN', 'MORTGAGE']);
/** Investments of this risk level or above get `maxAgeForHighRiskInvestments`. */
export const HIGH_RISK_INVESTMENT_LEVEL = 3;
export const DEFAULT_MAX_AGE_FOR_HIGH_RISK_INVESTMENTS = 80;
export const DEFAULT_MAX_NEW_CREDIT_OFFERS = 1;
export const DEFAULT_CREDIT_CATEGORIES: readonly string[] = Object.freeze(['CREDIT_CARD', 'PERSONAL_LOAN', 'AUTO_LOAN', 'MORTGAGE']);

/** Invalid rules, products, policy or subject data handed to the core; lists every problem. */
export class DecisionInputError extends Error {
  readonly code = 'DECISION_INPUT_INVALID';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid decision input: ${problems.join('; ')}`);
    this.name = 'DecisionInputError';
  }
}

/** A rule's conditions threw (e.g. an undefined fact); names the rule and the party. */
export class RuleEvaluationError extends Error {
  readonly code = 'RULE_EVALUATION_FAILED';
  constructor(
    readonly ruleId: string,
    readonly partyId: string,
    override readonly cause: unknown,
  ) {
    super(`Rule ${ruleId} failed for party ${partyId}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'RuleEvaluationError';
  }
}

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a strict `YYYY-MM-DD` date, or NaN when it is not a real calendar date. */
export function isoDay(iso: string): number {
  if (typeof iso !== 'string' || iso.length !== 10 || iso.charCodeAt(4) !== 45 || iso.charCodeAt(7) !== 45) return NaN;
  const y = digits(iso, 0, 4);
  const m = digits(iso, 5, 7);
  const d = digits(iso, 8, 10);
  if (m < 1 || m > 12 || d < 1 || d > 31) return NaN;
  const ms = Date.UTC(y, m - 1, d);
  // Date.UTC rolls 2026-02-30 over to March: reject dates that do not exist.
  if (new Date(ms).getUTCDate() !== d) return NaN;
  return ms / MS_PER_DAY;
}

function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    n = n * 10 + c;
  }
  return n;
}

/** The `YYYY-MM-DD` of a day number from `isoDay`. */
export function isoFromDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * The policy with defaults applied; throws `DecisionInputError` listing every invalid setting.
 *
 * Cooling-off boundary: a decline on day D holds the product back on D … D + coolingOffDays − 1
 * (that many days, the decline day included) and allows it again on D + coolingOffDays. A decline
 * dated after `asOf` has not happened as of `asOf` and holds nothing back; coolingOffDays 0 disables
 * the cooling-off.
 */
export function resolvePolicy(policy: DecisionPolicy): ResolvedDecisionPolicy {
  const resolved: ResolvedDecisionPolicy = {
    asOf: policy.asOf,
    coolingOffDays: policy.coolingOffDays ?? DEFAULT_COOLING_OFF_DAYS,
    maxOpenPerParty: policy.maxOpenPerParty ?? DEFAULT_MAX_OPEN_PER_PARTY,
    riskRenewalProductCode: policy.riskRenewalProductCode ?? DEFAULT_RISK_RENEWAL_PRODUCT_CODE,
    adultAge: policy.adultAge ?? DEFAULT_ADULT_AGE,
    adultCategories: policy.adultCategories ?? DEFAULT_ADULT_CATEGORIES,
    maxAgeForLoans: policy.maxAgeForLoans === undefined ? DEFAULT_MAX_AGE_FOR_LOANS : policy.maxAgeForLoans,
    loanCategories: policy.loanCategories ?? DEFAULT_LOAN_CATEGORIES,
    maxAgeForHighRiskInvestments: policy.maxAgeForHighRiskInvestments === undefined ? DEFAULT_MAX_AGE_FOR_HIGH_RISK_INVESTMENTS : policy.maxAgeForHighRiskInvestments,
    maxNewCreditOffers: policy.maxNewCreditOffers ?? DEFAULT_MAX_NEW_CREDIT_OFFERS,
    creditCategories: policy.creditCategories ?? DEFAULT_CREDIT_CATEGORIES,
  };
  const problems: string[] = [];
  if (Number.isNaN(isoDay(resolved.asOf))) problems.push(`policy.asOf must be a YYYY-MM-DD date, got ${JSON.stringify(resolved.asOf)}`);
  if (!Number.isInteger(resolved.coolingOffDays) || resolved.coolingOffDays < 0) {
    problems.push(`policy.coolingOffDays must be a whole number ≥ 0, got ${resolved.coolingOffDays}`);
  }
  if (!Number.isInteger(resolved.maxOpenPerParty) || resolved.maxOpenPerParty < 0) {
    problems.push(`policy.maxOpenPerParty must be a whole number ≥ 0, got ${resolved.maxOpenPerParty}`);
  }
  for (const key of ['adultAge', 'maxNewCreditOffers'] as const) {
    if (!Number.isInteger(resolved[key]) || resolved[key] < 0) problems.push(`policy.${key} must be a whole number ≥ 0, got ${resolved[key]}`);
  }
  for (const key of ['maxAgeForLoans', 'maxAgeForHighRiskInvestments'] as const) {
    const v = resolved[key];
    if (v !== null && (!Number.isInteger(v) || v < 0)) problems.push(`policy.${key} must be a whole number ≥ 0 or null, got ${v}`);
  }
  if (typeof resolved.riskRenewalProductCode !== 'string' || resolved.riskRenewalProductCode === '') {
    problems.push('policy.riskRenewalProductCode must be a product code');
  }
  if (problems.length) throw new DecisionInputError(problems);
  return Object.freeze(resolved);
}
