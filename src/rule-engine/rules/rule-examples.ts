/**
 * Runs rule examples: each example's partial facts are shallow-merged per fact over the
 * catalogue's typical payroll employee (`exampleFacts`), the rule's conditions are explained on
 * them, and the outcome is compared with `expect`. The conditions that decided the outcome come
 * from the explanation tree.
 */
import type { CompiledConditions } from '../evaluation';
import { exampleFacts } from '../facts/fact-catalogue';
import type { ConditionTrace } from '../types';
import { subjectName } from './condition-checks';
import type { LoadedRule, RuleExample } from './rule-definition';

/** What the example runner needs of a rule. */
export interface ExampleSubject {
  id: string;
  file: string;
  examples: readonly RuleExample[];
  conditions: CompiledConditions;
}

export type LeafTrace = Extract<ConditionTrace, { kind: 'fact' }>;

/** A leaf condition that decided an outcome, with the values it saw. */
export interface DecidingCondition {
  fact: string;
  path?: string;
  operator: string;
  value: unknown;
  factValue: unknown;
  result: boolean;
  /** `holdings.categories doesNotContain "DEBIT_CARD" was true (fact value: [])` */
  text: string;
}

export interface ExampleOutcome {
  /** Position in the rule's `examples`. */
  index: number;
  name: string;
  expect: boolean;
  /** Whether the rule fired; null when the example could not be evaluated. */
  fired: boolean | null;
  passed: boolean;
  /** The leaf conditions that decided `fired`. */
  decidedBy: DecidingCondition[];
  /** Why the example could not be evaluated. */
  error?: string;
}

export interface RuleExampleReport {
  ruleId: string;
  file: string;
  passed: boolean;
  examples: ExampleOutcome[];
}

export interface ExampleRunReport {
  rules: RuleExampleReport[];
  /** Examples that passed / failed over all rules. */
  passed: number;
  failed: number;
}

/**
 * The leaves that decided a trace's result: for a true `all` every child, for a false one the
 * false children; for a true `any` the true children, for a false one every child; a `not` is
 * decided by its child.
 */
export function decidingLeaves(trace: ConditionTrace): LeafTrace[] {
  switch (trace.kind) {
    case 'fact':
      return [trace];
    case 'not':
      return decidingLeaves(trace.children[0]);
    case 'all':
      return (trace.result ? trace.children : trace.children.filter((c) => !c.result)).flatMap(decidingLeaves);
    case 'any':
      return (trace.result ? trace.children.filter((c) => c.result) : trace.children).flatMap(decidingLeaves);
  }
}

const short = (value: unknown): string => {
  const json = value === undefined ? 'undefined' : JSON.stringify(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
};

/** One line for a leaf: `employment.salaryPaidHere equal true was false (fact value: false)`. */
export function describeCondition(leaf: LeafTrace): string {
  return `${subjectName(leaf.fact, leaf.path)} ${leaf.operator} ${short(leaf.value)} was ${leaf.result} (fact value: ${short(leaf.factValue)})`;
}

function deciding(trace: ConditionTrace): DecidingCondition[] {
  return decidingLeaves(trace).map((leaf) => ({
    fact: leaf.fact,
    ...(leaf.path !== undefined ? { path: leaf.path } : {}),
    operator: leaf.operator,
    value: leaf.value,
    factValue: leaf.factValue,
    result: leaf.result,
    text: describeCondition(leaf),
  }));
}

/** Runs one rule's examples. */
export function runRuleExamples(subject: ExampleSubject): ExampleOutcome[] {
  return subject.examples.map((example, index) => {
    const name = example.name;
    try {
      const trace = subject.conditions.explain(exampleFacts(example.facts ?? {}));
      return { index, name, expect: example.expect, fired: trace.result, passed: trace.result === example.expect, decidedBy: deciding(trace) };
    } catch (error) {
      return { index, name, expect: example.expect, fired: null, passed: false, decidedBy: [], error: error instanceof Error ? error.message : String(error) };
    }
  });
}

/** `example "x" expects the rule to fire, but it does not; decided by: …` (for a failed outcome). */
export function describeFailure(outcome: ExampleOutcome): string {
  if (outcome.error !== undefined) return `example "${outcome.name}" could not be evaluated: ${outcome.error}`;
  const what = outcome.expect ? 'expects the rule to fire, but it does not' : 'expects the rule not to fire, but it fires';
  return `example "${outcome.name}" ${what}; decided by: ${outcome.decidedBy.map((d) => d.text).join('; ')}`;
}

/** The example subject of a loaded rule. */
export function exampleSubject(rule: LoadedRule): ExampleSubject {
  return { id: rule.id, file: rule.file, examples: rule.definition.examples, conditions: rule.conditions };
}

/** Runs the examples of every rule (loaded rules or bare subjects) and counts passed and failed examples. */
export function runExamples(rules: readonly (LoadedRule | ExampleSubject)[]): ExampleRunReport {
  const reports = rules.map((rule): RuleExampleReport => {
    const subject = 'definition' in rule ? exampleSubject(rule) : rule;
    const examples = runRuleExamples(subject);
    return { ruleId: subject.id, file: subject.file, passed: examples.every((e) => e.passed), examples };
  });
  const all = reports.flatMap((r) => r.examples);
  const passed = all.filter((e) => e.passed).length;
  return { rules: reports, passed, failed: all.length - passed };
}
