/**
 * json-rules-engine itself, used plainly: the reference the compiled evaluator is proven equal to.
 *
 * A fresh Engine per call: one Engine must never be shared between concurrent runs (its single
 * `status` field makes concurrent runs drop rules, and after a rejected run the next run returns no
 * events). The conditions are deep-copied first because json-rules-engine writes into the objects it
 * is given (a fact condition's `priority` is replaced by `parseInt(priority, 10)`).
 */
import { Engine } from 'json-rules-engine';
import type { FactMap, TopLevelCondition } from '../types';
import { cloneJson } from './clone';

export interface ReferenceOptions {
  allowUndefinedFacts?: boolean;
  /** Named conditions, given to the Engine with `setCondition`. */
  namedConditions?: ReadonlyMap<string, unknown>;
}

function newEngine(options: ReferenceOptions): Engine {
  const engine = new Engine([], { allowUndefinedFacts: options.allowUndefinedFacts ?? false });
  for (const [name, conditions] of options.namedConditions ?? []) engine.setCondition(name, cloneJson(conditions) as any);
  return engine;
}

/** True when json-rules-engine fires a rule with these conditions for these facts; rejects where it rejects. */
export async function referenceEvaluate(
  conditions: TopLevelCondition,
  facts: FactMap,
  options: ReferenceOptions = {},
): Promise<boolean> {
  const engine = newEngine(options);
  engine.addRule({ conditions: cloneJson(conditions) as any, event: { type: 'fired' } });
  const { events } = await engine.run(facts as Record<string, any>);
  return events.length > 0;
}

export interface ReferenceRule {
  id: string;
  /** json-rules-engine's rule priority (higher runs first); does not change which rules fire. */
  priority?: number;
  conditions: TopLevelCondition;
}

/**
 * The ids of the rules json-rules-engine fires for these facts, in the order of `rules`: one fresh
 * Engine holding all the rules, one run. Rejects (losing every rule) when any rule's run rejects.
 */
export async function referenceFiredRules(rules: readonly ReferenceRule[], facts: FactMap, options: ReferenceOptions = {}): Promise<string[]> {
  const engine = newEngine(options);
  for (const rule of rules) {
    engine.addRule({
      conditions: cloneJson(rule.conditions) as any,
      event: { type: rule.id },
      ...(rule.priority !== undefined ? { priority: rule.priority } : {}),
    });
  }
  const { events } = await engine.run(facts as Record<string, any>);
  const fired = new Set(events.map((event) => event.type));
  return rules.filter((rule) => fired.has(rule.id)).map((rule) => rule.id);
}
