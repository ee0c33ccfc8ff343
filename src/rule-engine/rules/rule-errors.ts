/**
 * Rule validation errors: typed, serialisable, all reported at once. Framework-free.
 *
 * The string form is `<file>: rule "<id>" at <json pointer>: <message>`, e.g.
 * `rules/wealth.json: rule "exec-private-banking" at /conditions/all/2/operator: unknown operator "greaterThen"`.
 */

/** What went wrong; stable strings (logs, CI output and API details carry them). */
export enum RuleErrorCode {
  /** The directory or a file could not be read. */
  UNREADABLE = 'UNREADABLE',
  /** The rules directory holds no rule file. */
  NO_RULES = 'NO_RULES',
  /** The file is not JSON (the message gives line and column). */
  MALFORMED_JSON = 'MALFORMED_JSON',
  /** The file or rule breaks the rule file schema (missing field, wrong type, unknown property …). */
  INVALID_STRUCTURE = 'INVALID_STRUCTURE',
  /** A condition, fact reference or example names a fact the catalogue does not have. */
  UNKNOWN_FACT = 'UNKNOWN_FACT',
  /** A path (or its absence) that the fact does not have. */
  UNKNOWN_PATH = 'UNKNOWN_PATH',
  /** An operator json-rules-engine does not provide. */
  UNKNOWN_OPERATOR = 'UNKNOWN_OPERATOR',
  /** A product code the product list does not have. */
  UNKNOWN_PRODUCT = 'UNKNOWN_PRODUCT',
  /** A CORPORATE product on a person linkage, or a PERSON product on CORPORATE_LEAD. */
  AUDIENCE_MISMATCH = 'AUDIENCE_MISMATCH',
  /** Two rules share an id (the message names both places). */
  DUPLICATE_ID = 'DUPLICATE_ID',
  /** The value (or operator) does not fit the catalogue type of the fact. */
  TYPE_MISMATCH = 'TYPE_MISMATCH',
  /** A string outside the enumerated values of the fact. */
  ENUM_VALUE = 'ENUM_VALUE',
  /** No conditions, or an empty `all`/`any` group. */
  EMPTY_RULE = 'EMPTY_RULE',
  /** A `{{fact.path}}` placeholder in `reason` that the catalogue does not have. */
  UNKNOWN_PLACEHOLDER = 'UNKNOWN_PLACEHOLDER',
  /** No example that fires, or none that does not. */
  MISSING_EXAMPLE = 'MISSING_EXAMPLE',
  /** An example whose evaluation differs from its `expect` (the message names the deciding conditions). */
  EXAMPLE_CONTRADICTS = 'EXAMPLE_CONTRADICTS',
  /** An example could not be evaluated at all. */
  EXAMPLE_ERROR = 'EXAMPLE_ERROR',
  /** A `{"condition": name}` reference to a named condition no file defines. */
  UNKNOWN_CONDITION = 'UNKNOWN_CONDITION',
  /** Named conditions that refer to each other in a circle (the message gives the circle). */
  CIRCULAR_CONDITION = 'CIRCULAR_CONDITION',
  /** Two named conditions share a name (the message names both places). */
  DUPLICATE_CONDITION = 'DUPLICATE_CONDITION',
  /** A reference to a named condition that has errors of its own (reported where it is defined). */
  INVALID_CONDITION = 'INVALID_CONDITION',
}

/** One problem in one rule file. Plain data: JSON.stringify gives a complete report. */
export interface RuleError {
  /** The file as the rules directory was given plus the file name (`rules/wealth.json`). */
  file: string;
  /** The rule's id, when the rule has a string id. */
  ruleId?: string;
  /**
   * JSON Pointer (RFC 6901) of the offending value: relative to the rule when `ruleId` is set,
   * otherwise relative to the file. Empty for the rule (or file) as a whole.
   */
  jsonPath: string;
  code: RuleErrorCode;
  /** What is wrong, for a rule author; never contains fact values of real customers. */
  message: string;
}

/** `rules/a.json: rule "x" at /conditions/all/0/fact: unknown fact "persn"` */
export function formatRuleError(error: RuleError): string {
  let where = error.file;
  if (error.ruleId !== undefined) {
    where += `: rule "${error.ruleId}"`;
    if (error.jsonPath) where += ` at ${error.jsonPath}`;
  } else if (error.jsonPath) {
    where += ` at ${error.jsonPath}`;
  }
  return `${where}: ${error.message}`;
}

/** Thrown by `loadRuleSetOrThrow`: carries every error, its message lists them one per line. */
export class RuleSetInvalidError extends Error {
  readonly code = 'RULES_INVALID';
  constructor(readonly errors: readonly RuleError[]) {
    super(`${errors.length} rule ${errors.length === 1 ? 'error' : 'errors'}:\n${errors.map(formatRuleError).join('\n')}`);
    this.name = 'RuleSetInvalidError';
  }
}

/** Appends a reference token to a JSON Pointer (escaping `~` and `/`). */
export function pointer(base: string, ...tokens: (string | number)[]): string {
  return tokens.reduce<string>((p, t) => `${p}/${String(t).replace(/~/g, '~0').replace(/\//g, '~1')}`, base);
}
