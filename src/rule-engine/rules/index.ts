/** Rule files: schema, validation, loading, examples, reasons and generated docs. */
export { RuleErrorCode, RuleSetInvalidError, formatRuleError, type RuleError } from './rule-errors';
export { LINKAGE_AUDIENCE, RULE_DEFAULTS, type ExampleFacts, type LoadedRule, type RuleDefinition, type RuleExample, type RuleProduct } from './rule-definition';
export { RULE_ID_PATTERN, buildRuleSchema, ruleSchemaFileContent, type JsonSchema, type RuleSchemaMode, type RuleSchemaOptions } from './rule-schema';
export { namedConditionsOf, ruleFileKind, validateRuleFiles, type RuleFileKind, type RuleValidationOptions, type RuleValidationResult } from './rule-validator';
export { FileSystemRuleSource, InMemoryRuleSource, RULE_SCHEMA_FILE, RuleSourceError, type RuleFile, type RuleSource, type RuleSourceProblem } from './rule-source';
export { buildRuleSet, deepFreeze, loadRuleSet, loadRuleSetOrThrow, ruleSetVersion, type LoadRuleSetOptions, type RuleSet, type RuleSetLoadResult } from './rule-loader';
export { defaultReasonFormat, parseReasonPlaceholders, renderReason, type ReasonFormatter, type ReasonPlaceholder } from './reason';
export {
  decidingLeaves,
  describeCondition,
  describeFailure,
  exampleSubject,
  runExamples,
  runRuleExamples,
  type DecidingCondition,
  type ExampleOutcome,
  type ExampleRunReport,
  type ExampleSubject,
  type RuleExampleReport,
} from './rule-examples';
export { FACT_CATALOGUE_END, FACT_CATALOGUE_START, OPERATOR_MEANINGS, extractFactCatalogueSection, factCatalogueSection, renderFactCatalogueMarkdown, rulesReadmeTemplate, updateRulesReadme } from './rules-readme';
