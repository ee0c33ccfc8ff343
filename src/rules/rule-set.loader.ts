import { FileSystemRuleSource, loadRuleSet, type RuleProduct, type RuleSet, type RuleSetLoadResult } from '../rule-engine/rules';

/** The immutable rule set the service serves (the core's RuleSet). */
export type ServingRuleSet = RuleSet;

/**
 * Reads and validates every rule file of `directory` against the database's products.
 * `location` is how errors name the directory (RULES_DIR as configured, e.g. `rules`).
 */
export function loadRuleSetFromDirectory(directory: string, location: string, products: readonly RuleProduct[]): Promise<RuleSetLoadResult> {
  return loadRuleSet(new FileSystemRuleSource(directory, location), { products });
}
