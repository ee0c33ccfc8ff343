/**
 * How an opportunity's explanation is stored: compactly, by reference to its rule set version.
 *
 * A rule set version is immutable (its id is a hash of its files, which `rule_set_versions` keeps),
 * so everything an explanation takes from the rule — the reason template, each condition's fact,
 * path, operator and literal value — is stored once there, not on every opportunity. A row keeps
 * only what came from the person: the template's placeholder values and, for each deciding leaf
 * condition, its position among the rule's leaves, the fact value it saw, its result (and the value
 * compared against when that was itself a fact). A policy's own text (a risk-assessment renewal) is
 * kept as written. Expanding gives exactly the explanation the engine made (a test holds it to that).
 * About 140 bytes a row instead of 1 KB: a refresh writes less, the table is a seventh of the size.
 *
 * Rows written before this format (full explanations, with `conditions`) are read as they are.
 */
import { parseReasonPlaceholders, renderReason } from '../rule-engine/rules';
import type { OfferExplanation } from '../rule-engine/decision';
import type { RuleSet } from '../rule-engine/rules';
import type { ConditionLeaf, FactMap } from '../rule-engine/types';
import type { StoredReason } from './opportunity.entity';

/** What an explanation takes from its rule (one rule of one rule set version). */
export interface ExplanationParts {
  template: string;
  leaves: readonly ConditionLeaf[];
}

/** The stored form: `c` holds [leaf, factValue, result] or, for a fact-reference leaf, [leaf, factValue, result, value]. */
export interface CompactReason {
  ruleId: string;
  /** The template's placeholder values, in the template's order (catalogue placeholders only). */
  v?: unknown[];
  c: unknown[][];
  /** The text, for offers whose text is not the rule's template (policy offers). */
  t?: string;
}

const partsBySet = new WeakMap<RuleSet, ReadonlyMap<string, ExplanationParts>>();

/** Each rule's explanation parts (memoised per loaded rule set). */
export function explanationPartsOf(ruleSet: RuleSet): ReadonlyMap<string, ExplanationParts> {
  let parts = partsBySet.get(ruleSet);
  if (!parts) {
    parts = new Map(ruleSet.rules.map((r) => [r.id, { template: r.definition.reason, leaves: r.conditions.leaves() }]));
    partsBySet.set(ruleSet, parts);
  }
  return parts;
}

/** The placeholders whose values are kept (those the fact catalogue knows; others render as written). */
function keptPlaceholders(template: string) {
  return parseReasonPlaceholders(template).filter((p) => p.spec);
}

const keyOf = (p: { fact: string; path: string }) => `${p.fact}.${p.path.slice(2)}`;

function readPath(facts: FactMap, fact: string, path: string): unknown {
  let current: unknown = facts[fact];
  for (const part of path.slice(2).split('.')) current = current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[part] : undefined;
  return current;
}

/** The template's placeholder values, keyed `fact.path` (`employment.monthlySalary` → 4100). */
export function placeholderValues(template: string, facts: FactMap): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const p of keptPlaceholders(template)) values[keyOf(p)] = readPath(facts, p.fact, p.path);
  return values;
}

/** Facts rebuilt from placeholder values (nested paths nest again), for rendering the template. */
export function factsFromValues(values: Record<string, unknown>): Record<string, unknown> {
  const facts: Record<string, Record<string, unknown>> = {};
  for (const [key, value] of Object.entries(values)) {
    const [fact, ...parts] = key.split('.');
    let target = (facts[fact!] ??= {});
    for (const part of parts.slice(0, -1)) target = (target[part] ??= {}) as Record<string, unknown>;
    target[parts[parts.length - 1] ?? ''] = value;
  }
  return facts;
}

/** The stored form of an offer's explanation; `parts` are its rule's, from the rule set that explained it. */
export function compactReason(explanation: OfferExplanation, parts: ExplanationParts, facts: FactMap): CompactReason {
  const c = explanation.conditions.map((o) => (parts.leaves[o.leaf]?.dynamic ? [o.leaf, o.factValue, o.result, o.value] : [o.leaf, o.factValue, o.result]));
  if (explanation.source !== 'RULE') return { ruleId: explanation.ruleId, c, t: explanation.reasonText };
  return { ruleId: explanation.ruleId, v: keptPlaceholders(parts.template).map((p) => readPath(facts, p.fact, p.path)), c };
}

/** The full explanation, as rows stored it before the compact form: what expanding must give back (the tests hold it to this). */
export function fullReason(explanation: OfferExplanation, template: string | undefined, facts: FactMap): StoredReason {
  return {
    ruleId: explanation.ruleId,
    text: explanation.reasonText,
    ...(template ? { template, values: placeholderValues(template, facts) } : {}),
    conditions: explanation.conditions.map((c) => ({
      fact: c.fact,
      ...(c.path ? { path: c.path } : {}),
      operator: c.negated ? `not ${c.operator}` : c.operator,
      value: c.value,
      factValue: c.factValue,
      result: c.result,
    })),
  };
}

export const isCompactReason = (stored: CompactReason | StoredReason): stored is CompactReason => Array.isArray((stored as CompactReason).c);

/**
 * The explanation a stored reason stands for. Without its rule's parts (a rule set version whose
 * files can no longer be read) the reason says so, without figures, instead of failing the list.
 */
export function expandReason(stored: CompactReason | StoredReason, parts: ExplanationParts | undefined): StoredReason {
  if (!isCompactReason(stored)) return stored;
  if (!parts) {
    return { ruleId: stored.ruleId, text: stored.t ?? `Suggested by rule ${stored.ruleId} (its explanation is not available: the rule set version was not found).`, conditions: [] };
  }
  const conditions = stored.c.map(([leaf, factValue, result, value]) => {
    const shape = parts.leaves[leaf as number];
    if (!shape) return { fact: '', operator: 'condition', value: null, factValue, result: result as boolean };
    return {
      fact: shape.fact,
      ...(shape.path ? { path: shape.path } : {}),
      operator: shape.negated ? `not ${shape.operator}` : shape.operator,
      value: shape.dynamic ? value : shape.value,
      factValue,
      result: result as boolean,
    };
  });
  if (stored.t !== undefined) return { ruleId: stored.ruleId, text: stored.t, conditions };
  const placeholders = keptPlaceholders(parts.template);
  const values: Record<string, unknown> = {};
  placeholders.forEach((p, i) => (values[keyOf(p)] = stored.v?.[i] ?? null));
  return { ruleId: stored.ruleId, text: renderReason(parts.template, factsFromValues(values)), template: parts.template, values, conditions };
}
