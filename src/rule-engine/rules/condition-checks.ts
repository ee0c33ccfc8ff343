/**
 * Semantic checks of a rule's conditions and example facts against the fact catalogue: structure
 * of the condition tree, known facts, paths and operators, and that every value fits the catalogue
 * type of the fact it is compared with.
 */
import { parseOperator } from '../evaluation/operators';
import { FACT_CATALOGUE, type FactPathSpec, type FactSpec } from '../facts/fact-catalogue';
import { OPERATORS, type OperatorName } from '../types';
import { RuleErrorCode, pointer } from './rule-errors';
import { CONDITION_KEYS, CONDITION_NAME_PATTERN } from './rule-schema';

/** What a `{"condition": name}` reference may find: the named conditions of the rule set. */
export interface NamedConditionStates {
  /** Undefined: no such name. `problem`: the named condition is unusable, and why (for the referrer). */
  get(name: string): { code: RuleErrorCode; problem: string } | { code?: undefined; problem?: undefined } | undefined;
}

const NO_NAMED_CONDITIONS: NamedConditionStates = { get: () => undefined };

/** Receives one problem: JSON Pointer relative to the rule, code, message. */
export type Report = (jsonPath: string, code: RuleErrorCode, message: string) => void;

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const has = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);

/** `person.age` for fact `person`, path `$.age`. */
export function subjectName(fact: string, path: string | undefined): string {
  return path ? `${fact}.${path.replace(/^\$\.?/, '')}` : fact;
}

/** `"30", a string` — a short rendering of a value with its JSON type. */
export function describeValue(value: unknown): string {
  let json = value === undefined ? 'undefined' : JSON.stringify(value);
  if (json.length > 60) json = `${json.slice(0, 57)}...`;
  return `${json}, ${typeName(value)}`;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'number':
      return 'a number';
    case 'string':
      return 'a string';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

function specTypeName(type: FactPathSpec['type']): string {
  return type === 'string[]' ? 'a list of strings' : type === 'number' ? 'a number' : type === 'string' ? 'a string' : 'a boolean';
}

const EQUALITY = new Set<OperatorName>(['equal', 'notEqual']);
const MEMBERSHIP = new Set<OperatorName>(['in', 'notIn']);
const CONTAINMENT = new Set<OperatorName>(['contains', 'doesNotContain']);
const ORDERING = new Set<OperatorName>(['lessThan', 'lessThanInclusive', 'greaterThan', 'greaterThanInclusive']);
const isOperator = (value: unknown): value is OperatorName => typeof value === 'string' && (OPERATORS as readonly string[]).includes(value);

function findFact(name: string): FactSpec | undefined {
  return FACT_CATALOGUE.find((fact) => fact.name === name);
}

/**
 * Checks a value of one fact path: the type (null only when nullable) and, for enumerated strings,
 * that it is one of the values. `item` checks one item of a list fact.
 */
function checkScalar(spec: FactPathSpec, subject: string, value: unknown, at: string, report: Report, item = false): void {
  const type = item || spec.type === 'string[]' ? 'string' : spec.type;
  if (value === null) {
    if (!spec.nullable || item) report(at, RuleErrorCode.TYPE_MISMATCH, `${subject} is never null`);
    return;
  }
  if (typeof value !== type) {
    const is = item ? 'holds strings' : `is ${specTypeName(spec.type)}`;
    report(at, RuleErrorCode.TYPE_MISMATCH, `${subject} ${is}, but the value is ${describeValue(value)}`);
    return;
  }
  if (type === 'string' && spec.values && !spec.values.includes(value as string)) {
    report(at, RuleErrorCode.ENUM_VALUE, `"${value as string}" is not a value of ${subject}: one of ${spec.values.join(', ')}`);
  }
}

function checkLiteral(operator: OperatorName, spec: FactPathSpec, subject: string, value: unknown, at: string, operatorAt: string, report: Report): void {
  const isList = spec.type === 'string[]';
  if (EQUALITY.has(operator)) {
    if (isList) report(operatorAt, RuleErrorCode.TYPE_MISMATCH, `operator "${operator}" compares single values, but ${subject} is a list: use contains or doesNotContain`);
    else checkScalar(spec, subject, value, at, report);
  } else if (MEMBERSHIP.has(operator)) {
    if (isList) report(operatorAt, RuleErrorCode.TYPE_MISMATCH, `operator "${operator}" needs a single-valued fact, but ${subject} is a list: use contains or doesNotContain`);
    else if (!Array.isArray(value)) report(at, RuleErrorCode.TYPE_MISMATCH, `operator "${operator}" needs an array value, but the value is ${describeValue(value)}`);
    else if (value.length === 0) report(at, RuleErrorCode.TYPE_MISMATCH, `operator "${operator}" needs at least one value to look in`);
    else value.forEach((item, i) => checkScalar(spec, subject, item, pointer(at, i), report));
  } else if (CONTAINMENT.has(operator)) {
    if (!isList) report(operatorAt, RuleErrorCode.TYPE_MISMATCH, `operator "${operator}" needs a list fact, but ${subject} is ${specTypeName(spec.type)}`);
    else checkScalar(spec, subject, value, at, report, true);
  } else if (ORDERING.has(operator)) {
    if (spec.type !== 'number') report(operatorAt, RuleErrorCode.TYPE_MISMATCH, `operator "${operator}" needs a number fact, but ${subject} is ${specTypeName(spec.type)}`);
    else if (typeof value !== 'number') report(at, RuleErrorCode.TYPE_MISMATCH, `${subject} is a number, but the value is ${describeValue(value)}`);
  }
}

function checkReferenceTypes(operator: OperatorName, spec: FactPathSpec, subject: string, refSpec: FactPathSpec, refSubject: string, at: string, operatorAt: string, report: Report): void {
  const mismatch = (message: string) => report(at, RuleErrorCode.TYPE_MISMATCH, message);
  const isList = spec.type === 'string[]';
  if (EQUALITY.has(operator)) {
    if (isList) report(operatorAt, RuleErrorCode.TYPE_MISMATCH, `operator "${operator}" compares single values, but ${subject} is a list: use contains or doesNotContain`);
    else if (refSpec.type !== spec.type) mismatch(`${subject} is ${specTypeName(spec.type)}, but the referenced ${refSubject} is ${specTypeName(refSpec.type)}`);
  } else if (MEMBERSHIP.has(operator)) {
    if (isList) report(operatorAt, RuleErrorCode.TYPE_MISMATCH, `operator "${operator}" needs a single-valued fact, but ${subject} is a list: use contains or doesNotContain`);
    else if (refSpec.type !== 'string[]') mismatch(`operator "${operator}" needs a list to look in, but the referenced ${refSubject} is ${specTypeName(refSpec.type)}`);
    else if (spec.type !== 'string') mismatch(`the referenced ${refSubject} holds strings, but ${subject} is ${specTypeName(spec.type)}`);
  } else if (CONTAINMENT.has(operator)) {
    if (!isList) report(operatorAt, RuleErrorCode.TYPE_MISMATCH, `operator "${operator}" needs a list fact, but ${subject} is ${specTypeName(spec.type)}`);
    else if (refSpec.type !== 'string') mismatch(`${subject} holds strings, but the referenced ${refSubject} is ${specTypeName(refSpec.type)}`);
  } else if (ORDERING.has(operator)) {
    if (spec.type !== 'number') report(operatorAt, RuleErrorCode.TYPE_MISMATCH, `operator "${operator}" needs a number fact, but ${subject} is ${specTypeName(spec.type)}`);
    else if (refSpec.type !== 'number') mismatch(`${subject} is a number, but the referenced ${refSubject} is ${specTypeName(refSpec.type)}`);
  }
}

/** Resolves `fact` + `path` of a leaf or fact reference, reporting unknown ones. */
function resolveFactPath(node: Record<string, unknown>, at: string, report: Report): FactPathSpec | undefined {
  const factName = node.fact;
  if (typeof factName !== 'string') {
    report(pointer(at, 'fact'), RuleErrorCode.INVALID_STRUCTURE, `must be a fact name, but the value is ${describeValue(factName)}`);
    return undefined;
  }
  const fact = findFact(factName);
  if (!fact) {
    report(pointer(at, 'fact'), RuleErrorCode.UNKNOWN_FACT, `unknown fact "${factName}"`);
    return undefined;
  }
  if (!has(node, 'path')) {
    report(at, RuleErrorCode.UNKNOWN_PATH, `fact "${factName}" is an object: give a path such as "${fact.paths[0].path}"`);
    return undefined;
  }
  const path = node.path;
  if (typeof path !== 'string') {
    report(pointer(at, 'path'), RuleErrorCode.INVALID_STRUCTURE, `must be a JSONPath string, but the value is ${describeValue(path)}`);
    return undefined;
  }
  const spec = fact.paths.find((p) => p.path === path);
  if (!spec) report(pointer(at, 'path'), RuleErrorCode.UNKNOWN_PATH, `unknown path "${path}" of fact "${factName}"`);
  return spec;
}

const REFERENCE_KEYS = ['fact', 'path', 'params'];

/**
 * Type checks of a decorated operator (json-rules-engine 7): `not` keeps the types, `someFact` and
 * `everyFact` apply the rest to each item of a list fact, `someValue` and `everyValue` to each item of
 * an array value; `swap` exchanges the sides, after which the literal is on the fact's side, so its
 * types are not checked further.
 */
function checkDecorated(decorators: string[], base: OperatorName, spec: FactPathSpec, subject: string, value: unknown, at: string, operatorAt: string, report: Report): void {
  if (decorators.length === 0) {
    checkLiteral(base, spec, subject, value, at, operatorAt, report);
    return;
  }
  const [decorator, ...rest] = decorators;
  switch (decorator) {
    case 'not':
      checkDecorated(rest, base, spec, subject, value, at, operatorAt, report);
      return;
    case 'someFact':
    case 'everyFact':
      if (spec.type !== 'string[]') report(operatorAt, RuleErrorCode.TYPE_MISMATCH, `decorator "${decorator}" needs a list fact, but ${subject} is ${specTypeName(spec.type)}`);
      else checkDecorated(rest, base, { ...spec, type: 'string' }, `an item of ${subject}`, value, at, operatorAt, report);
      return;
    case 'someValue':
    case 'everyValue':
      if (!Array.isArray(value)) report(at, RuleErrorCode.TYPE_MISMATCH, `decorator "${decorator}" needs an array value, but the value is ${describeValue(value)}`);
      else value.forEach((item, i) => checkDecorated(rest, base, spec, subject, item, pointer(at, i), operatorAt, report));
      return;
    default:
      return; // swap
  }
}

function checkLeaf(node: Record<string, unknown>, at: string, report: Report): void {
  const spec = resolveFactPath(node, at, report);
  const subject = subjectName(String(node.fact), typeof node.path === 'string' ? node.path : undefined);
  const operatorAt = pointer(at, 'operator');
  let operator: OperatorName | undefined;
  let decorators: string[] = [];
  if (!has(node, 'operator')) report(at, RuleErrorCode.INVALID_STRUCTURE, 'missing required property "operator"');
  else if (isOperator(node.operator)) operator = node.operator;
  else {
    const parsed = parseOperator(node.operator);
    if (parsed && isOperator(parsed.base)) {
      operator = parsed.base;
      decorators = parsed.decorators;
    } else report(operatorAt, RuleErrorCode.UNKNOWN_OPERATOR, `unknown operator ${JSON.stringify(node.operator)}`);
  }
  if (has(node, 'params') && !isPlainObject(node.params)) report(pointer(at, 'params'), RuleErrorCode.INVALID_STRUCTURE, `must be an object, but the value is ${describeValue(node.params)}`);
  if (!has(node, 'value')) {
    report(at, RuleErrorCode.INVALID_STRUCTURE, 'missing required property "value"');
    return;
  }
  const value = node.value;
  const valueAt = pointer(at, 'value');
  if (isPlainObject(value) && has(value, 'fact')) {
    for (const key of Object.keys(value)) {
      if (!REFERENCE_KEYS.includes(key)) report(pointer(valueAt, key), RuleErrorCode.INVALID_STRUCTURE, `unknown property "${key}" of a fact reference`);
    }
    const refSpec = resolveFactPath(value, valueAt, report);
    if (spec && refSpec && operator && decorators.length === 0) {
      checkReferenceTypes(operator, spec, subject, refSpec, subjectName(value.fact as string, value.path as string), valueAt, operatorAt, report);
    }
    return;
  }
  if (spec && operator) checkDecorated(decorators, operator, spec, subject, value, valueAt, operatorAt, report);
}

const CONDITION_NAME = new RegExp(CONDITION_NAME_PATTERN);

/** A `{"condition": name}` reference: a known, usable named condition. */
function checkReference(node: Record<string, unknown>, at: string, report: Report, named: NamedConditionStates): void {
  for (const key of Object.keys(node)) {
    if (key !== 'condition' && key !== 'name' && key !== 'priority') report(pointer(at, key), RuleErrorCode.INVALID_STRUCTURE, `"${key}" does not belong to a condition reference`);
  }
  const name = node.condition;
  const nameAt = pointer(at, 'condition');
  if (typeof name !== 'string' || !CONDITION_NAME.test(name)) {
    report(nameAt, RuleErrorCode.INVALID_STRUCTURE, `must be the name of a named condition, but the value is ${describeValue(name)}`);
    return;
  }
  const state = named.get(name);
  if (!state) report(nameAt, RuleErrorCode.UNKNOWN_CONDITION, `unknown condition "${name}"`);
  else if (state.code !== undefined) report(nameAt, state.code, state.problem);
}

const GROUPS = ['all', 'any', 'not'] as const;
const LEAF_ONLY = ['path', 'operator', 'value', 'params'];

function checkNode(node: unknown, at: string, report: Report, named: NamedConditionStates): void {
  if (!isPlainObject(node)) {
    report(at, RuleErrorCode.INVALID_STRUCTURE, `a condition must be an object, but the value is ${describeValue(node)}`);
    return;
  }
  for (const key of Object.keys(node)) {
    if (!(CONDITION_KEYS as readonly string[]).includes(key)) report(pointer(at, key), RuleErrorCode.INVALID_STRUCTURE, `unknown property "${key}"`);
  }
  const kinds = [...GROUPS, 'condition', 'fact'].filter((key) => has(node, key));
  if (kinds.length === 0) {
    report(at, RuleErrorCode.INVALID_STRUCTURE, 'a condition needs all, any, not, condition or fact');
    return;
  }
  if (kinds.length > 1) {
    report(at, RuleErrorCode.INVALID_STRUCTURE, `a condition has exactly one of all, any, not, condition or fact, but this one has ${kinds.join(', ')}`);
    return;
  }
  if (has(node, 'name') && typeof node.name !== 'string') report(pointer(at, 'name'), RuleErrorCode.INVALID_STRUCTURE, `must be a string, but the value is ${describeValue(node.name)}`);
  if (has(node, 'priority') && !(Number.isInteger(node.priority) && (node.priority as number) >= 1)) {
    report(pointer(at, 'priority'), RuleErrorCode.INVALID_STRUCTURE, `must be an integer >= 1, but the value is ${describeValue(node.priority)}`);
  }
  const kind = kinds[0];
  if (kind === 'fact') {
    checkLeaf(node, at, report);
    return;
  }
  if (kind === 'condition') {
    checkReference(node, at, report, named);
    return;
  }
  for (const key of LEAF_ONLY) {
    if (has(node, key)) report(pointer(at, key), RuleErrorCode.INVALID_STRUCTURE, `"${key}" belongs to a fact condition, not to a "${kind}" group`);
  }
  if (kind === 'not') {
    checkNode(node.not, pointer(at, 'not'), report, named);
    return;
  }
  const children = node[kind];
  const groupAt = pointer(at, kind);
  if (!Array.isArray(children)) {
    report(groupAt, RuleErrorCode.INVALID_STRUCTURE, `"${kind}" must be an array of conditions, but the value is ${describeValue(children)}`);
  } else if (children.length === 0) {
    report(groupAt, RuleErrorCode.EMPTY_RULE, `empty "${kind}": it needs at least one condition`);
  } else {
    children.forEach((child, i) => checkNode(child, pointer(groupAt, i), report, named));
  }
}

/**
 * Checks `conditions` of a rule (at `/conditions`), or the body of a named condition (at `at`);
 * json-rules-engine needs all, any, not or a condition reference at the top. Reports nothing when
 * the conditions can be compiled and mean what the catalogue says.
 */
export function checkConditions(conditions: unknown, report: Report, named: NamedConditionStates = NO_NAMED_CONDITIONS, at = '/conditions'): void {
  if (conditions === undefined) {
    report('', RuleErrorCode.EMPTY_RULE, 'the rule has no conditions');
    return;
  }
  if (isPlainObject(conditions) && ![...GROUPS, 'condition'].some((key) => has(conditions, key))) {
    if (has(conditions, 'fact')) {
      report(at, RuleErrorCode.INVALID_STRUCTURE, 'the top level must be all, any or not: wrap the condition in {"all": [...]}');
      return;
    }
    if (Object.keys(conditions).length === 0) {
      report(at, RuleErrorCode.EMPTY_RULE, 'the conditions are empty: give all, any or not');
      return;
    }
  }
  checkNode(conditions, at, report, named);
}

/** The names a condition tree refers to with `{"condition": name}` (anywhere in it). */
export function referencedConditions(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const child of node) referencedConditions(child, out);
  else if (isPlainObject(node)) {
    if (typeof node.condition === 'string') out.add(node.condition);
    for (const key of GROUPS) if (has(node, key)) referencedConditions(node[key], out);
  }
  return out;
}

/** Checks an example's partial facts (at `at`): known facts and paths, values of the catalogue type. */
export function checkExampleFacts(facts: unknown, at: string, report: Report): void {
  if (!isPlainObject(facts)) return; // the schema reports it
  for (const [factName, given] of Object.entries(facts)) {
    const factAt = pointer(at, factName);
    const fact = findFact(factName);
    if (!fact) {
      report(factAt, RuleErrorCode.UNKNOWN_FACT, `unknown fact "${factName}"`);
      continue;
    }
    if (!isPlainObject(given)) {
      report(factAt, RuleErrorCode.TYPE_MISMATCH, `fact "${factName}" is an object of paths, but the value is ${describeValue(given)}`);
      continue;
    }
    for (const [key, value] of Object.entries(given)) {
      const valueAt = pointer(factAt, key);
      if (key.startsWith('$.')) {
        report(valueAt, RuleErrorCode.UNKNOWN_PATH, `example facts name paths without "$.": write "${key.slice(2)}"`);
        continue;
      }
      const spec = fact.paths.find((p) => p.path === `$.${key}`);
      if (!spec) {
        report(valueAt, RuleErrorCode.UNKNOWN_PATH, `unknown path "$.${key}" of fact "${factName}"`);
        continue;
      }
      const subject = subjectName(factName, spec.path);
      if (spec.type === 'string[]') {
        if (!Array.isArray(value)) report(valueAt, RuleErrorCode.TYPE_MISMATCH, `${subject} is a list of strings, but the value is ${describeValue(value)}`);
        else value.forEach((item, i) => checkScalar(spec, subject, item, pointer(valueAt, i), report, true));
      } else {
        checkScalar(spec, subject, value, valueAt, report);
      }
    }
  }
}
