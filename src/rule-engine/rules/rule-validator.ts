/**
 * The rule validator: every problem of every rule file at once, as typed, serialisable errors.
 *
 * Order of work per file: JSON syntax → file envelope (schema) → per rule: schema (fields, types,
 * ranges), product and audience, conditions against the fact catalogue, reason placeholders,
 * examples (presence, facts, then running them), duplicate ids across files.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { compileConditions, type CompiledConditions, type EvaluateOptions } from '../evaluation';
import { LINKAGES, type Linkage, type TopLevelCondition } from '../types';
import { checkConditions, checkExampleFacts, describeValue, isPlainObject, referencedConditions, type NamedConditionStates, type Report } from './condition-checks';
import { parseJson } from './json-syntax';
import { parseReasonPlaceholders } from './reason';
import { LINKAGE_AUDIENCE, RULE_DEFAULTS, type LoadedRule, type RuleDefinition, type RuleExample, type RuleProduct } from './rule-definition';
import { RuleErrorCode, pointer, type RuleError } from './rule-errors';
import { describeFailure, runRuleExamples, type ExampleSubject } from './rule-examples';
import { CONDITION_NAME_PATTERN, RULE_ID_PATTERN, buildRuleSchema } from './rule-schema';
import type { RuleFile } from './rule-source';

export interface RuleValidationOptions {
  /** The products rules may offer: the database's in the service, PRODUCT_CATALOGUE in the CLIs. */
  products: readonly RuleProduct[];
  /** The rules directory as given (`rules`): errors name files `<location>/<path>`. Default `rules`. */
  location?: string;
  /** Run every example and report contradictions (default true; the example runner turns it off). */
  checkExamples?: boolean;
  /** Accept a directory without rule files (default false: an empty rule set is reported). */
  allowEmpty?: boolean;
  /** How the compiled conditions treat undefined facts (default: they throw). */
  evaluateOptions?: EvaluateOptions;
}

export interface RuleValidationResult {
  /** Every error, in file order (files sorted by path). */
  errors: RuleError[];
  /** The rules without any error, defaults applied and conditions compiled (file order). */
  rules: LoadedRule[];
  /** Every rule whose id, conditions and examples are usable, even with other errors: what the example runner runs. */
  runnable: ExampleSubject[];
}

interface Validators {
  ruleList: ValidateFunction;
  singleRule: ValidateFunction;
  conditionFile: ValidateFunction;
  rule: ValidateFunction;
}

let validators: Validators | undefined;

function getValidators(): Validators {
  if (!validators) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false });
    ajv.addSchema(buildRuleSchema({ mode: 'structural' }), 'rule-file');
    const compile = (name: string) => ajv.compile({ $ref: `rule-file#/definitions/${name}` });
    validators = { ruleList: compile('ruleList'), singleRule: compile('singleRule'), conditionFile: compile('conditionFile'), rule: compile('rule') };
  }
  return validators;
}

const KEBAB = new RegExp(RULE_ID_PATTERN);

/** One ajv error as a rule error message, with the pointer it belongs to. */
function schemaProblem(error: ErrorObject): { at: string; message: string } | undefined {
  const at = error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'if':
      return undefined; // the failing then/else branch reports the cause
    case 'required':
      return { at, message: `missing required property "${String(params.missingProperty)}"` };
    case 'additionalProperties':
      return { at: pointer(at, String(params.additionalProperty)), message: `unknown property "${String(params.additionalProperty)}"` };
    case 'type': {
      const type = String(params.type);
      return { at, message: `must be ${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}, but the value is ${describeValue(error.data)}` };
    }
    case 'enum':
      return { at, message: `must be one of ${(params.allowedValues as unknown[]).join(', ')}, but the value is ${JSON.stringify(error.data)}` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { at, message: `must be ${String(params.comparison)} ${String(params.limit)}, but the value is ${JSON.stringify(error.data)}` };
    case 'minLength':
      return { at, message: 'must not be empty' };
    case 'minItems':
      return { at, message: `must have at least ${String(params.limit)} ${params.limit === 1 ? 'item' : 'items'}` };
    case 'uniqueItems':
      return { at, message: `has duplicate items (${String(params.j)} and ${String(params.i)})` };
    case 'pattern':
      if (error.schema === RULE_ID_PATTERN) return { at, message: `must be kebab-case (lower-case words joined by "-"), but the value is ${JSON.stringify(error.data)}` };
      return { at, message: `must match ${String(params.pattern)}, but the value is ${JSON.stringify(error.data)}` };
    default:
      return { at, message: error.message ?? error.keyword };
  }
}

/** What a rule file holds: several rules (and maybe named conditions), one rule, or named conditions only. */
export type RuleFileKind = 'ruleList' | 'singleRule' | 'conditionFile';

/** `{"rules": [...]}` is a list; an object of only `conditions` (and `$schema`) holds named conditions; anything else is one rule. */
export function ruleFileKind(root: Record<string, unknown>): RuleFileKind {
  if (Object.prototype.hasOwnProperty.call(root, 'rules')) return 'ruleList';
  const keys = Object.keys(root);
  return keys.includes('conditions') && keys.every((k) => k === 'conditions' || k === '$schema') ? 'conditionFile' : 'singleRule';
}

/**
 * The named conditions of rule files (name → body), for compiling stored rule set versions; a file
 * that does not parse and a duplicate name (the first wins) are skipped: the validator reports them.
 */
export function namedConditionsOf(files: readonly { content: string }[]): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const file of files) {
    let root: unknown;
    try {
      root = JSON.parse(file.content);
    } catch {
      continue;
    }
    if (!isPlainObject(root) || ruleFileKind(root) === 'singleRule' || !isPlainObject(root.conditions)) continue;
    for (const [name, body] of Object.entries(root.conditions)) if (!out.has(name)) out.set(name, body);
  }
  return out;
}

interface NamedDefinition {
  file: string;
  at: string;
  body: unknown;
  /** Errors of its own body (reported at the definition). */
  broken: boolean;
}

const CONDITION_NAME = new RegExp(CONDITION_NAME_PATTERN);

/**
 * Collects and checks the named conditions of every file: names, duplicates, each body against the
 * catalogue, circles. Returns what references may find and the usable ones for compiling.
 */
function checkNamedConditions(
  sources: readonly { file: string; root: Record<string, unknown> }[],
  errors: RuleError[],
): { states: NamedConditionStates; usable: Map<string, unknown> } {
  const definitions = new Map<string, NamedDefinition>();
  for (const { file, root } of sources) {
    if (ruleFileKind(root) === 'singleRule' || !isPlainObject(root.conditions)) continue; // the schema reports a non-object
    for (const [name, body] of Object.entries(root.conditions)) {
      const at = pointer('/conditions', name);
      if (!CONDITION_NAME.test(name)) {
        errors.push({ file, jsonPath: at, code: RuleErrorCode.INVALID_STRUCTURE, message: `a condition name starts with a letter, then letters, digits, "-" or "_", but the name is ${JSON.stringify(name)}` });
        continue;
      }
      const first = definitions.get(name);
      if (first) {
        errors.push({ file, jsonPath: at, code: RuleErrorCode.DUPLICATE_CONDITION, message: `duplicate condition "${name}": first defined in ${first.file} at ${first.at}` });
        continue;
      }
      definitions.set(name, { file, at, body, broken: false });
    }
  }
  // each body: known names only (usability is settled below)
  const known: NamedConditionStates = { get: (name) => (definitions.has(name) ? {} : undefined) };
  for (const definition of definitions.values()) {
    const before = errors.length;
    checkConditions(definition.body, (jsonPath, code, message) => errors.push({ file: definition.file, jsonPath, code, message }), known, definition.at);
    definition.broken = errors.length > before;
  }
  // circles: a depth-first walk; every name on a circle is reported at its definition
  const circleOf = new Map<string, string[]>();
  const done = new Set<string>();
  const visit = (name: string, stack: string[]): void => {
    const at = stack.indexOf(name);
    if (at >= 0) {
      const members = stack.slice(at);
      members.forEach((member, j) => {
        if (!circleOf.has(member)) circleOf.set(member, [...members.slice(j), ...members.slice(0, j), member]);
      });
      return;
    }
    const definition = definitions.get(name);
    if (!definition || done.has(name)) return;
    for (const next of referencedConditions(definition.body)) visit(next, [...stack, name]);
    done.add(name);
  };
  for (const name of definitions.keys()) visit(name, []);
  for (const [name, circle] of circleOf) {
    const definition = definitions.get(name)!;
    errors.push({ file: definition.file, jsonPath: definition.at, code: RuleErrorCode.CIRCULAR_CONDITION, message: `condition "${name}" refers to itself: ${circle.join(' → ')}` });
  }
  // usable: its own body is fine, it is on no circle, and so is everything it refers to
  const usableMemo = new Map<string, boolean>();
  const usable = (name: string, seen: Set<string>): boolean => {
    if (usableMemo.has(name)) return usableMemo.get(name)!;
    const definition = definitions.get(name);
    if (!definition || definition.broken || circleOf.has(name) || seen.has(name)) return false;
    seen.add(name);
    const ok = [...referencedConditions(definition.body)].every((next) => usable(next, seen));
    usableMemo.set(name, ok);
    return ok;
  };
  const states: NamedConditionStates = {
    get(name) {
      const definition = definitions.get(name);
      if (!definition) return undefined;
      const circle = circleOf.get(name);
      if (circle) return { code: RuleErrorCode.CIRCULAR_CONDITION, problem: `condition "${name}" refers to itself: ${circle.join(' → ')}` };
      if (!usable(name, new Set())) {
        return { code: RuleErrorCode.INVALID_CONDITION, problem: `condition "${name}" cannot be used: see the errors of ${definition.file} at ${definition.at} and of the conditions it refers to` };
      }
      return {};
    },
  };
  const compiled = new Map<string, unknown>();
  for (const [name, definition] of definitions) if (usable(name, new Set())) compiled.set(name, structuredClone(definition.body));
  return { states, usable: compiled };
}

interface RuleContext {
  file: string;
  /** Pointer of the rule in its file (`/rules/2`, or '' for a single-rule file). */
  base: string;
  raw: Record<string, unknown>;
}

/** Validates rule files (paths relative to the rules directory) and compiles the valid rules. */
export function validateRuleFiles(files: readonly RuleFile[], options: RuleValidationOptions): RuleValidationResult {
  const location = (options.location ?? 'rules').replace(/\\/g, '/').replace(/\/+$/, '');
  const checkExamples = options.checkExamples ?? true;
  const products = new Map(options.products.map((p) => [p.code, p]));
  const { ruleList, singleRule, conditionFile, rule: ruleValidator } = getValidators();
  const errors: RuleError[] = [];
  const rules: LoadedRule[] = [];
  const runnable: ExampleSubject[] = [];
  const seen = new Map<string, { file: string; base: string }>();
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  if (sorted.length === 0 && !options.allowEmpty) {
    errors.push({ file: location || '.', jsonPath: '', code: RuleErrorCode.NO_RULES, message: 'no rule files (*.json) in the rules directory' });
  }

  const fileErrors = (file: string) => (error: ErrorObject) => {
    const problem = schemaProblem(error);
    if (problem) errors.push({ file, jsonPath: problem.at, code: RuleErrorCode.INVALID_STRUCTURE, message: problem.message });
  };

  const checkRule = ({ file, base, raw }: RuleContext, validate: ValidateFunction): void => {
    const ruleId = typeof raw.id === 'string' ? raw.id : undefined;
    const own: RuleError[] = [];
    const report: Report = (jsonPath, code, message) =>
      own.push(ruleId !== undefined ? { file, ruleId, jsonPath, code, message } : { file, jsonPath: base + jsonPath, code, message });

    if (!validate(raw)) {
      for (const error of validate.errors ?? []) {
        const problem = schemaProblem(error);
        if (problem) report(problem.at, RuleErrorCode.INVALID_STRUCTURE, problem.message);
      }
    }

    // product and audience
    if (typeof raw.product === 'string') {
      const product = products.get(raw.product);
      if (!product) report('/product', RuleErrorCode.UNKNOWN_PRODUCT, `unknown product "${raw.product}"`);
      else if ((LINKAGES as readonly unknown[]).includes(raw.linkage)) {
        const needed = LINKAGE_AUDIENCE[raw.linkage as Linkage];
        if (product.audience !== needed) {
          report('/product', RuleErrorCode.AUDIENCE_MISMATCH, `linkage ${String(raw.linkage)} needs a ${needed} product, but "${product.code}" is a ${product.audience} product`);
        }
      }
    }

    // conditions
    const before = own.length;
    checkConditions(raw.conditions, report, named.states);
    const conditionsValid = own.length === before;

    // reason placeholders
    if (typeof raw.reason === 'string') {
      for (const placeholder of parseReasonPlaceholders(raw.reason)) {
        if (!placeholder.spec) report('/reason', RuleErrorCode.UNKNOWN_PLACEHOLDER, `unknown placeholder "${placeholder.raw}"`);
      }
    }

    // examples: presence and facts
    const examples: RuleExample[] = [];
    if (raw.examples === undefined) {
      report('', RuleErrorCode.MISSING_EXAMPLE, 'no examples: give one where the rule fires (expect: true) and one where it does not (expect: false)');
    } else if (Array.isArray(raw.examples)) {
      raw.examples.forEach((example, i) => {
        if (!isPlainObject(example)) return;
        checkExampleFacts(example.facts, pointer('/examples', i, 'facts'), report);
        if (typeof example.expect === 'boolean' && (example.facts === undefined || isPlainObject(example.facts))) {
          examples.push({
            name: typeof example.name === 'string' ? example.name : `#${i + 1}`,
            facts: (example.facts ?? {}) as RuleExample['facts'],
            expect: example.expect,
          });
        }
      });
      if (!raw.examples.some((e) => isPlainObject(e) && e.expect === true)) {
        report('/examples', RuleErrorCode.MISSING_EXAMPLE, 'no example where the rule fires (expect: true)');
      }
      if (!raw.examples.some((e) => isPlainObject(e) && e.expect === false)) {
        report('/examples', RuleErrorCode.MISSING_EXAMPLE, 'no example where the rule does not fire (expect: false)');
      }
    }

    // run the examples
    let compiled: CompiledConditions | undefined;
    if (conditionsValid) {
      compiled = compileConditions(raw.conditions as TopLevelCondition, { ...options.evaluateOptions, namedConditions: named.usable });
      const allExamplesUsable = Array.isArray(raw.examples) && examples.length === raw.examples.length;
      if (ruleId !== undefined && allExamplesUsable) runnable.push({ id: ruleId, file, examples, conditions: compiled });
      if (checkExamples) {
        const subject: ExampleSubject = { id: ruleId ?? '', file, examples, conditions: compiled };
        const indexes = Array.isArray(raw.examples) ? raw.examples.map((e, i) => (isPlainObject(e) && typeof e.expect === 'boolean' ? i : -1)).filter((i) => i >= 0) : [];
        for (const outcome of runRuleExamples(subject)) {
          if (outcome.passed) continue;
          const code = outcome.error !== undefined ? RuleErrorCode.EXAMPLE_ERROR : RuleErrorCode.EXAMPLE_CONTRADICTS;
          report(pointer('/examples', indexes[outcome.index] ?? outcome.index), code, describeFailure(outcome));
        }
      }
    }

    // duplicate ids
    if (ruleId !== undefined) {
      const first = seen.get(ruleId);
      if (first) {
        const where = first.base ? `${first.file} at ${first.base}` : first.file;
        report('/id', RuleErrorCode.DUPLICATE_ID, `duplicate id "${ruleId}": first defined in ${where}`);
      } else {
        seen.set(ruleId, { file, base });
      }
    }

    errors.push(...own);
    if (own.length === 0 && compiled && ruleId !== undefined && KEBAB.test(ruleId)) {
      // A facade, so freezing the loaded rule never freezes the evaluator's own internals.
      const conditions: CompiledConditions = { evaluate: compiled.evaluate.bind(compiled), explain: compiled.explain.bind(compiled), leaves: compiled.leaves.bind(compiled) };
      rules.push({ id: ruleId, file, enabled: (raw.enabled as boolean | undefined) ?? RULE_DEFAULTS.enabled, definition: withDefaults(raw), conditions });
    }
  };

  // parse every file first: named conditions are shared by the rules of every file
  const parsedFiles: { file: string; root: Record<string, unknown> }[] = [];
  for (const source of sorted) {
    const file = location ? `${location}/${source.path}` : source.path;
    const parsed = parseJson(source.content);
    if (!parsed.ok) {
      errors.push({ file, jsonPath: '', code: RuleErrorCode.MALFORMED_JSON, message: `malformed JSON at line ${parsed.line}, column ${parsed.column}: ${parsed.message}` });
      continue;
    }
    const root = parsed.value;
    if (!isPlainObject(root)) {
      errors.push({ file, jsonPath: '', code: RuleErrorCode.INVALID_STRUCTURE, message: `a rule file holds one rule object or {"rules": [...]}, but the value is ${describeValue(root)}` });
      continue;
    }
    parsedFiles.push({ file, root });
  }
  const named = checkNamedConditions(parsedFiles, errors);

  for (const { file, root } of parsedFiles) {
    const kind = ruleFileKind(root);
    if (kind === 'conditionFile') {
      if (!conditionFile(root)) (conditionFile.errors ?? []).forEach(fileErrors(file));
    } else if (kind === 'ruleList') {
      if (!ruleList(root)) (ruleList.errors ?? []).forEach(fileErrors(file));
      if (Array.isArray(root.rules)) {
        root.rules.forEach((raw, i) => {
          if (isPlainObject(raw)) checkRule({ file, base: pointer('', 'rules', i), raw }, ruleValidator);
        });
      }
    } else {
      checkRule({ file, base: '', raw: root }, singleRule);
    }
  }
  return { errors, rules, runnable };
}

function withDefaults(raw: Record<string, unknown>): RuleDefinition {
  const examples = (raw.examples as Record<string, unknown>[]).map((e) => ({ name: e.name as string, facts: (e.facts ?? {}) as RuleExample['facts'], expect: e.expect as boolean }));
  return {
    id: raw.id as string,
    description: raw.description as string,
    linkage: raw.linkage as Linkage,
    product: raw.product as string,
    priority: (raw.priority as number | undefined) ?? RULE_DEFAULTS.priority,
    propensity: raw.propensity as number,
    lever: (raw.lever as number | undefined) ?? RULE_DEFAULTS.lever,
    enabled: (raw.enabled as boolean | undefined) ?? RULE_DEFAULTS.enabled,
    tags: [...((raw.tags as string[] | undefined) ?? RULE_DEFAULTS.tags)],
    conditions: structuredClone(raw.conditions) as TopLevelCondition,
    reason: raw.reason as string,
    examples,
  };
}
