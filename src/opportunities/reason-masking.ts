/**
 * What a corporate RM may see of an explanation: sensitive amounts (salary, income, assets,
 * balances, outflows) as bands, in the text and in the conditions alike. Pure functions.
 */
import { band } from '../common/privacy/bands';
import { findFactPath, type FactPathSpec } from '../rule-engine/facts/fact-catalogue';
import { defaultReasonFormat, renderReason, type ReasonFormatter } from '../rule-engine/rules';
import type { StoredReason } from './opportunity.entity';
import { factsFromValues } from './reason-storage';

function sensitivity(fact: string, path: string | undefined): FactPathSpec['sensitive'] {
  const spec = findFactPath(fact, path);
  return spec && 'sensitive' in spec ? spec.sensitive : undefined;
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
    text = renderReason(reason.template, factsFromValues(reason.values ?? {}), maskingFormat);
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
