/**
 * Engine-level guards that no rule can bypass: each is tested with a rule file written WITHOUT the
 * guard's condition (the rule fires), and the engine still stops the product, recording the stage
 * and reason; whyNot names the same stage.
 */
import { PRODUCT_CATALOGUE } from '../../../src/products/product-catalogue';
import { decide, whyNot, type DecisionPolicy, type DecisionProduct, type DecisionRule, type RiskScale, type Subject } from '../../../src/rule-engine/decision';
import { exampleFacts } from '../../../src/rule-engine/facts/fact-catalogue';
import { formatRuleError, validateRuleFiles } from '../../../src/rule-engine/rules';

const AS_OF = '2026-06-30';
const level = (v: string | null) => (v === null ? null : (Number(v.slice(1)) as RiskScale));

/** The catalogue as the engine sees it, guard attributes included (as the service reads them from the products table). */
const PRODUCTS: readonly DecisionProduct[] = PRODUCT_CATALOGUE.map((p) => ({
  code: p.code,
  category: p.category,
  audience: p.audience,
  riskLevel: level(p.riskLevel),
  value: Number(p.value),
  family: p.family,
  familyRank: p.familyRank,
  active: true,
  minAge: p.minAge,
  maxAge: p.maxAge,
  requiresSuitability: p.requiresSuitability,
  minRiskTolerance: level(p.minRiskTolerance),
}));

/** Rules from rule-file JSON through the real validator: each only says "offer it" (salary paid here). */
function rulesOffering(...products: [string, 'EMPLOYEE_PROSPECT' | 'EXECUTIVE_LEAD', number][]): DecisionRule[] {
  const content = JSON.stringify({
    rules: products.map(([product, linkage, propensity]) => ({
      id: `offer-${product.toLowerCase().replace(/_/g, '-')}`,
      description: `Offers ${product} to anyone paid here, with no age or suitability condition.`,
      linkage,
      product,
      propensity,
      conditions: { all: [{ fact: 'employment', path: '$.salaryPaidHere', operator: 'equal', value: true }] },
      reason: 'Paid here.',
      examples: [
        { name: 'paid here', facts: { employment: { salaryPaidHere: true, role: linkage === 'EMPLOYEE_PROSPECT' ? 'EMPLOYEE' : 'EXECUTIVE' } }, expect: true },
        { name: 'paid elsewhere', facts: { employment: { salaryPaidHere: false } }, expect: false },
      ],
    })),
  });
  const { errors, rules } = validateRuleFiles([{ path: 'no-guards.json', content }], { products: PRODUCT_CATALOGUE });
  if (errors.length) throw new Error(errors.map(formatRuleError).join('\n'));
  return rules.map((r) => ({
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
}

function person(age: number, overrides: Partial<Subject> = {}): Subject {
  return {
    partyId: 'P-1',
    linkage: 'EMPLOYEE_PROSPECT',
    facts: exampleFacts({ person: { age }, employment: { salaryPaidHere: true } }),
    employmentCurrent: true,
    marketingConsent: true,
    doNotContact: false,
    riskTolerance: 5,
    riskAssessmentValid: true,
    heldProductCodes: [],
    declines: [],
    ...overrides,
  };
}

const policy = (overrides: Partial<DecisionPolicy> = {}): DecisionPolicy => ({ asOf: AS_OF, maxOpenPerParty: 10, ...overrides });
const offered = (rules: DecisionRule[], subject: Subject, p = policy()) => decide(rules, PRODUCTS, subject, p).offers.map((o) => o.productCode);
const stopped = (rules: DecisionRule[], subject: Subject, code: string, p = policy()) => decide(rules, PRODUCTS, subject, p).suppressed.find((s) => s.productCode === code);

describe('engine guard: age', () => {
  const rules = rulesOffering(['PERSONAL_LOAN', 'EMPLOYEE_PROSPECT', 0.5], ['CREDIT_CARD_CLASSIC', 'EMPLOYEE_PROSPECT', 0.5], ['WEALTH_EQUITY_FUND', 'EMPLOYEE_PROSPECT', 0.5], ['INSURANCE_HEALTH', 'EMPLOYEE_PROSPECT', 0.5], ['TERM_DEPOSIT', 'EMPLOYEE_PROSPECT', 0.5], ['MOBILE_BANKING', 'EMPLOYEE_PROSPECT', 0.5]);

  it('offers no credit, card, investment or insurance product to a 17-year-old, though the rule has no age condition', () => {
    const subject = person(17);
    expect(offered(rules, subject)).toEqual(expect.arrayContaining(['TERM_DEPOSIT', 'MOBILE_BANKING']));
    for (const code of ['PERSONAL_LOAN', 'CREDIT_CARD_CLASSIC', 'WEALTH_EQUITY_FUND', 'INSURANCE_HEALTH']) {
      expect(stopped(rules, subject, code)).toMatchObject({ stage: 'AGE', reason: 'UNDER_MINIMUM_AGE' });
    }
    const answer = whyNot(rules, PRODUCTS, subject, policy(), 'PERSONAL_LOAN');
    expect(answer).toMatchObject({ stage: 'AGE', message: 'PERSONAL_LOAN is offered from age 18; the customer is 17.' });
    expect(answer.blockers.map((b) => b.reason)).toEqual(['UNDER_MINIMUM_AGE']);
  });

  it('offers them from 18 on (the card then meets the credit concentration guard, not the age guard)', () => {
    expect(offered(rules, person(18))).toEqual(expect.arrayContaining(['PERSONAL_LOAN', 'WEALTH_EQUITY_FUND', 'INSURANCE_HEALTH']));
    expect(stopped(rules, person(18), 'CREDIT_CARD_CLASSIC')).toMatchObject({ reason: 'CREDIT_LIMIT_REACHED' });
    expect(offered(rules, person(18), policy({ maxNewCreditOffers: 2 }))).toContain('CREDIT_CARD_CLASSIC');
  });

  it('stops loans above the loan age limit and R3+ investments above theirs (both configurable)', () => {
    expect(stopped(rules, person(71), 'PERSONAL_LOAN')).toMatchObject({ stage: 'AGE', reason: 'OVER_MAXIMUM_AGE' });
    expect(offered(rules, person(71))).toContain('WEALTH_EQUITY_FUND');
    expect(stopped(rules, person(81), 'WEALTH_EQUITY_FUND')).toMatchObject({ stage: 'AGE', reason: 'OVER_MAXIMUM_AGE' });
    expect(whyNot(rules, PRODUCTS, person(81), policy(), 'WEALTH_EQUITY_FUND').message).toBe('WEALTH_EQUITY_FUND is offered up to age 80; the customer is 81.');
    expect(offered(rules, person(75), policy({ maxAgeForLoans: 75 }))).toContain('PERSONAL_LOAN');
    expect(offered(rules, person(90), policy({ maxAgeForLoans: null, maxAgeForHighRiskInvestments: null }))).toEqual(expect.arrayContaining(['PERSONAL_LOAN', 'WEALTH_EQUITY_FUND']));
  });

  it("lets a product's own limits override the policy's", () => {
    const products = PRODUCTS.map((p) => (p.code === 'TERM_DEPOSIT' ? { ...p, minAge: 21 } : p.code === 'PERSONAL_LOAN' ? { ...p, maxAge: 60 } : p));
    const decision = decide(rules, products, person(20), policy());
    expect(decision.suppressed.find((s) => s.productCode === 'TERM_DEPOSIT')).toMatchObject({ stage: 'AGE', reason: 'UNDER_MINIMUM_AGE' });
    expect(decide(rules, products, person(61), policy()).suppressed.find((s) => s.productCode === 'PERSONAL_LOAN')).toMatchObject({ reason: 'OVER_MAXIMUM_AGE' });
  });

  it('does not offer an age-limited product when the age is unknown', () => {
    const subject = person(30);
    const facts = { ...subject.facts, person: { ...(subject.facts.person as object), age: null } };
    expect(stopped(rules, { ...subject, facts }, 'PERSONAL_LOAN')).toMatchObject({ stage: 'AGE', reason: 'AGE_UNKNOWN' });
  });
});

describe('engine guard: suitability for products without a risk level', () => {
  const rules = rulesOffering(['PRIVATE_BANKING', 'EXECUTIVE_LEAD', 0.5]);
  const executive = (overrides: Partial<Subject>) => person(50, { linkage: 'EXECUTIVE_LEAD', ...overrides });

  it('does not offer private banking to a conservative (C2) customer, though the rule has no suitability condition', () => {
    const subject = executive({ riskTolerance: 2 });
    expect(offered(rules, subject)).toEqual([]);
    expect(stopped(rules, subject, 'PRIVATE_BANKING')).toMatchObject({ stage: 'SUITABILITY', reason: 'BELOW_MINIMUM_TOLERANCE' });
    expect(whyNot(rules, PRODUCTS, subject, policy(), 'PRIVATE_BANKING')).toMatchObject({
      stage: 'SUITABILITY',
      message: "PRIVATE_BANKING needs a risk tolerance of at least C3; the customer's is C2.",
    });
  });

  it('needs a valid assessment, and raises the renewal instead', () => {
    const missing = executive({ riskTolerance: null, riskAssessmentValid: false });
    expect(stopped(rules, missing, 'PRIVATE_BANKING')).toMatchObject({ stage: 'SUITABILITY', reason: 'ASSESSMENT_MISSING' });
    expect(offered(rules, missing)).toEqual(['RISK_ASSESSMENT_RENEWAL']);
    const expired = executive({ riskTolerance: 4, riskAssessmentValid: false });
    expect(stopped(rules, expired, 'PRIVATE_BANKING')).toMatchObject({ reason: 'ASSESSMENT_EXPIRED' });
    expect(whyNot(rules, PRODUCTS, expired, policy(), 'PRIVATE_BANKING').stage).toBe('SUITABILITY');
  });

  it('offers it with a valid assessment of C3 or more', () => {
    expect(offered(rules, executive({ riskTolerance: 3 }))).toEqual(['PRIVATE_BANKING']);
  });
});

describe('engine guard: credit concentration', () => {
  const rules = rulesOffering(['MORTGAGE', 'EMPLOYEE_PROSPECT', 0.5], ['PERSONAL_LOAN', 'EMPLOYEE_PROSPECT', 0.5], ['AUTO_LOAN', 'EMPLOYEE_PROSPECT', 0.5], ['CREDIT_CARD_GOLD', 'EMPLOYEE_PROSPECT', 0.5], ['TERM_DEPOSIT', 'EMPLOYEE_PROSPECT', 0.5]);

  it('offers at most one new credit product, the best, though three loan rules fire', () => {
    const subject = person(35);
    expect(offered(rules, subject)).toEqual(['MORTGAGE', 'TERM_DEPOSIT']);
    for (const code of ['PERSONAL_LOAN', 'AUTO_LOAN', 'CREDIT_CARD_GOLD']) {
      expect(stopped(rules, subject, code)).toMatchObject({ stage: 'CREDIT_CONCENTRATION', reason: 'CREDIT_LIMIT_REACHED' });
    }
    const answer = whyNot(rules, PRODUCTS, subject, policy(), 'PERSONAL_LOAN');
    expect(answer.stage).toBe('CREDIT_CONCENTRATION');
    expect(answer.message).toBe('PERSONAL_LOAN is a credit product and the customer may have at most 1 credit product among live offers, taken by MORTGAGE.');
  });

  it('counts a live open credit opportunity, and keeps it', () => {
    const subject = person(35, { openOpportunityProductCodes: ['AUTO_LOAN'] });
    expect(offered(rules, subject)).toEqual(['AUTO_LOAN', 'TERM_DEPOSIT']);
    expect(stopped(rules, subject, 'MORTGAGE')).toMatchObject({ reason: 'CREDIT_LIMIT_REACHED' });
  });

  it('is configurable', () => {
    expect(offered(rules, person(35), policy({ maxNewCreditOffers: 2 }))).toEqual(['MORTGAGE', 'AUTO_LOAN', 'TERM_DEPOSIT']);
  });
});
