import { join } from 'node:path';
import { PRODUCT_CATALOGUE } from '../../../src/products/product-catalogue';
import {
  FileSystemRuleSource,
  InMemoryRuleSource,
  compileConditions,
  decidingLeaves,
  describeFailure,
  loadRuleSetOrThrow,
  runExamples,
  runRuleExamples,
  validateRuleFiles,
  type ConditionTrace,
} from '../../../src/rule-engine';

const VALID = join(__dirname, '../../fixtures/rules/valid');

describe('running rule examples', () => {
  it('passes every example of the valid fixture set, disabled rules included', async () => {
    const ruleSet = await loadRuleSetOrThrow(new FileSystemRuleSource(VALID), { products: PRODUCT_CATALOGUE });
    const report = runExamples(ruleSet.rules);
    expect(report.rules.map((r) => [r.ruleId, r.passed, r.examples.length])).toEqual([
      ['payroll-debit-card', true, 2],
      ['gold-card-high-earners', true, 3],
      ['pos-terminal-shops', true, 2],
      ['exec-private-banking', true, 3],
    ]);
    expect([report.passed, report.failed]).toEqual([10, 0]);
  });

  it('reports a failing example with the conditions that decided it', () => {
    const rule = {
      id: 'gold-card',
      description: 'High earners: gold card.',
      linkage: 'EMPLOYEE_PROSPECT',
      product: 'CREDIT_CARD_GOLD',
      propensity: 0.1,
      conditions: {
        all: [
          { fact: 'employment', path: '$.monthlySalary', operator: 'greaterThanInclusive', value: 6000 },
          { fact: 'person', path: '$.segment', operator: 'in', value: ['AFFLUENT', 'HIGH_NET_WORTH'] },
          { fact: 'person', path: '$.age', operator: 'greaterThan', value: 18 },
        ],
      },
      reason: 'Earns {{employment.monthlySalary}}.',
      examples: [
        { name: 'a high earner', facts: { employment: { monthlySalary: 7000 } }, expect: true },
        { name: 'the typical employee', facts: {}, expect: false },
      ],
    };
    const validation = validateRuleFiles([{ path: 'cards.json', content: JSON.stringify(rule) }], { products: PRODUCT_CATALOGUE, checkExamples: false });
    expect(validation.errors).toEqual([]);
    const report = runExamples(validation.runnable);
    expect([report.passed, report.failed]).toEqual([1, 1]);
    const failed = report.rules[0].examples[0];
    expect(failed).toMatchObject({ index: 0, name: 'a high earner', expect: true, fired: false, passed: false });
    expect(failed.decidedBy.map((d) => d.text)).toEqual(['person.segment in ["AFFLUENT","HIGH_NET_WORTH"] was false (fact value: "MASS")']);
    expect(describeFailure(failed)).toBe(
      'example "a high earner" expects the rule to fire, but it does not; decided by: person.segment in ["AFFLUENT","HIGH_NET_WORTH"] was false (fact value: "MASS")',
    );
    const passed = report.rules[0].examples[1];
    expect(passed.decidedBy.map((d) => d.fact + d.path)).toEqual(['employment$.monthlySalary', 'person$.segment']);
  });

  it('reports an example that cannot be evaluated instead of throwing', () => {
    const conditions = {
      evaluate: () => {
        throw new Error('boom');
      },
      explain: () => {
        throw new Error('boom');
      },
      leaves: () => [],
    };
    const [outcome] = runRuleExamples({ id: 'x', file: 'rules/x.json', examples: [{ name: 'any', facts: {}, expect: true }], conditions });
    expect(outcome).toMatchObject({ passed: false, fired: null, error: 'boom' });
    expect(describeFailure(outcome)).toBe('example "any" could not be evaluated: boom');
  });

  it('runs the examples of rules held in memory', async () => {
    const ruleSet = await loadRuleSetOrThrow(
      new InMemoryRuleSource({
        'a.json': JSON.stringify({
          id: 'dormant',
          description: 'Dormant payroll accounts: reactivate.',
          linkage: 'EMPLOYEE_PROSPECT',
          product: 'ACCOUNT_REACTIVATION',
          propensity: 0.2,
          conditions: { not: { fact: 'person', path: '$.isDormant', operator: 'equal', value: false } },
          reason: 'Dormant for {{person.dormantDays}} days.',
          examples: [
            { name: 'dormant', facts: { person: { isDormant: true, dormantDays: 120 } }, expect: true },
            { name: 'active', facts: {}, expect: false },
          ],
        }),
      }),
      { products: PRODUCT_CATALOGUE },
    );
    expect(runExamples(ruleSet.rules)).toMatchObject({ passed: 2, failed: 0 });
  });
});

describe('decidingLeaves', () => {
  const leaf = (fact: string, result: boolean): ConditionTrace => ({ kind: 'fact', fact, operator: 'equal', value: 1, factValue: result ? 1 : 0, result });

  it('takes the true children of a true any and every child of a false one', () => {
    expect(decidingLeaves({ kind: 'any', result: true, children: [leaf('a', false), leaf('b', true)] }).map((l) => l.fact)).toEqual(['b']);
    expect(decidingLeaves({ kind: 'any', result: false, children: [leaf('a', false), leaf('b', false)] }).map((l) => l.fact)).toEqual(['a', 'b']);
  });

  it('takes the false children of a false all and every child of a true one, through not', () => {
    const tree: ConditionTrace = {
      kind: 'all',
      result: false,
      children: [leaf('a', true), { kind: 'not', result: false, children: [leaf('b', true)] }, leaf('c', false)],
    };
    expect(decidingLeaves(tree).map((l) => l.fact)).toEqual(['b', 'c']);
    expect(decidingLeaves({ kind: 'all', result: true, children: [leaf('a', true), leaf('b', true)] }).map((l) => l.fact)).toEqual(['a', 'b']);
  });

  it('agrees with an explained tree from the evaluator', () => {
    const compiled = compileConditions({ any: [{ fact: 'person', path: '$.age', operator: 'greaterThan', value: 30 }, { fact: 'person', path: '$.age', operator: 'lessThan', value: 20 }] });
    const leaves = decidingLeaves(compiled.explain({ person: { age: 34 } }));
    expect(leaves.map((l) => [l.operator, l.result])).toEqual([['greaterThan', true]]);
  });
});
