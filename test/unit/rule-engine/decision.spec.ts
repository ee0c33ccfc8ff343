import fc from 'fast-check';
import { addDays } from '../../../src/common/dates';
import { PRODUCT_CATALOGUE } from '../../../src/products/product-catalogue';
import {
  createScopeRanker,
  decide,
  Decider,
  DecisionInputError,
  explainOffer,
  rankScope,
  whyNot,
  type Decision,
  type DecisionConditions,
  type DecisionPolicy,
  type DecisionProduct,
  type DecisionRule,
  type RiskScale,
  type Subject,
} from '../../../src/rule-engine/decision';
import { compileConditions } from '../../../src/rule-engine/evaluation';
import { exampleFacts } from '../../../src/rule-engine/facts/fact-catalogue';
import type { TopLevelCondition } from '../../../src/rule-engine/types';

// ---- builders ------------------------------------------------------------------------------------

const AS_OF = '2026-06-30';
const ALWAYS: TopLevelCondition = { all: [] };

const CATALOGUE: readonly DecisionProduct[] = PRODUCT_CATALOGUE.map((p) => ({
  code: p.code,
  category: p.category,
  audience: p.audience,
  riskLevel: p.riskLevel === null ? null : (Number(p.riskLevel.slice(1)) as RiskScale),
  value: Number(p.value),
  family: p.family,
  familyRank: p.familyRank,
  active: true,
}));

function buildProduct(overrides: Partial<DecisionProduct> = {}): DecisionProduct {
  return { code: 'TEST_PRODUCT', category: 'DEPOSIT', audience: 'PERSON', riskLevel: null, value: 100, family: null, familyRank: null, active: true, ...overrides };
}

type RuleOverrides = Partial<DecisionRule> & { when?: TopLevelCondition };

function buildRule({ when, ...overrides }: RuleOverrides = {}): DecisionRule {
  const productCode = overrides.productCode ?? 'CREDIT_CARD_CLASSIC';
  return {
    id: `rule.${productCode}`,
    description: `Suggests ${productCode}`,
    linkage: 'EMPLOYEE_PROSPECT',
    productCode,
    priority: 1,
    propensity: 0.5,
    lever: 0,
    enabled: true,
    reason: 'Salary of {{employment.monthlySalary}} a month is paid here',
    conditions: compileConditions(when ?? ALWAYS),
    ...overrides,
  };
}

const rulesFor = (...codes: string[]): DecisionRule[] => codes.map((productCode) => buildRule({ productCode }));

function buildSubject(overrides: Partial<Subject> = {}): Subject {
  return {
    partyId: 'P-0001',
    linkage: 'EMPLOYEE_PROSPECT',
    facts: exampleFacts(),
    employmentCurrent: true,
    marketingConsent: true,
    doNotContact: false,
    riskTolerance: 3,
    riskAssessmentValid: true,
    heldProductCodes: [],
    declines: [],
    ...overrides,
  };
}

/** The contact-policy tests use loans as plain products: the credit concentration guard is tested on its own (decision-guards.spec.ts). */
const policyWith = (overrides: Partial<DecisionPolicy> = {}): DecisionPolicy => ({ asOf: AS_OF, maxOpenPerParty: 10, maxNewCreditOffers: 10, ...overrides });

function decideFor(rules: readonly DecisionRule[], subject: Subject, policy: Partial<DecisionPolicy> = {}, products = CATALOGUE): Decision {
  return decide(rules, products, subject, policyWith(policy));
}

const offered = (decision: Decision): string[] => decision.offers.map((o) => o.productCode);
const reasonOf = (decision: Decision, code: string) => decision.suppressed.find((s) => s.productCode === code)?.reason;

/** Conditions that count their calls (to prove what was, and was not, evaluated). */
function spyConditions(result = true): DecisionConditions & { evaluate: jest.Mock; explain: jest.Mock } {
  return {
    evaluate: jest.fn(() => result),
    explain: jest.fn(() => ({ kind: 'all' as const, result, children: [] })),
  };
}

const RISK_PRODUCTS = ['WEALTH_MONEY_MARKET', 'WEALTH_BOND_FUND', 'WEALTH_BALANCED_FUND', 'GOLD_ACCOUNT', 'WEALTH_EQUITY_FUND', 'WEALTH_STRUCTURED_NOTE'];

// ---- the policies --------------------------------------------------------------------------------

describe('decision: suitability', () => {
  it('offers a C2 customer R1 and R2 products but never R3 or above', () => {
    const decision = decideFor(rulesFor(...RISK_PRODUCTS), buildSubject({ riskTolerance: 2 }));

    expect(offered(decision).sort()).toEqual(['WEALTH_BOND_FUND', 'WEALTH_MONEY_MARKET']);
    for (const code of ['WEALTH_BALANCED_FUND', 'GOLD_ACCOUNT', 'WEALTH_EQUITY_FUND', 'WEALTH_STRUCTURED_NOTE']) {
      expect(reasonOf(decision, code)).toBe('RISK_ABOVE_TOLERANCE');
    }
  });

  it('never offers a risk-rated product above the tolerance or without a valid assessment, whatever the subject', () => {
    const levelOf = new Map(CATALOGUE.map((p) => [p.code, p.riskLevel]));
    fc.assert(
      fc.property(
        fc.constantFrom<RiskScale | null>(null, 1, 2, 3, 4, 5),
        fc.boolean(),
        fc.subarray(RISK_PRODUCTS),
        (riskTolerance, riskAssessmentValid, heldProductCodes) => {
          const decision = decideFor(rulesFor(...RISK_PRODUCTS), buildSubject({ riskTolerance, riskAssessmentValid, heldProductCodes }));
          for (const offer of decision.offers) {
            const level = levelOf.get(offer.productCode) ?? null;
            if (level !== null) expect(riskAssessmentValid && riskTolerance !== null && level <= riskTolerance).toBe(true);
          }
        },
      ),
    );
  });

  it('blocks every risk-rated product when the assessment has expired, and raises the renewal offer instead', () => {
    const rules = rulesFor('WEALTH_MONEY_MARKET', 'WEALTH_EQUITY_FUND', 'CREDIT_CARD_CLASSIC');
    const decision = decideFor(rules, buildSubject({ riskTolerance: 5, riskAssessmentValid: false }));

    expect(offered(decision).sort()).toEqual(['CREDIT_CARD_CLASSIC', 'RISK_ASSESSMENT_RENEWAL']);
    expect(reasonOf(decision, 'WEALTH_MONEY_MARKET')).toBe('ASSESSMENT_EXPIRED');
    expect(reasonOf(decision, 'WEALTH_EQUITY_FUND')).toBe('ASSESSMENT_EXPIRED');
  });

  it('scores the renewal offer at half the best held-back offer and names the product it would unlock', () => {
    const rules = [
      buildRule({ id: 'bonds', productCode: 'WEALTH_BOND_FUND', propensity: 0.5 }),
      buildRule({ id: 'equity', productCode: 'WEALTH_EQUITY_FUND', propensity: 0.5 }),
    ];
    const decision = decideFor(rules, buildSubject({ riskAssessmentValid: false }));

    expect(decision.offers).toEqual([
      expect.objectContaining({
        productCode: 'RISK_ASSESSMENT_RENEWAL',
        source: 'RISK_RENEWAL',
        ruleId: 'equity',
        score: (0.5 * 2000) / 2,
        unlocksProductCode: 'WEALTH_EQUITY_FUND',
        reasonText: expect.stringContaining('WEALTH_EQUITY_FUND'),
      }),
    ]);
  });

  it('raises the renewal offer for a customer who was never assessed', () => {
    const decision = decideFor(rulesFor('WEALTH_BOND_FUND'), buildSubject({ riskTolerance: null }));

    expect(reasonOf(decision, 'WEALTH_BOND_FUND')).toBe('ASSESSMENT_MISSING');
    expect(offered(decision)).toEqual(['RISK_ASSESSMENT_RENEWAL']);
  });

  it('raises no renewal offer when a valid tolerance is merely too low', () => {
    const decision = decideFor(rulesFor('WEALTH_EQUITY_FUND'), buildSubject({ riskTolerance: 2 }));

    expect(decision.offers).toEqual([]);
    expect(reasonOf(decision, 'WEALTH_EQUITY_FUND')).toBe('RISK_ABOVE_TOLERANCE');
  });

  it('raises no renewal offer when the customer already holds it', () => {
    const subject = buildSubject({ riskAssessmentValid: false, heldProductCodes: ['RISK_ASSESSMENT_RENEWAL'] });

    expect(decideFor(rulesFor('WEALTH_BOND_FUND'), subject).offers).toEqual([]);
  });
});

describe('decision: applicability', () => {
  it('never offers a product the customer already holds', () => {
    const decision = decideFor(rulesFor('CREDIT_CARD_GOLD', 'MOBILE_BANKING'), buildSubject({ heldProductCodes: ['CREDIT_CARD_GOLD'] }));

    expect(offered(decision)).toEqual(['MOBILE_BANKING']);
    expect(reasonOf(decision, 'CREDIT_CARD_GOLD')).toBe('ALREADY_HELD');
  });

  it('never offers a lower product of a family the customer holds a higher one of, but offers a higher one', () => {
    const rules = rulesFor('CREDIT_CARD_CLASSIC', 'CREDIT_CARD_PLATINUM');
    const decision = decideFor(rules, buildSubject({ heldProductCodes: ['CREDIT_CARD_GOLD'] }));

    expect(offered(decision)).toEqual(['CREDIT_CARD_PLATINUM']);
    expect(decision.suppressed).toEqual([
      expect.objectContaining({ productCode: 'CREDIT_CARD_CLASSIC', stage: 'APPLICABILITY', reason: 'SUPERSEDED_BY_HELD', relatedProductCode: 'CREDIT_CARD_GOLD' }),
    ]);
  });

  it('treats a held product of equal rank in the same family as superseding', () => {
    const products = [buildProduct({ code: 'CARD_A', family: 'CARD', familyRank: 2 }), buildProduct({ code: 'CARD_B', family: 'CARD', familyRank: 2 })];
    const decision = decideFor(rulesFor('CARD_A'), buildSubject({ heldProductCodes: ['CARD_B'] }), {}, products);

    expect(reasonOf(decision, 'CARD_A')).toBe('SUPERSEDED_BY_HELD');
  });

  it('offers nothing once the employment has ended', () => {
    const decision = decideFor(rulesFor('CREDIT_CARD_CLASSIC', 'MOBILE_BANKING'), buildSubject({ employmentCurrent: false }));

    expect(decision.offers).toEqual([]);
    expect(decision.suppressed.map((s) => s.reason)).toEqual(['EMPLOYMENT_ENDED', 'EMPLOYMENT_ENDED']);
  });

  it('stops a rule whose product is inactive', () => {
    const products = [buildProduct({ code: 'OLD_CARD', active: false })];

    expect(reasonOf(decideFor(rulesFor('OLD_CARD'), buildSubject(), {}, products), 'OLD_CARD')).toBe('PRODUCT_INACTIVE');
  });

  it('stops a rule whose product is unknown', () => {
    expect(reasonOf(decideFor(rulesFor('NO_SUCH_PRODUCT'), buildSubject()), 'NO_SUCH_PRODUCT')).toBe('PRODUCT_UNKNOWN');
  });

  it('offers corporate products only through corporate leads', () => {
    const rule = buildRule({ productCode: 'POS_TERMINAL', linkage: 'EXECUTIVE_LEAD' });

    expect(reasonOf(decideFor([rule], buildSubject({ linkage: 'EXECUTIVE_LEAD' })), 'POS_TERMINAL')).toBe('AUDIENCE_MISMATCH');
  });
});

describe('decision: consent', () => {
  it('offers nothing to a person who asked not to be contacted, without evaluating a rule', () => {
    const conditions = spyConditions();
    const decision = decideFor([buildRule({ conditions })], buildSubject({ doNotContact: true }));

    expect(decision).toMatchObject({ offers: [], skippedFor: 'DO_NOT_CONTACT', rulesEvaluated: 0 });
    expect(conditions.evaluate).not.toHaveBeenCalled();
  });

  it('offers nothing to a person without marketing consent', () => {
    const decision = decideFor(rulesFor('CREDIT_CARD_CLASSIC'), buildSubject({ marketingConsent: false }));

    expect(decision).toMatchObject({ offers: [], skippedFor: 'NO_MARKETING_CONSENT' });
  });
});

describe('decision: contact policy', () => {
  const declinedOn = '2026-03-01';
  const subject = buildSubject({ declines: [{ productCode: 'CREDIT_CARD_CLASSIC', declinedOn }] });

  it('holds a declined product back on the last day of the cooling-off period (decline day + 89 of 90)', () => {
    const decision = decideFor(rulesFor('CREDIT_CARD_CLASSIC'), subject, { asOf: addDays(declinedOn, 89), coolingOffDays: 90 });

    expect(decision.offers).toEqual([]);
    expect(decision.suppressed).toEqual([
      expect.objectContaining({ stage: 'CONTACT_POLICY', reason: 'COOLING_OFF', suppressedThrough: addDays(declinedOn, 89) }),
    ]);
  });

  it('offers a declined product again on the first day after the cooling-off period (decline day + 90)', () => {
    const decision = decideFor(rulesFor('CREDIT_CARD_CLASSIC'), subject, { asOf: addDays(declinedOn, 90), coolingOffDays: 90 });

    expect(offered(decision)).toEqual(['CREDIT_CARD_CLASSIC']);
  });

  it('holds a product back on the day it was declined', () => {
    expect(offered(decideFor(rulesFor('CREDIT_CARD_CLASSIC'), subject, { asOf: declinedOn }))).toEqual([]);
  });

  it('ignores a decline dated after the evaluation date', () => {
    expect(offered(decideFor(rulesFor('CREDIT_CARD_CLASSIC'), subject, { asOf: addDays(declinedOn, -1) }))).toEqual(['CREDIT_CARD_CLASSIC']);
  });

  it('holds back only the declined product', () => {
    expect(offered(decideFor(rulesFor('CREDIT_CARD_CLASSIC', 'MOBILE_BANKING'), subject, { asOf: declinedOn }))).toEqual(['MOBILE_BANKING']);
  });

  const sixProducts = ['PERSONAL_LOAN', 'AUTO_LOAN', 'MORTGAGE', 'TERM_DEPOSIT', 'SAVINGS_PLAN', 'MOBILE_BANKING'];

  it('keeps at most maxOpenPerParty offers, and they are the best', () => {
    const decision = decideFor(rulesFor(...sixProducts), buildSubject(), { maxOpenPerParty: 3 });

    expect(offered(decision)).toEqual(['MORTGAGE', 'AUTO_LOAN', 'PERSONAL_LOAN']);
  });

  it('records the crowded-out offers when deciding exhaustively', () => {
    const decision = decide(rulesFor(...sixProducts), CATALOGUE, buildSubject(), policyWith({ maxOpenPerParty: 3 }), { exhaustive: true });

    expect(decision.suppressed.filter((s) => s.reason === 'CROWDED_OUT').map((s) => s.productCode)).toEqual([
      'TERM_DEPOSIT',
      'SAVINGS_PLAN',
      'MOBILE_BANKING',
    ]);
  });

  it('stops evaluating rules once the kept offers are full and no later rule could beat them', () => {
    const lowest = spyConditions();
    const rules = [...rulesFor('MORTGAGE', 'AUTO_LOAN'), buildRule({ productCode: 'MOBILE_BANKING', conditions: lowest })];
    const decision = decideFor(rules, buildSubject(), { maxOpenPerParty: 2 });

    expect(offered(decision)).toEqual(['MORTGAGE', 'AUTO_LOAN']);
    expect(decision).toMatchObject({ rulesEvaluated: 2, rulesSkipped: 1 });
    expect(lowest.evaluate).not.toHaveBeenCalled();
  });

  it('makes the same offers whether it stops early or evaluates every rule', () => {
    // A random catalogue too: zero scores, cheap risk products and dear renewals reach the edges.
    const product = (code: string) =>
      fc.record({
        value: fc.constantFrom(40, 60, 80, 100, 900),
        riskLevel: fc.constantFrom<RiskScale | null>(null, null, 1, 3, 5),
        familyRank: fc.constantFrom<number | null>(null, 1, 2),
      }).map((p) => buildProduct({ code, ...p, family: p.familyRank === null ? null : 'F' }));
    const codes = ['P0', 'P1', 'P2', 'P3', 'P4', 'RENEW'];
    const input = fc.record({
      products: fc.tuple(...codes.map(product)).map((list) => list.map((p) => (p.code === 'RENEW' ? { ...p, riskLevel: null } : p))),
      rules: fc.array(
        fc.record({ productCode: fc.constantFrom(...codes), propensity: fc.constantFrom(0, 0.25, 0.5, 1), lever: fc.constantFrom(0, 1), minAge: fc.integer({ min: 20, max: 60 }) }),
        { maxLength: 12 },
      ),
      age: fc.integer({ min: 20, max: 60 }),
      riskTolerance: fc.constantFrom<RiskScale | null>(null, 2, 5),
      riskAssessmentValid: fc.boolean(),
      heldProductCodes: fc.subarray(codes, { maxLength: 2 }),
      declined: fc.subarray(codes, { maxLength: 2 }),
      max: fc.integer({ min: 0, max: 4 }),
    });
    fc.assert(
      fc.property(input, ({ products, rules: specs, age, declined, max, ...overrides }) => {
        const rules = specs.map(({ minAge, ...r }, i) =>
          buildRule({ id: `r${i}`, ...r, when: { all: [{ fact: 'person', path: '$.age', operator: 'lessThanInclusive', value: minAge }] } }),
        );
        const subject = buildSubject({
          ...overrides,
          facts: exampleFacts({ person: { age } }),
          declines: declined.map((productCode) => ({ productCode, declinedOn: AS_OF })),
        });
        const policy = policyWith({ maxOpenPerParty: max, riskRenewalProductCode: 'RENEW' });
        const fast = decide(rules, products, subject, policy);
        const full = decide(rules, products, subject, policy, { exhaustive: true });

        expect(fast.offers).toEqual(full.offers);
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps exactly the best N of any set of candidates', () => {
    const codes = ['PERSONAL_LOAN', 'AUTO_LOAN', 'MORTGAGE', 'TERM_DEPOSIT', 'SAVINGS_PLAN', 'MOBILE_BANKING', 'INSURANCE_HEALTH'];
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 100 }), { minLength: codes.length, maxLength: codes.length }), fc.integer({ min: 0, max: 8 }), (weights, max) => {
        const rules = codes.map((productCode, i) => buildRule({ productCode, propensity: weights[i]! / 100 }));
        const decision = decideFor(rules, buildSubject(), { maxOpenPerParty: max });
        const all = decideFor(rules, buildSubject(), { maxOpenPerParty: 100 }).offers;

        expect(decision.offers).toEqual(all.slice(0, max));
      }),
    );
  });

  it('stops early without losing a renewal that outranks zero-score offers', () => {
    const products = [
      buildProduct({ code: 'CHEAP', value: 60 }),
      buildProduct({ code: 'CHEAP_FUND', value: 40, riskLevel: 3 }),
      buildProduct({ code: 'RENEW', value: 100 }),
    ];
    const rules = [buildRule({ id: 'a', productCode: 'CHEAP', propensity: 0 }), buildRule({ id: 'b', productCode: 'CHEAP_FUND', propensity: 0 })];
    const decision = decideFor(rules, buildSubject({ riskAssessmentValid: false }), { maxOpenPerParty: 1, riskRenewalProductCode: 'RENEW' }, products);

    expect(offered(decision)).toEqual(['RENEW']);
  });

  it('counts open opportunities that are not suggested again against the limit', () => {
    const rules = rulesFor('PERSONAL_LOAN', 'AUTO_LOAN', 'MORTGAGE');
    const decision = decideFor(rules, buildSubject({ openOpportunityProductCodes: ['INSURANCE_HEALTH'] }), { maxOpenPerParty: 3 });

    expect(offered(decision)).toEqual(['MORTGAGE', 'AUTO_LOAN']);
  });

  it('keeps an open opportunity suggested again ahead of a better new offer', () => {
    const rules = rulesFor('PERSONAL_LOAN', 'MORTGAGE');
    const decision = decideFor(rules, buildSubject({ openOpportunityProductCodes: ['PERSONAL_LOAN'] }), { maxOpenPerParty: 1 });

    expect(offered(decision)).toEqual(['PERSONAL_LOAN']);
    expect(reasonOf(decision, 'MORTGAGE')).toBe('CROWDED_OUT');
  });
});

// ---- scoring, order, duplicates ------------------------------------------------------------------

describe('decision: scoring and order', () => {
  it('scores propensity × product value × (1 + lever)', () => {
    const decision = decideFor([buildRule({ productCode: 'TERM_DEPOSIT', propensity: 0.25, lever: 1.5 })], buildSubject());

    expect(decision.offers[0]!.score).toBe(0.25 * 400 * 2.5);
  });

  it('breaks a score tie by the higher product value', () => {
    const products = [buildProduct({ code: 'CHEAP', value: 100 }), buildProduct({ code: 'DEAR', value: 200 })];
    const rules = [buildRule({ id: 'a', productCode: 'CHEAP', propensity: 0.5 }), buildRule({ id: 'b', productCode: 'DEAR', propensity: 0.25 })];

    expect(offered(decideFor(rules, buildSubject(), {}, products))).toEqual(['DEAR', 'CHEAP']);
  });

  it('breaks a score and value tie by rule id', () => {
    const products = [buildProduct({ code: 'ONE' }), buildProduct({ code: 'TWO' })];
    const rules = [buildRule({ id: 'rule-b', productCode: 'ONE' }), buildRule({ id: 'rule-a', productCode: 'TWO' })];

    expect(decideFor(rules, buildSubject(), {}, products).offers.map((o) => o.ruleId)).toEqual(['rule-a', 'rule-b']);
  });

  it('breaks a full tie between subjects by party id', () => {
    const subjects = ['P-3', 'P-1', 'P-2'].map((partyId) => buildSubject({ partyId }));
    const ranking = rankScope(subjects, rulesFor('CREDIT_CARD_CLASSIC'), CATALOGUE, policyWith(), 10);

    expect(ranking.top.map((r) => r.partyId)).toEqual(['P-1', 'P-2', 'P-3']);
  });

  it('gives the same offers whatever the order of the rules', () => {
    const rules = [...rulesFor('PERSONAL_LOAN', 'AUTO_LOAN', 'TERM_DEPOSIT'), buildRule({ id: 'loan-2', productCode: 'PERSONAL_LOAN', propensity: 0.9 })];

    expect(decideFor([...rules].reverse(), buildSubject())).toEqual(decideFor(rules, buildSubject()));
  });

  it('keeps the higher-scoring of two rules suggesting one product and records the other as a duplicate', () => {
    const rules = [
      buildRule({ id: 'loan-low', productCode: 'PERSONAL_LOAN', propensity: 0.2 }),
      buildRule({ id: 'loan-high', productCode: 'PERSONAL_LOAN', propensity: 0.6 }),
    ];
    const decision = decideFor(rules, buildSubject());

    expect(decision.offers.map((o) => o.ruleId)).toEqual(['loan-high']);
    expect(decision.duplicates).toEqual([expect.objectContaining({ ruleId: 'loan-low', productCode: 'PERSONAL_LOAN', keptRuleId: 'loan-high' })]);
  });

  it('keeps a rule suggesting the renewal over the engine renewal when the rule scores higher', () => {
    const rules = [
      buildRule({ id: 'equity', productCode: 'WEALTH_EQUITY_FUND', propensity: 0.5 }),
      buildRule({ id: 'renew', productCode: 'RISK_ASSESSMENT_RENEWAL', propensity: 1, lever: 9 }),
    ];
    const decision = decideFor(rules, buildSubject({ riskAssessmentValid: false }));

    expect(decision.offers).toEqual([expect.objectContaining({ ruleId: 'renew', source: 'RULE', score: 800 })]);
    expect(decision.duplicates).toEqual([expect.objectContaining({ ruleId: 'equity', source: 'RISK_RENEWAL', keptRuleId: 'renew' })]);
  });

  it('evaluates only the enabled rules of the subject linkage', () => {
    const disabled = spyConditions();
    const otherLinkage = spyConditions();
    const rules = [
      buildRule({ id: 'off', enabled: false, conditions: disabled }),
      buildRule({ id: 'exec', linkage: 'EXECUTIVE_LEAD', conditions: otherLinkage }),
      buildRule({ id: 'on', productCode: 'MOBILE_BANKING' }),
    ];
    const decision = decideFor(rules, buildSubject());

    expect(offered(decision)).toEqual(['MOBILE_BANKING']);
    expect(decision.rulesEvaluated).toBe(1);
    expect(disabled.evaluate).not.toHaveBeenCalled();
    expect(otherLinkage.evaluate).not.toHaveBeenCalled();
  });

  it('renders reasons with the injected renderer, for kept offers only and only when read', () => {
    const renderReason = jest.fn((template: string) => `rendered: ${template}`);
    const rules = rulesFor('PERSONAL_LOAN', 'AUTO_LOAN', 'MORTGAGE', 'TERM_DEPOSIT');
    const decision = decide(rules, CATALOGUE, buildSubject(), policyWith({ maxOpenPerParty: 2 }), { renderReason });

    expect(renderReason).toHaveBeenCalledTimes(0);
    expect(decision.offers[0]!.reasonText).toBe('rendered: Salary of {{employment.monthlySalary}} a month is paid here');
    expect(decision.offers[0]!.reasonText).toBe('rendered: Salary of {{employment.monthlySalary}} a month is paid here');
    expect(renderReason).toHaveBeenCalledTimes(1);
    expect(decision.offers.map((o) => o.reasonText)).toHaveLength(2);
    expect(renderReason).toHaveBeenCalledTimes(2);
  });

  it('renders fact placeholders with the default renderer', () => {
    const subject = buildSubject({ facts: exampleFacts({ employment: { monthlySalary: 5100 } }) });

    expect(decideFor(rulesFor('PERSONAL_LOAN'), subject).offers[0]!.reasonText).toBe('Salary of 5100 a month is paid here');
  });

  it('rejects rules with the same id, listing every problem', () => {
    const rules = [buildRule({ id: 'x' }), buildRule({ id: 'x', productCode: 'MOBILE_BANKING' }), buildRule({ id: 'y', propensity: Number.NaN })];

    expect(() => new Decider(rules, CATALOGUE, policyWith())).toThrow(DecisionInputError);
    expect(() => new Decider(rules, CATALOGUE, policyWith())).toThrow(/rule x is listed twice.*rule y has no finite score/);
  });

  it('rejects an evaluation date that is not a calendar date', () => {
    expect(() => new Decider([], CATALOGUE, { asOf: '2026-02-30' })).toThrow(/policy.asOf/);
  });
});

// ---- explanations --------------------------------------------------------------------------------

describe('decision: explanations', () => {
  const when: TopLevelCondition = {
    all: [
      { fact: 'person', path: '$.age', operator: 'greaterThanInclusive', value: 25 },
      { fact: 'employment', path: '$.salaryPaidHere', operator: 'equal', value: true },
      {
        any: [
          { fact: 'person', path: '$.segment', operator: 'equal', value: 'AFFLUENT' },
          { fact: 'person', path: '$.monthlyIncome', operator: 'greaterThanInclusive', value: 3000 },
        ],
      },
      { not: { fact: 'holdings', path: '$.productCodes', operator: 'contains', value: 'PERSONAL_LOAN' } },
    ],
  };
  const rules = [buildRule({ id: 'loan', productCode: 'PERSONAL_LOAN', description: 'Loan for payroll employees', when })];
  const subject = buildSubject({ facts: exampleFacts({ person: { age: 34, segment: 'MASS', monthlyIncome: 4200 } }) });

  it('explains an offer by the leaf conditions that made its rule hold, with the fact values', () => {
    const [offer] = decideFor(rules, subject).offers;
    const explanation = explainOffer(rules, subject, offer!);

    expect(explanation).toMatchObject({ ruleId: 'loan', ruleDescription: 'Loan for payroll employees', reasonText: offer!.reasonText });
    expect(explanation.conditions).toEqual([
      { leaf: 0, fact: 'person', path: '$.age', operator: 'greaterThanInclusive', value: 25, factValue: 34, result: true, negated: false, name: null },
      { leaf: 1, fact: 'employment', path: '$.salaryPaidHere', operator: 'equal', value: true, factValue: true, result: true, negated: false, name: null },
      { leaf: 3, fact: 'person', path: '$.monthlyIncome', operator: 'greaterThanInclusive', value: 3000, factValue: 4200, result: true, negated: false, name: null },
      { leaf: 4, fact: 'holdings', path: '$.productCodes', operator: 'contains', value: 'PERSONAL_LOAN', factValue: ['DEBIT_CARD_STD'], result: false, negated: true, name: null },
    ]);
  });

  it("numbers each deciding condition by its place among the rule's leaves, counting the ones that did not matter", () => {
    const rule = buildRule({
      when: {
        all: [
          { any: [{ fact: 'person', path: '$.age', operator: 'greaterThan', value: 90 }, { fact: 'person', path: '$.age', operator: 'lessThan', value: 90 }] },
          { not: { fact: 'person', path: '$.segment', operator: 'equal', value: 'MASS_NEVER' } },
        ],
      },
    });
    const [offer] = decideFor([rule], subject).offers;
    const { conditions } = explainOffer([rule], subject, offer!);
    expect(conditions.map((c) => [c.leaf, c.operator, c.negated])).toEqual([
      [1, 'lessThan', false],
      [2, 'equal', true],
    ]);
  });

  it('computes no explanation while deciding', () => {
    const conditions = spyConditions();
    decideFor([buildRule({ conditions })], buildSubject());

    expect(conditions.explain).not.toHaveBeenCalled();
  });

  it('explains a renewal offer by the rule of the product it would unlock', () => {
    const riskRules = [buildRule({ id: 'equity', productCode: 'WEALTH_EQUITY_FUND', description: 'Equity for affluent' })];
    const expired = buildSubject({ riskAssessmentValid: false });
    const [offer] = decideFor(riskRules, expired).offers;

    expect(explainOffer(riskRules, expired, offer!)).toMatchObject({ ruleId: 'equity', source: 'RISK_RENEWAL', unlocksProductCode: 'WEALTH_EQUITY_FUND' });
  });
});

describe('decision: whyNot', () => {
  const ask = (rules: readonly DecisionRule[], subject: Subject, code: string, policy: Partial<DecisionPolicy> = {}) =>
    whyNot(rules, CATALOGUE, subject, policyWith(policy), code);

  it('names NO_RULE when no enabled rule of the linkage suggests the product', () => {
    const answer = ask([buildRule({ id: 'gold', productCode: 'CREDIT_CARD_GOLD', enabled: false })], buildSubject(), 'CREDIT_CARD_GOLD');

    expect(answer).toMatchObject({ stage: 'NO_RULE', offer: null });
    expect(answer.message).toContain('gold');
  });

  it('names ELIGIBILITY with the failed conditions of each rule', () => {
    const rules = [
      buildRule({ id: 'gold-a', productCode: 'CREDIT_CARD_GOLD', when: { all: [{ fact: 'person', path: '$.age', operator: 'greaterThan', value: 60 }] } }),
      buildRule({ id: 'gold-b', productCode: 'CREDIT_CARD_GOLD', when: { all: [{ fact: 'person', path: '$.segment', operator: 'equal', value: 'AFFLUENT' }] } }),
    ];
    const answer = ask(rules, buildSubject(), 'CREDIT_CARD_GOLD');

    expect(answer.stage).toBe('ELIGIBILITY');
    expect(answer.rules).toEqual([
      expect.objectContaining({ ruleId: 'gold-a', eligible: false, failedConditions: [expect.objectContaining({ path: '$.age', factValue: 34, result: false })] }),
      expect.objectContaining({ ruleId: 'gold-b', eligible: false, failedConditions: [expect.objectContaining({ path: '$.segment', factValue: 'MASS' })] }),
    ]);
  });

  it('names APPLICABILITY for a held product', () => {
    const answer = ask(rulesFor('CREDIT_CARD_GOLD'), buildSubject({ heldProductCodes: ['CREDIT_CARD_GOLD'] }), 'CREDIT_CARD_GOLD');

    expect(answer).toMatchObject({ stage: 'APPLICABILITY', blockers: [expect.objectContaining({ reason: 'ALREADY_HELD' })] });
  });

  it('names SUITABILITY for a product above the risk tolerance', () => {
    const answer = ask(rulesFor('WEALTH_EQUITY_FUND'), buildSubject({ riskTolerance: 2 }), 'WEALTH_EQUITY_FUND');

    expect(answer).toMatchObject({ stage: 'SUITABILITY', message: 'WEALTH_EQUITY_FUND is rated R4, above the customer\'s risk tolerance C2.' });
  });

  it('names CONSENT for a person who asked not to be contacted', () => {
    expect(ask(rulesFor('MOBILE_BANKING'), buildSubject({ doNotContact: true }), 'MOBILE_BANKING').stage).toBe('CONSENT');
  });

  it('names CONTACT_POLICY with the cooling-off dates for a recently declined product', () => {
    const subject = buildSubject({ declines: [{ productCode: 'MOBILE_BANKING', declinedOn: '2026-06-01' }] });
    const answer = ask(rulesFor('MOBILE_BANKING'), subject, 'MOBILE_BANKING');

    expect(answer).toMatchObject({ stage: 'CONTACT_POLICY', blockers: [expect.objectContaining({ reason: 'COOLING_OFF' })] });
    expect(answer.message).toContain('through 2026-08-29');
  });

  it('names CONTACT_POLICY for a product crowded out by better offers', () => {
    const answer = ask(rulesFor('MORTGAGE', 'MOBILE_BANKING'), buildSubject(), 'MOBILE_BANKING', { maxOpenPerParty: 1 });

    expect(answer).toMatchObject({ stage: 'CONTACT_POLICY', blockers: [expect.objectContaining({ reason: 'CROWDED_OUT' })] });
  });

  it('names OFFERED with the offer', () => {
    const answer = ask(rulesFor('MOBILE_BANKING'), buildSubject(), 'MOBILE_BANKING');

    expect(answer).toMatchObject({ stage: 'OFFERED', blockers: [], offer: expect.objectContaining({ productCode: 'MOBILE_BANKING' }) });
  });

  it('names OFFERED for the renewal the engine raised', () => {
    const answer = ask(rulesFor('WEALTH_BOND_FUND'), buildSubject({ riskAssessmentValid: false }), 'RISK_ASSESSMENT_RENEWAL');

    expect(answer).toMatchObject({ stage: 'OFFERED', offer: expect.objectContaining({ source: 'RISK_RENEWAL' }) });
  });

  it('reports every stage that stops the product, in policy order', () => {
    const subject = buildSubject({ heldProductCodes: ['MOBILE_BANKING'], marketingConsent: false });
    const answer = ask(rulesFor('MOBILE_BANKING'), subject, 'MOBILE_BANKING');

    expect(answer.blockers.map((b) => b.stage)).toEqual(['APPLICABILITY', 'CONSENT']);
    expect(answer.stage).toBe('APPLICABILITY');
  });

  it('says OFFERED exactly when decide keeps an offer of the product', () => {
    const rules = [
      ...rulesFor('CREDIT_CARD_CLASSIC', 'CREDIT_CARD_GOLD', 'WEALTH_BOND_FUND', 'WEALTH_EQUITY_FUND', 'MORTGAGE', 'MOBILE_BANKING'),
      buildRule({ id: 'loan-young', productCode: 'PERSONAL_LOAN', when: { all: [{ fact: 'person', path: '$.age', operator: 'lessThan', value: 40 }] } }),
    ];
    const codes = [...new Set([...rules.map((r) => r.productCode), 'RISK_ASSESSMENT_RENEWAL', 'AUTO_LOAN'])];
    const subjects = fc.record({
      riskTolerance: fc.constantFrom<RiskScale | null>(null, 1, 2, 3, 4, 5),
      riskAssessmentValid: fc.boolean(),
      marketingConsent: fc.boolean(),
      employmentCurrent: fc.boolean(),
      heldProductCodes: fc.subarray(codes),
      declines: fc.array(fc.record({ productCode: fc.constantFrom(...codes), declinedOn: fc.constantFrom('2026-01-01', '2026-05-01', '2026-06-30') }), { maxLength: 3 }),
      age: fc.integer({ min: 20, max: 60 }),
      max: fc.integer({ min: 0, max: 4 }),
    });
    fc.assert(
      fc.property(subjects, ({ age, max, ...overrides }) => {
        const subject = buildSubject({ ...overrides, facts: exampleFacts({ person: { age } }) });
        const kept = new Set(offered(decideFor(rules, subject, { maxOpenPerParty: max })));
        for (const code of codes) expect([code, ask(rules, subject, code, { maxOpenPerParty: max }).stage === 'OFFERED']).toEqual([code, kept.has(code)]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('decision: ranking a scope', () => {
  it('feeds chunk by chunk to the same ranking as all at once', () => {
    const rules = rulesFor('CREDIT_CARD_CLASSIC', 'WEALTH_BOND_FUND', 'MORTGAGE');
    const subjects = Array.from({ length: 30 }, (_, i) =>
      buildSubject({ partyId: `P-${String(i).padStart(3, '0')}`, heldProductCodes: i % 3 === 0 ? ['MORTGAGE'] : [], riskTolerance: ((i % 5) + 1) as RiskScale }),
    );
    const ranker = createScopeRanker(rules, CATALOGUE, policyWith(), 5);
    for (let i = 0; i < subjects.length; i += 7) ranker.addAll(subjects.slice(i, i + 7));

    expect(ranker.result()).toEqual(rankScope(subjects, rules, CATALOGUE, policyWith(), 5));
  });
});
