import fc from 'fast-check';
import {
  compareOffers,
  rankScope,
  TopK,
  type DecisionProduct,
  type DecisionRule,
  type Rankable,
  type Subject,
} from '../../../src/rule-engine/decision';
import { compileConditions } from '../../../src/rule-engine/evaluation';

// Small ranges on purpose: many ties, so every tie-break key is exercised.
const rankable = fc.record({
  score: fc.integer({ min: 0, max: 5 }),
  value: fc.integer({ min: 0, max: 3 }),
  ruleId: fc.constantFrom('r1', 'r2', 'r3'),
  partyId: fc.constantFrom('p1', 'p2', 'p3', 'p4'),
});

describe('TopK', () => {
  it('keeps exactly the first K of a full sort, on random data', () => {
    fc.assert(
      fc.property(fc.array(rankable, { maxLength: 200 }), fc.integer({ min: 0, max: 30 }), (items, k) => {
        const heap = new TopK<Rankable>(k, compareOffers);
        for (const item of items) heap.push(item);

        expect(heap.toSortedArray()).toEqual([...items].sort(compareOffers).slice(0, k));
      }),
      { numRuns: 500 },
    );
  });

  it('never holds more than K items', () => {
    const heap = new TopK<number>(3, (a, b) => b - a);
    for (let i = 0; i < 100; i++) heap.push(i);

    expect(heap.size).toBe(3);
    expect(heap.toSortedArray()).toEqual([99, 98, 97]);
  });

  it('keeps nothing when K is 0', () => {
    const heap = new TopK<number>(0, (a, b) => b - a);

    expect(heap.push(1)).toBe(false);
    expect(heap.toSortedArray()).toEqual([]);
  });

  it('rejects a K that is not a whole number', () => {
    expect(() => new TopK<number>(-1, (a, b) => a - b)).toThrow(RangeError);
  });
});

describe('rankScope', () => {
  const products: DecisionProduct[] = ['A', 'B', 'C'].map((code, i) => ({
    code,
    category: 'DEPOSIT',
    audience: 'PERSON',
    riskLevel: code === 'C' ? 3 : null,
    value: 100 * (i + 1),
    family: null,
    familyRank: null,
    active: true,
  }));
  const rule = (id: string, productCode: string, minScore: number): DecisionRule => ({
    id,
    description: id,
    linkage: 'EMPLOYEE_PROSPECT',
    productCode,
    priority: 1,
    propensity: 0.5,
    lever: 0,
    enabled: true,
    reason: id,
    conditions: compileConditions({ all: [{ fact: 'person', path: '$.score', operator: 'greaterThanInclusive', value: minScore }] }),
  });
  const rules = [rule('a', 'A', 1), rule('b', 'B', 3), rule('c', 'C', 5)];
  const subject = (i: number, score: number, overrides: Partial<Subject> = {}): Subject => ({
    partyId: `P-${String(i).padStart(4, '0')}`,
    linkage: 'EMPLOYEE_PROSPECT',
    facts: { person: { score, age: 40 } },
    employmentCurrent: true,
    marketingConsent: true,
    doNotContact: false,
    riskTolerance: 3,
    riskAssessmentValid: true,
    heldProductCodes: [],
    declines: [],
    ...overrides,
  });
  const policy = { asOf: '2026-06-30' };

  it('ranks the same K subjects as deciding everyone and sorting by best offer, on random data', () => {
    const population = fc.array(
      fc.record({ score: fc.integer({ min: 0, max: 6 }), consent: fc.boolean(), tolerance: fc.constantFrom<1 | 3>(1, 3) }),
      { maxLength: 120 },
    );
    fc.assert(
      fc.property(population, fc.integer({ min: 0, max: 20 }), (people, k) => {
        const subjects = people.map((p, i) => subject(i, p.score, { marketingConsent: p.consent, riskTolerance: p.tolerance }));
        const ranking = rankScope(subjects, rules, products, policy, k);
        const expected = subjects
          .map((s) => rankScope([s], rules, products, policy, 1).top[0])
          .filter((r) => r !== undefined)
          .sort((x, y) => compareOffers(x.offers[0]!, y.offers[0]!))
          .slice(0, k)
          .map((r) => r.partyId);

        expect(ranking.top.map((r) => r.partyId)).toEqual(expected);
        expect(ranking.top.map((r) => r.rank)).toEqual(expected.map((_, i) => i + 1));
      }),
      { numRuns: 200 },
    );
  });

  it('counts subjects evaluated, with offers, and suppressed by stage', () => {
    const subjects = [
      subject(1, 6), // C and B fill both slots: A is not evaluated
      subject(2, 6, { riskTolerance: 1 }), // C above tolerance, B and A offered
      subject(3, 0), // no rule holds: 3 ineligible
      subject(4, 6, { doNotContact: true }), // skipped
      subject(5, 2, { heldProductCodes: ['A'] }), // C and B ineligible, A held
    ];
    const { summary } = rankScope(subjects, rules, products, { ...policy, maxOpenPerParty: 2 }, 10);

    expect(summary).toEqual({
      subjectsEvaluated: 5,
      subjectsWithOffers: 2,
      offersKept: 4,
      renewalOffers: 0,
      duplicates: 0,
      rulesSkipped: 1,
      suppressedByStage: { ELIGIBILITY: 5, APPLICABILITY: 1, AGE: 0, SUITABILITY: 1, CONSENT: 1, CREDIT_CONCENTRATION: 0, CONTACT_POLICY: 0 },
      suppressedByReason: { RISK_ABOVE_TOLERANCE: 1, DO_NOT_CONTACT: 1, ALREADY_HELD: 1 },
    });
  });
});
