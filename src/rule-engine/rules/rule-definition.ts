/**
 * The rule model: a rule as written in a rule file, and as loaded (defaults applied, conditions
 * compiled). Framework-free.
 */
import type { CompiledConditions } from '../evaluation';
import type { Linkage, TopLevelCondition } from '../types';

/** Example facts: fact name → the paths to override (without `$.`), shallow-merged over `exampleFacts()`. */
export type ExampleFacts = Record<string, Record<string, unknown>>;

/** A runnable example: documentation that the checker proves. */
export interface RuleExample {
  /** Says what the example shows (`payroll employee without a card`). */
  name: string;
  /** Only what matters; everything else is the catalogue's typical payroll employee. */
  facts: ExampleFacts;
  /** True when the rule must fire for these facts. */
  expect: boolean;
}

/** A rule with the defaults applied. */
export interface RuleDefinition {
  id: string;
  description: string;
  linkage: Linkage;
  product: string;
  /** 1–100; json-rules-engine's rule priority. */
  priority: number;
  /** 0–1, the expected acceptance rate. */
  propensity: number;
  /** 0–10 business weight: score = propensity × product value × (1 + lever). */
  lever: number;
  enabled: boolean;
  tags: string[];
  conditions: TopLevelCondition;
  /** Template with `{{fact.path}}` placeholders. */
  reason: string;
  examples: RuleExample[];
}

/** Field defaults of the rule file format. */
export const RULE_DEFAULTS = Object.freeze({ priority: 1, lever: 0, enabled: true, tags: Object.freeze([]) as readonly string[] });

/** The products a rule may offer: the catalogue in CLIs, the database's products in the service. */
export interface RuleProduct {
  code: string;
  audience: 'PERSON' | 'CORPORATE';
}

/** Which product audience each linkage offers to. */
export const LINKAGE_AUDIENCE: Readonly<Record<Linkage, RuleProduct['audience']>> = Object.freeze({
  EMPLOYEE_PROSPECT: 'PERSON',
  EXECUTIVE_LEAD: 'PERSON',
  CORPORATE_LEAD: 'CORPORATE',
});

/** A rule ready for evaluation. Inside a `RuleSet` it is deep-frozen. */
export interface LoadedRule {
  readonly id: string;
  /** The file it came from (`rules/cards.json`). */
  readonly file: string;
  /** False for rules loaded with `"enabled": false`: kept (and checked) but not evaluated. */
  readonly enabled: boolean;
  readonly definition: RuleDefinition;
  readonly conditions: CompiledConditions;
}
