/**
 * What a corporate RM may see of an explanation: sensitive amounts (salary, income, assets,
 * balances, outflows) as bands, in the text and in the conditions alike. Pure functions.
 */
import { band } from '../common/privacy/bands';
import { findFactPath, type FactPathSpec } from '../rule-engine/facts/fact-catalogue';
import { defaultReasonFormat, parseReasonPlaceholders, renderReason, type ReasonFormatter } from '../rule-engine/rules';
import type { FactMap } from '../rule-engine/types';
import type { StoredReason } from './opportunity.entity';

function sensitivity(fact: string, path: string | undefined): FactPathSpec['sensitive'] {
  const spec = findFactPath(fact, path);
  return spec && 'sensitive' in spec ? spec.sensitive : undefined;
}

/** The placeholder values a reason template used, keyed `fact.path`. */
export function placeholderValues(template: string, facts: FactMap): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const p of parseReasonPlaceholders(template)) {
    if (!p.spec) continue;
    let current: unknown = facts[p.fact];
    for (const part of p.path.slice(2).split('.')) current = current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[part] : undefined;
    values[`${p.fact}.${p.path.slice(2)}`] = current;
  }
  return values;
}

export const maskingFormat: ReasonFormatter = (value, placeholder) => {
  const kind = placeholder.spec?.sensitive;
  // Templates say "a month" themselves: the band alone reads "Salary of 3k–5k a month".
  return kind ? band(kind, value)?.replace(' / month', '') ?? 'unknown' : defaultReasonFormat(value, placeholder);
};

/** The reason as a corporate RM sees it. A stored reason without a template keeps no figures in its text. */
export function maskReason(reason: StoredReason): StoredReason {
  let text = reason.text;
  if (reason.template !== undefined) {
    const facts: Record<string, Record<string, unknown>> = {};
    for (const [key, value] of Object.entries(reason.values ?? {})) {
      const [fact, ...rest] = key.split('.');
      (facts[fact!] ??= {})[rest.join('.')] = value;
    }
    text = renderReason(reason.template, facts, maskingFormat);
  }
  return {
    ruleId: reason.ruleId,
    text,
    conditions: reason.conditions.map((c) => {
      const kind = sensitivity(c.fact, c.path);
      return kind ? { ...c, factValue: band(kind, c.factValue) } : c;
    }),
  };
}
