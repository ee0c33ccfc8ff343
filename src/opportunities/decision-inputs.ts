/**
 * Adapters from what the service holds (loaded rule sets, product rows, database records) to the
 * decision core's minimal inputs. Pure functions; memoised per rule set object.
 */
import type { DecisionProduct, DecisionRule, RiskScale, Subject } from '../rule-engine/decision';
import { riskToleranceNumber, subjectFacts, type CategoryOf, type CompanyRecord, type ContactRecord } from '../rule-engine/facts/subject-facts';
import type { RuleSet } from '../rule-engine/rules';
import type { Linkage } from '../rule-engine/types';
import type { EmploymentSubjectRow } from './subjects.repository';

const decisionRules = new WeakMap<RuleSet, DecisionRule[]>();

/** The rule set's rules as the decision core wants them (built once per rule set version). */
export function toDecisionRules(ruleSet: RuleSet): DecisionRule[] {
  let rules = decisionRules.get(ruleSet);
  if (!rules) {
    rules = ruleSet.rules.map((r) => ({
      id: r.id,
      description: r.definition.description,
      linkage: r.definition.linkage,
      productCode: r.definition.product,
      priority: r.definition.priority,
      propensity: r.definition.propensity,
      lever: r.definition.lever,
      enabled: r.enabled,
      reason: r.definition.reason,
      conditions: r.conditions,
    }));
    decisionRules.set(ruleSet, rules);
  }
  return rules;
}

export interface ProductRow {
  code: string;
  category: string;
  audience: 'PERSON' | 'CORPORATE';
  risk_level: string | null;
  value: string;
  family: string | null;
  family_rank: number | null;
  active: boolean;
  min_age: number | null;
  max_age: number | null;
  requires_suitability: boolean;
  min_risk_tolerance: string | null;
  id: string;
}

export function toDecisionProduct(row: ProductRow): DecisionProduct {
  return {
    code: row.code,
    category: row.category,
    audience: row.audience,
    riskLevel: row.risk_level ? (Number(row.risk_level.slice(1)) as RiskScale) : null,
    value: Number(row.value),
    family: row.family,
    familyRank: row.family_rank,
    active: row.active,
    minAge: row.min_age,
    maxAge: row.max_age,
    requiresSuitability: row.requires_suitability,
    minRiskTolerance: row.min_risk_tolerance ? (Number(row.min_risk_tolerance.slice(1)) as RiskScale) : null,
  };
}

export const linkageForRole = (role: string): Linkage => (role === 'EMPLOYEE' ? 'EMPLOYEE_PROSPECT' : 'EXECUTIVE_LEAD');

/** What the contact policy needs to know about a party. */
export interface PartyState {
  contact: ContactRecord;
  declines: { productCode: string; declinedOn: string }[];
  /** Products accepted inside the acceptance suppression window: held back like holdings until the holding arrives. */
  accepted: string[];
  /** Products with a live opportunity that this evaluation does not own (other route, or being worked). */
  openElsewhere: string[];
}

export const EMPTY_PARTY_STATE: PartyState = { contact: { openOpportunities: 0, daysSinceLastContact: null, declinedProductCodes: [] }, declines: [], accepted: [], openElsewhere: [] };

/** A person lead (employee prospect or executive lead) through one current employment. */
export function personSubject(row: EmploymentSubjectRow, company: Record<string, unknown>, state: PartyState, categoryOf: CategoryOf, asOf: string): Subject {
  const facts = subjectFacts(row.person, row.employment, company, state.contact, categoryOf, asOf);
  return {
    partyId: row.person.personId,
    linkage: linkageForRole(row.employment.role),
    facts,
    employmentCurrent: row.employment.endDate === null || row.employment.endDate > asOf,
    marketingConsent: row.person.marketingConsent,
    doNotContact: row.person.doNotContact,
    riskTolerance: riskToleranceNumber(row.person.riskTolerance) as RiskScale | null,
    riskAssessmentValid: (facts.person as { riskAssessmentStatus: string }).riskAssessmentStatus === 'VALID',
    heldProductCodes: state.accepted.length > 0 ? [...row.person.holdingCodes, ...state.accepted] : row.person.holdingCodes,
    declines: state.declines,
    openOpportunityProductCodes: state.openElsewhere,
  };
}

/**
 * A corporate lead: the company is the party, reached through an owner or executive who banks with
 * us privately. The linking person's consent decides whether the route may be used.
 */
export function companySubject(row: EmploymentSubjectRow, company: CompanyRecord, companyFact: Record<string, unknown>, state: PartyState, categoryOf: CategoryOf, asOf: string): Subject {
  return {
    partyId: company.id,
    linkage: 'CORPORATE_LEAD',
    facts: subjectFacts(row.person, row.employment, companyFact, state.contact, categoryOf, asOf),
    employmentCurrent: row.employment.endDate === null || row.employment.endDate > asOf,
    marketingConsent: row.person.marketingConsent,
    doNotContact: row.person.doNotContact,
    riskTolerance: null,
    riskAssessmentValid: false,
    heldProductCodes: state.accepted.length > 0 ? [...company.productCodes, ...state.accepted] : company.productCodes,
    declines: state.declines,
    openOpportunityProductCodes: state.openElsewhere,
  };
}

