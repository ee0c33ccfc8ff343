/**
 * Shared types of the framework-free rule-engine core. Nothing here may import from
 * `@nestjs/*` or `typeorm`: the core takes rules and facts and returns matches with traces.
 */

/** Through which relationship an opportunity reaches its party. */
export const LINKAGES = ['EMPLOYEE_PROSPECT', 'EXECUTIVE_LEAD', 'CORPORATE_LEAD'] as const;
export type Linkage = (typeof LINKAGES)[number];

/** json-rules-engine's built-in operators (and the only ones a rule file may use). */
export const OPERATORS = [
  'equal',
  'notEqual',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
] as const;
export type OperatorName = (typeof OPERATORS)[number];

/** A value that compares against another fact instead of a literal (json-rules-engine syntax). */
export interface FactReference {
  fact: string;
  path?: string;
  params?: Record<string, unknown>;
}

/** A leaf condition in json-rules-engine syntax. */
export interface FactCondition {
  fact: string;
  operator: string;
  value: unknown;
  path?: string;
  params?: Record<string, unknown>;
  priority?: number;
  name?: string;
}

export interface AllCondition {
  all: ConditionNode[];
  priority?: number;
  name?: string;
}
export interface AnyCondition {
  any: ConditionNode[];
  priority?: number;
  name?: string;
}
export interface NotCondition {
  not: ConditionNode;
  priority?: number;
  name?: string;
}

export type ConditionNode = FactCondition | AllCondition | AnyCondition | NotCondition;
/** A rule's top-level condition: json-rules-engine requires all, any or not at the top. */
export type TopLevelCondition = AllCondition | AnyCondition | NotCondition;

/** Facts of one evaluation: fact name → value (plain data, no functions). */
export type FactMap = Record<string, unknown>;

/** The evaluated condition tree: what decided the outcome, with the fact values used. */
/**
 * A leaf condition of a rule as written, before any facts: the rule's fact conditions (and condition
 * references) in document order, which is the order of the fact nodes of every trace of the rule.
 */
export interface ConditionLeaf {
  fact: string;
  path: string | null;
  operator: string;
  /** The literal compared against; undefined when the value is a fact reference (`dynamic`). */
  value: unknown;
  dynamic: boolean;
  /** Under an odd number of `not`. */
  negated: boolean;
}

export type ConditionTrace =
  | { kind: 'all' | 'any'; result: boolean; name?: string; children: ConditionTrace[] }
  | { kind: 'not'; result: boolean; name?: string; children: [ConditionTrace] }
  | {
      kind: 'fact';
      result: boolean;
      name?: string;
      fact: string;
      path?: string;
      operator: string;
      /** The literal compared against, or the resolved value of a fact reference. */
      value: unknown;
      /** The fact value the operator saw (after `path`). */
      factValue: unknown;
    };
