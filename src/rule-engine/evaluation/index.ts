/**
 * Condition evaluation: the contract the rest of the service uses.
 *
 * `compileConditions` compiles a rule's conditions (json-rules-engine 7.3.1 syntax) once into plain
 * closures that evaluate synchronously with json-rules-engine's exact meaning — the same booleans,
 * and an error exactly where json-rules-engine's run would reject. A differential property test
 * (test/unit/rule-engine/evaluation-differential.spec.ts) holds it to `referenceEvaluate`, which is
 * json-rules-engine itself. Notes on the edges are in compile.ts, operators.ts and paths.ts.
 *
 * Deliberate differences, all outside json-rules-engine's normal use:
 * - an unknown operator fails when compiling (UnknownOperatorError); json-rules-engine rejects only
 *   when the condition is evaluated;
 * - a fact value that is a function (a dynamic fact to json-rules-engine) throws
 *   UnsupportedFactValueError: fact maps are plain data.
 */
import type { ConditionLeaf, ConditionTrace, FactMap, TopLevelCondition } from '../types';
import { compileRoot } from './compile';
import { asFactMap } from './paths';

export { InvalidConditionError, UndefinedFactError, UnknownOperatorError, UnsupportedFactValueError } from './errors';
export { referenceEvaluate, referenceFiredRules, type ReferenceOptions, type ReferenceRule } from './reference';

export interface EvaluateOptions {
  /** Like json-rules-engine's option: an undefined fact reads as undefined instead of throwing. */
  allowUndefinedFacts?: boolean;
  /** Named conditions that `{ "condition": name }` references stand for (json-rules-engine's `setCondition`). */
  namedConditions?: ReadonlyMap<string, unknown>;
}

export interface CompiledConditions {
  /** True when the conditions hold for these facts. Synchronous and free of shared state. */
  evaluate(facts: FactMap): boolean;
  /**
   * Evaluates every branch (no short-circuit) and returns the decided tree with fact values. The
   * result and any error are json-rules-engine's; a branch json-rules-engine would not evaluate
   * (a lower-priority group after the outcome was decided) is still traced, and a condition there
   * that cannot be evaluated (a missing fact, a throwing operator) is traced as false.
   */
  explain(facts: FactMap): ConditionTrace;
  /**
   * The leaf conditions as written, in document order: a trace's fact nodes, in order, are these
   * leaves (so a leaf's position names it in stored explanations).
   */
  leaves(): readonly ConditionLeaf[];
}

/**
 * Compiles once; the returned evaluator holds no mutable state and may be used by any number of
 * concurrent evaluations. Throws InvalidConditionError where json-rules-engine refuses the rule and
 * UnknownOperatorError for an operator json-rules-engine does not know.
 */
export function compileConditions(conditions: TopLevelCondition, options: EvaluateOptions = {}): CompiledConditions {
  const root = compileRoot(conditions, {
    allowUndefinedFacts: Boolean(options.allowUndefinedFacts),
    ...(options.namedConditions ? { namedConditions: options.namedConditions } : {}),
  });
  const evaluateRoot = root.evaluate;
  const explainRoot = root.explain;
  return Object.freeze({
    evaluate: (facts: FactMap): boolean => evaluateRoot(asFactMap(facts)),
    explain: (facts: FactMap): ConditionTrace => explainRoot(asFactMap(facts)),
    leaves: root.leaves,
  });
}
