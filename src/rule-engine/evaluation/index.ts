/**
 * Condition evaluation: the contract the rest of the service uses.
 *
 * PROVISIONAL implementation: a plain interpreter with json-rules-engine's meaning. It is being
 * replaced by a compiled evaluator proven equal to json-rules-engine by a differential test; the
 * exported signatures below are the contract and stay.
 */
import { Engine } from 'json-rules-engine';
import type { ConditionNode, ConditionTrace, FactCondition, FactMap, TopLevelCondition } from '../types';

export interface EvaluateOptions {
  /** Like json-rules-engine's option: an undefined fact reads as undefined instead of throwing. */
  allowUndefinedFacts?: boolean;
}

export interface CompiledConditions {
  /** True when the conditions hold for these facts. Synchronous and free of shared state. */
  evaluate(facts: FactMap): boolean;
  /** Evaluates every branch (no short-circuit) and returns the decided tree with fact values. */
  explain(facts: FactMap): ConditionTrace;
}

export class UndefinedFactError extends Error {
  readonly code = 'UNDEFINED_FACT';
  constructor(readonly fact: string) {
    super(`Undefined fact: ${fact}`);
  }
}

function isFactCondition(node: ConditionNode): node is FactCondition {
  return (node as FactCondition).fact !== undefined && (node as FactCondition).operator !== undefined;
}

function resolvePath(value: unknown, path: string | undefined): unknown {
  if (!path) return value;
  if (value === null || typeof value !== 'object') return value;
  const parts = path.replace(/^\$\.?/, '').split('.').filter(Boolean);
  let current: unknown = value;
  for (const part of parts) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function readFact(facts: FactMap, name: string, path: string | undefined, options: EvaluateOptions): unknown {
  if (!Object.prototype.hasOwnProperty.call(facts, name)) {
    if (options.allowUndefinedFacts) return undefined;
    throw new UndefinedFactError(name);
  }
  return resolvePath(facts[name], path);
}

const isNumberLike = (v: unknown): boolean => Number.parseFloat(v as string).toString() !== 'NaN';

function applyOperator(operator: string, a: any, b: any): boolean {
  switch (operator) {
    case 'equal':
      return a === b;
    case 'notEqual':
      return a !== b;
    case 'in':
      return b.indexOf(a) > -1;
    case 'notIn':
      return b.indexOf(a) === -1;
    case 'contains':
      return Array.isArray(a) && a.indexOf(b) > -1;
    case 'doesNotContain':
      return Array.isArray(a) && a.indexOf(b) === -1;
    case 'lessThan':
      return isNumberLike(a) && a < b;
    case 'lessThanInclusive':
      return isNumberLike(a) && a <= b;
    case 'greaterThan':
      return isNumberLike(a) && a > b;
    case 'greaterThanInclusive':
      return isNumberLike(a) && a >= b;
    default:
      throw new Error(`Unknown operator: ${operator}`);
  }
}

function explainNode(node: ConditionNode, facts: FactMap, options: EvaluateOptions): ConditionTrace {
  if (isFactCondition(node)) {
    const factValue = readFact(facts, node.fact, node.path, options);
    let value = node.value;
    if (value !== null && typeof value === 'object' && 'fact' in (value as object)) {
      const ref = value as { fact: string; path?: string };
      value = readFact(facts, ref.fact, ref.path, options);
    }
    return {
      kind: 'fact',
      result: applyOperator(node.operator, factValue, value),
      fact: node.fact,
      ...(node.path !== undefined ? { path: node.path } : {}),
      ...(node.name !== undefined ? { name: node.name } : {}),
      operator: node.operator,
      value,
      factValue,
    };
  }
  if ('all' in node) {
    const children = node.all.map((c) => explainNode(c, facts, options));
    return { kind: 'all', result: children.every((c) => c.result), children };
  }
  if ('any' in node) {
    const children = node.any.map((c) => explainNode(c, facts, options));
    return { kind: 'any', result: children.length === 0 || children.some((c) => c.result), children };
  }
  const child = explainNode(node.not, facts, options);
  return { kind: 'not', result: !child.result, children: [child] };
}

export function compileConditions(conditions: TopLevelCondition, options: EvaluateOptions = {}): CompiledConditions {
  return {
    evaluate: (facts) => explainNode(conditions, facts, options).result,
    explain: (facts) => explainNode(conditions, facts, options),
  };
}

/**
 * json-rules-engine itself, used plainly: a fresh Engine per call (one Engine must never be shared
 * between concurrent runs, see stack-facts). The reference for differential tests and benchmarks.
 */
export async function referenceEvaluate(
  conditions: TopLevelCondition,
  facts: FactMap,
  options: EvaluateOptions = {},
): Promise<boolean> {
  const engine = new Engine([], { allowUndefinedFacts: options.allowUndefinedFacts ?? false });
  engine.addRule({ conditions: conditions as any, event: { type: 'fired' } });
  const { events } = await engine.run(facts as Record<string, any>);
  return events.length > 0;
}
