/**
 * The decision core's inputs and outputs: rules + one subject's facts in, policy-checked, scored and
 * explained offers out. Framework-free plain data, shaped so a GraphQL layer can return it as is.
 *
 * The input types are deliberately minimal: the rule loader's rules and the database's products are
 * adapted to them, the core depends on neither.
 */
import type { ConditionTrace, FactMap, Linkage } from '../types';

/** C1…C5 for a customer's tolerance, R1…R5 for a product's level: comparable as numbers. */
export type RiskScale = 1 | 2 | 3 | 4 | 5;

/** What the core needs of compiled conditions (the evaluation module's `CompiledConditions`). */
export interface DecisionConditions {
  evaluate(facts: FactMap): boolean;
  explain(facts: FactMap): ConditionTrace;
}

export interface DecisionRule {
  readonly id: string;
  readonly description: string;
  readonly linkage: Linkage;
  readonly productCode: string;
  /** json-rules-engine's priority; carried along, not part of the ranking (see `compareOffers`). */
  readonly priority: number;
  /** 0–1: the expected acceptance rate. */
  readonly propensity: number;
  /** Business weight set by management: score = propensity × value × (1 + lever). */
  readonly lever: number;
  /** Disabled rules are never evaluated (`whyNot` still names them). */
  readonly enabled: boolean;
  /** Reason template with `{{fact.path}}` placeholders, rendered by the injected renderer. */
  readonly reason: string;
  readonly conditions: DecisionConditions;
}

export interface DecisionProduct {
  readonly code: string;
  readonly category: string;
  readonly audience: 'PERSON' | 'CORPORATE';
  /** R1…R5 as 1…5; null where suitability does not apply. */
  readonly riskLevel: RiskScale | null;
  /** Expected yearly value to the bank. */
  readonly value: number;
  /** Products of one family replace each other; a higher rank supersedes a lower one. */
  readonly family: string | null;
  readonly familyRank: number | null;
  readonly active: boolean;
  /** Youngest age it may be offered at; null or absent: the policy's default for its category. */
  readonly minAge?: number | null;
  /** Oldest age it may be offered at; null or absent: the policy's default for its category and risk level. */
  readonly maxAge?: number | null;
  /**
   * Needs a valid risk assessment even without a risk level (advisory or discretionary products such
   * as private banking); `minRiskTolerance` then sets the least tolerance it suits.
   */
  readonly requiresSuitability?: boolean;
  /** C1…C5 as 1…5: the least tolerance a `requiresSuitability` product may be offered to. */
  readonly minRiskTolerance?: RiskScale | null;
}

export interface Decline {
  readonly productCode: string;
  /** YYYY-MM-DD. */
  readonly declinedOn: string;
}

/** One party as the core sees it: its facts plus what the policies need. */
export interface Subject {
  readonly partyId: string;
  readonly linkage: Linkage;
  /** The facts every rule evaluates against (`person`, `employment`, `company`, `holdings`, `contact`). */
  readonly facts: FactMap;
  /** False when the employment through which the lead arises has ended. */
  readonly employmentCurrent: boolean;
  readonly marketingConsent: boolean;
  readonly doNotContact: boolean;
  /** C1…C5 as 1…5; null when never assessed. */
  readonly riskTolerance: RiskScale | null;
  /** The assessment is valid on the policy's `asOf`. */
  readonly riskAssessmentValid: boolean;
  readonly heldProductCodes: readonly string[];
  readonly declines: readonly Decline[];
  /**
   * Products with an opportunity still open (and staying open). They occupy slots of
   * `maxOpenPerParty`; an open one suggested again keeps its slot (see `Decider`).
   */
  readonly openOpportunityProductCodes?: readonly string[];
}

/** Contact-policy settings; everything but `asOf` has a bank-wide default. */
export interface DecisionPolicy {
  /** The evaluation date, YYYY-MM-DD. */
  readonly asOf: string;
  /** Days a declined product is held back; default 90. */
  readonly coolingOffDays?: number;
  /** Most offers a party is shown at once; default 3. */
  readonly maxOpenPerParty?: number;
  /** The offer raised when a missing or expired assessment holds a risk product back. */
  readonly riskRenewalProductCode?: string;
  /** Guard: the youngest age at which products of `adultCategories` are offered; default 18. */
  readonly adultAge?: number;
  /** Guard: categories offered to adults only (credit, cards, investment, insurance); see DEFAULT_ADULT_CATEGORIES. */
  readonly adultCategories?: readonly string[];
  /** Guard: the oldest age at which loans (`loanCategories`) are offered; null: no limit. Default 70. */
  readonly maxAgeForLoans?: number | null;
  /** Guard: categories that are loans; default PERSONAL_LOAN, AUTO_LOAN, MORTGAGE. */
  readonly loanCategories?: readonly string[];
  /** Guard: the oldest age at which investments of risk level R3 or above are offered; null: no limit. Default 80. */
  readonly maxAgeForHighRiskInvestments?: number | null;
  /** Guard: most new credit products among a party's live offers (open opportunities included); default 1. */
  readonly maxNewCreditOffers?: number;
  /** Guard: categories that are credit products; default CREDIT_CARD, PERSONAL_LOAN, AUTO_LOAN, MORTGAGE. */
  readonly creditCategories?: readonly string[];
}

export type ResolvedDecisionPolicy = { readonly [K in keyof DecisionPolicy]-?: Exclude<DecisionPolicy[K], undefined> };

/** Turns a rule's reason template into text for these facts (the real renderer is injected). */
export type ReasonRenderer = (template: string, facts: FactMap) => string;

export interface DecisionOptions {
  /** Default: plain `{{fact.path}}` substitution (`renderReasonTemplate`). */
  readonly renderReason?: ReasonRenderer;
  /**
   * Evaluate every enabled rule, even those that can no longer beat the kept offers, so that every
   * stopped candidate is recorded (for rule-effectiveness reports). The offers are the same either
   * way. Default false: the hot path stops early (see `Decider.run`).
   */
  readonly exhaustive?: boolean;
}

/** The engine's policies, in the order they apply. */
export const POLICY_STAGES = ['ELIGIBILITY', 'APPLICABILITY', 'AGE', 'SUITABILITY', 'CONSENT', 'CREDIT_CONCENTRATION', 'CONTACT_POLICY'] as const;
export type PolicyStage = (typeof POLICY_STAGES)[number];

/** Why a candidate offer was stopped; each reason belongs to exactly one stage. */
export const SUPPRESSION_REASON_STAGE = Object.freeze({
  CONDITIONS_NOT_MET: 'ELIGIBILITY',
  PRODUCT_UNKNOWN: 'APPLICABILITY',
  PRODUCT_INACTIVE: 'APPLICABILITY',
  AUDIENCE_MISMATCH: 'APPLICABILITY',
  EMPLOYMENT_ENDED: 'APPLICABILITY',
  ALREADY_HELD: 'APPLICABILITY',
  SUPERSEDED_BY_HELD: 'APPLICABILITY',
  UNDER_MINIMUM_AGE: 'AGE',
  OVER_MAXIMUM_AGE: 'AGE',
  AGE_UNKNOWN: 'AGE',
  ASSESSMENT_MISSING: 'SUITABILITY',
  ASSESSMENT_EXPIRED: 'SUITABILITY',
  RISK_ABOVE_TOLERANCE: 'SUITABILITY',
  BELOW_MINIMUM_TOLERANCE: 'SUITABILITY',
  DO_NOT_CONTACT: 'CONSENT',
  NO_MARKETING_CONSENT: 'CONSENT',
  CREDIT_LIMIT_REACHED: 'CREDIT_CONCENTRATION',
  COOLING_OFF: 'CONTACT_POLICY',
  CROWDED_OUT: 'CONTACT_POLICY',
} as const satisfies Record<string, PolicyStage>);
export type SuppressionReason = keyof typeof SUPPRESSION_REASON_STAGE;
export type ConsentReason = 'DO_NOT_CONTACT' | 'NO_MARKETING_CONSENT';

/** RULE: a rule suggested it. RISK_RENEWAL: raised by the engine for a held-back risk product. */
export type OfferSource = 'RULE' | 'RISK_RENEWAL';

/** A kept, scored offer. */
export interface Offer {
  readonly partyId: string;
  readonly linkage: Linkage;
  readonly productCode: string;
  /** The rule that suggested it; for RISK_RENEWAL, the rule of the product it would unlock. */
  readonly ruleId: string;
  /** propensity × value × (1 + lever); RISK_RENEWAL: half the best held-back offer's score. */
  readonly score: number;
  /** The product's value (second sort key). */
  readonly value: number;
  readonly reasonText: string;
  readonly source: OfferSource;
  /** RISK_RENEWAL only: the best product a renewed assessment would unlock. */
  readonly unlocksProductCode: string | null;
}

/** A candidate that passed eligibility and was stopped by a later policy. */
export interface SuppressedOffer {
  readonly ruleId: string;
  readonly productCode: string;
  readonly score: number;
  readonly source: OfferSource;
  readonly stage: PolicyStage;
  readonly reason: SuppressionReason;
  /** SUPERSEDED_BY_HELD: the held product that supersedes it. */
  readonly relatedProductCode: string | null;
  /** COOLING_OFF: the last day (YYYY-MM-DD) it is held back. */
  readonly suppressedThrough: string | null;
}

/** A second rule suggesting a product another, higher-scoring rule already suggests. Not an error. */
export interface DuplicateOffer {
  readonly ruleId: string;
  readonly productCode: string;
  readonly score: number;
  readonly source: OfferSource;
  readonly keptRuleId: string;
}

/** The outcome for one subject. */
export interface Decision {
  readonly partyId: string;
  readonly linkage: Linkage;
  /** Best first; at most `maxOpenPerParty`. */
  readonly offers: readonly Offer[];
  /** Candidates stopped after eligibility, in offer order (crowded-out ones last). */
  readonly suppressed: readonly SuppressedOffer[];
  readonly duplicates: readonly DuplicateOffer[];
  /** Enabled rules of the subject's linkage that were evaluated (0 when skipped). */
  readonly rulesEvaluated: number;
  /** Of those, the ones whose conditions did not hold (stopped at ELIGIBILITY). */
  readonly rulesIneligible: number;
  /** Enabled rules not evaluated because they could no longer beat the kept offers (0 when exhaustive). */
  readonly rulesSkipped: number;
  /** Set when the consent stage skipped the subject before any rule was evaluated. */
  readonly skippedFor: ConsentReason | null;
}

/** A leaf condition that decided a rule's outcome, with the fact value it saw. */
export interface ConditionOutcome {
  /** The leaf's position among the rule's leaf conditions, in document order (CompiledConditions.leaves). */
  readonly leaf: number;
  readonly fact: string;
  readonly path: string | null;
  readonly operator: string;
  readonly value: unknown;
  readonly factValue: unknown;
  /** The leaf's own result. */
  readonly result: boolean;
  /** True under an odd number of `not`: the leaf's result counts inverted. */
  readonly negated: boolean;
  readonly name: string | null;
}

/** Why an offer is made: for a manager before the call. */
export interface OfferExplanation {
  readonly partyId: string;
  readonly productCode: string;
  readonly ruleId: string;
  readonly ruleDescription: string;
  readonly reasonText: string;
  readonly source: OfferSource;
  readonly unlocksProductCode: string | null;
  readonly score: number;
  /** The leaf conditions that made the rule hold (contains sensitive fact values: band before showing). */
  readonly conditions: readonly ConditionOutcome[];
}

export const WHY_NOT_STAGES = ['NO_RULE', ...POLICY_STAGES, 'OFFERED'] as const;
export type WhyNotStage = (typeof WHY_NOT_STAGES)[number];

/** One stage that stops the product. */
export interface WhyNotBlocker {
  readonly stage: Exclude<WhyNotStage, 'OFFERED'>;
  /** NO_RULE for the NO_RULE stage; a `SuppressionReason` otherwise. */
  readonly reason: SuppressionReason | 'NO_RULE';
  readonly message: string;
}

/** One rule that suggests the product for the subject's linkage. */
export interface RuleVerdict {
  readonly ruleId: string;
  readonly ruleDescription: string;
  readonly eligible: boolean;
  /** The leaf conditions that failed it (empty when eligible). */
  readonly failedConditions: readonly ConditionOutcome[];
}

/** The answer to "why is (not) this product offered to this party?". */
export interface WhyNotAnswer {
  readonly partyId: string;
  readonly linkage: Linkage;
  readonly productCode: string;
  /** The first stage that stops it, or OFFERED. */
  readonly stage: WhyNotStage;
  /** One sentence for a manager, without fact values. */
  readonly message: string;
  /** Every stage that stops it, in policy order (empty when OFFERED). */
  readonly blockers: readonly WhyNotBlocker[];
  /** The enabled rules suggesting the product for this linkage. */
  readonly rules: readonly RuleVerdict[];
  readonly offer: Offer | null;
}
