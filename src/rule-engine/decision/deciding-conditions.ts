/**
 * Flattens an evaluated condition tree to the leaf conditions that decided its outcome.
 *
 * A group's outcome is decided by the children that agree with it: every child of a true `all`,
 * the false children of a false `all`, the true children of a true `any`, every child of a false
 * `any`. A `not` is decided by what decided its child (the leaves are marked `negated`). Leaves that
 * did not matter (a false branch of a true `any`) are left out.
 */
import type { ConditionTrace } from '../types';
import type { ConditionOutcome } from './decision.types';

export function decidingConditions(trace: ConditionTrace): ConditionOutcome[] {
  const out: ConditionOutcome[] = [];
  collect(trace, false, true, { next: 0 }, out);
  return out;
}

/**
 * Every leaf is numbered in document order (`leaf`, the position among the rule's leaves, see
 * CompiledConditions.leaves), the ones that did not matter included; only deciding ones are kept.
 */
function collect(node: ConditionTrace, negated: boolean, deciding: boolean, counter: { next: number }, out: ConditionOutcome[]): void {
  if (node.kind === 'fact') {
    const leaf = counter.next++;
    if (!deciding) return;
    out.push({
      leaf,
      fact: node.fact,
      path: node.path ?? null,
      operator: node.operator,
      value: node.value,
      factValue: node.factValue,
      result: node.result,
      negated,
      name: node.name ?? null,
    });
    return;
  }
  if (node.kind === 'not') {
    collect(node.children[0], !negated, deciding, counter, out);
    return;
  }
  for (const child of node.children) collect(child, negated, deciding && child.result === node.result, counter, out);
}
