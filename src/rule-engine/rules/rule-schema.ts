/**
 * The JSON Schema of rule files, generated from the catalogues so it cannot drift from them.
 *
 * - `editor` mode is what `rules/rule.schema.json` holds: enums for linkage, product, fact, path,
 *   operator and enumerated values, so an editor completes while someone types.
 * - `structural` mode is what the validator runs through ajv: the same envelope (fields, types,
 *   ranges, patterns) without catalogue enums, conditions and example facts, which the validator
 *   checks itself to report precise error codes (UNKNOWN_OPERATOR rather than "must be one of").
 *
 * Draft-07: what ajv's default class and every JSON editor handle without extra setup.
 */
import { FACT_CATALOGUE, type FactPathSpec } from '../facts/fact-catalogue';
import { LINKAGES, OPERATORS } from '../types';
import { RULE_DEFAULTS } from './rule-definition';

export type JsonSchema = { [keyword: string]: unknown };

export type RuleSchemaMode = 'editor' | 'structural';

export interface RuleSchemaOptions {
  mode: RuleSchemaMode;
  /** Product codes for the `product` enum (editor mode); omitted: any string. */
  productCodes?: readonly string[];
}

/** Kebab-case rule ids: lower-case letters and digits in hyphen-separated words. */
export const RULE_ID_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$';

/** The properties a condition object may have (json-rules-engine syntax). */
export const CONDITION_KEYS = ['all', 'any', 'not', 'condition', 'fact', 'path', 'operator', 'value', 'params', 'name', 'priority'] as const;

/** Names of named conditions (`{"condition": "adult"}`): a letter, then letters, digits, `-` or `_`. */
export const CONDITION_NAME_PATTERN = '^[A-Za-z][A-Za-z0-9_-]*$';

/** json-rules-engine 7's operator decorators: `someFact:in`, `not:contains`, `swap:in` … */
export const OPERATOR_DECORATOR_NAMES = ['someFact', 'everyFact', 'someValue', 'everyValue', 'not', 'swap'] as const;

/** A decorated operator: one or more `decorator:` prefixes before a base operator. */
export const DECORATED_OPERATOR_PATTERN = `^((${OPERATOR_DECORATOR_NAMES.join('|')}):)+(${OPERATORS.join('|')})$`;

const ref = (name: string) => ({ $ref: `#/definitions/${name}` });

function describedType(type: FactPathSpec['type'], nullable: boolean | undefined): JsonSchema {
  const base = type === 'string[]' ? 'array' : type;
  return { type: nullable ? [base, 'null'] : base };
}

/** What a leaf's `value` may be for one fact path (editor mode). */
function valueSchema(spec: FactPathSpec): JsonSchema {
  const nullable = spec.nullable ? [null] : [];
  const scalar: JsonSchema = spec.values ? { enum: [...spec.values, ...nullable] } : describedType(spec.type === 'string[]' ? 'string' : spec.type, spec.nullable);
  const alternatives: JsonSchema[] = [scalar];
  if (spec.type !== 'string[]' && spec.type !== 'boolean') {
    alternatives.push({ type: 'array', items: spec.values ? { enum: [...spec.values, ...nullable] } : describedType(spec.type, spec.nullable), description: 'For in / notIn: the values to look in.' });
  }
  alternatives.push(ref('factReference'));
  return { anyOf: alternatives };
}

function exampleFactsSchema(): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const fact of FACT_CATALOGUE) {
    const paths: Record<string, JsonSchema> = {};
    for (const p of fact.paths) {
      const key = p.path.slice(2);
      const items = p.values ? { enum: [...p.values] } : { type: 'string' };
      paths[key] =
        p.type === 'string[]'
          ? { type: 'array', items, description: p.description }
          : { ...describedType(p.type, p.nullable), ...(p.values ? { enum: [...p.values, ...(p.nullable ? [null] : [])] } : {}), description: p.description };
    }
    properties[fact.name] = { type: 'object', description: `${fact.description} Only the paths given here replace the typical payroll employee's values.`, properties: paths, additionalProperties: false };
  }
  return {
    type: 'object',
    description: 'The facts of this example, PARTIAL: each fact object given is shallow-merged over the catalogue\'s typical payroll employee (exampleFacts()), so state only what matters. Keys are paths without "$.".',
    properties,
    additionalProperties: false,
  };
}

function conditionDefinitions(): Record<string, JsonSchema> {
  const factNames = FACT_CATALOGUE.map((f) => f.name);
  const group = (kind: 'all' | 'any') => ({
    type: 'array',
    minItems: 1,
    items: ref('condition'),
    description: kind === 'all' ? 'Holds when every condition in the list holds.' : 'Holds when at least one condition in the list holds.',
  });
  const common = {
    name: { type: 'string', description: 'A name for this condition, shown in explanations.' },
    priority: { type: 'integer', minimum: 1, description: 'json-rules-engine evaluates higher-priority conditions first; rarely needed.' },
  };
  const pathRules = FACT_CATALOGUE.map((fact) => ({
    if: { type: 'object', properties: { fact: { const: fact.name } }, required: ['fact'] },
    then: { type: 'object', properties: { path: { enum: fact.paths.map((p) => p.path) } } },
  }));
  const valueRules = FACT_CATALOGUE.flatMap((fact) =>
    fact.paths.map((p) => ({
      // literal values are typed for plain operators; a decorated one (someValue:in …) takes other shapes
      if: { type: 'object', properties: { fact: { const: fact.name }, path: { const: p.path }, operator: { enum: [...OPERATORS] } }, required: ['fact', 'path', 'operator'] },
      then: { type: 'object', properties: { value: valueSchema(p) } },
    })),
  );
  return {
    topLevelCondition: {
      type: 'object',
      description: 'The rule\'s conditions in json-rules-engine syntax: exactly one of all, any, not or a named condition reference at the top, nested freely below.',
      properties: {
        all: group('all'),
        any: group('any'),
        not: { ...ref('condition'), description: 'Holds when the condition does not.' },
        condition: { type: 'string', pattern: CONDITION_NAME_PATTERN, description: 'A reference to a named condition.' },
        ...common,
      },
      additionalProperties: false,
      oneOf: [{ required: ['all'] }, { required: ['any'] }, { required: ['not'] }, { required: ['condition'] }],
    },
    namedConditions: {
      type: 'object',
      description: 'Named conditions shared by every rule of every file: {"adult": {"all": [...]}}; a condition {"condition": "adult"} stands for one. Names are unique across files; circles are refused.',
      propertyNames: { pattern: CONDITION_NAME_PATTERN },
      additionalProperties: ref('topLevelCondition'),
    },
    condition: {
      type: 'object',
      description: 'A group (all / any / not) or a leaf comparing a fact path with a value.',
      properties: {
        all: group('all'),
        any: group('any'),
        not: { ...ref('condition'), description: 'Holds when the condition does not.' },
        fact: { enum: factNames, description: 'The fact to read (see the fact catalogue in rules/README.md).' },
        path: { type: 'string', pattern: '^\\$\\.', description: 'JSONPath into the fact, e.g. "$.monthlySalary".' },
        operator: {
          anyOf: [{ enum: [...OPERATORS] }, { type: 'string', pattern: DECORATED_OPERATOR_PATTERN }],
          description: 'A json-rules-engine operator, optionally decorated: someFact:, everyFact:, someValue:, everyValue:, not:, swap: (see rules/README.md).',
        },
        condition: { type: 'string', pattern: CONDITION_NAME_PATTERN, description: 'A reference to a named condition (defined in a "conditions" section), standing for its conditions.' },
        value: { description: 'The literal to compare with (its type must match the fact path), or a fact reference {fact, path}.' },
        params: { type: 'object', description: 'Parameters passed to the fact (json-rules-engine); the catalogue facts take none.' },
        ...common,
      },
      additionalProperties: false,
      oneOf: [{ required: ['all'] }, { required: ['any'] }, { required: ['not'] }, { required: ['condition'] }, { required: ['fact', 'operator', 'value'] }],
      allOf: [...pathRules, ...valueRules],
    },
    factReference: {
      type: 'object',
      description: 'Compares with another fact\'s value instead of a literal.',
      properties: {
        fact: { enum: factNames, description: 'The fact to read.' },
        path: { type: 'string', pattern: '^\\$\\.', description: 'JSONPath into that fact.' },
        params: { type: 'object', description: 'Parameters passed to the fact.' },
      },
      required: ['fact'],
      additionalProperties: false,
      allOf: pathRules,
    },
  };
}

export function buildRuleSchema(options: RuleSchemaOptions): JsonSchema {
  const editor = options.mode === 'editor';
  const example: JsonSchema = {
    type: 'object',
    description: 'A runnable example: the checker evaluates the rule on these facts and fails when the outcome differs from expect.',
    properties: {
      name: { type: 'string', minLength: 1, description: 'What the example shows, e.g. "payroll employee without a card".' },
      facts: editor ? exampleFactsSchema() : { type: 'object', description: 'Partial facts, shallow-merged per fact over exampleFacts().' },
      expect: { type: 'boolean', description: 'True when the rule must fire for these facts, false when it must not.' },
    },
    required: ['name', 'expect'],
    additionalProperties: false,
  };
  const ruleProperties: Record<string, JsonSchema> = {
    id: { type: 'string', pattern: RULE_ID_PATTERN, description: 'Unique id across all rule files, kebab-case (payroll-debit-card). Stamped on every opportunity: do not rename lightly.' },
    description: { type: 'string', minLength: 1, description: 'One sentence for people: who is targeted, what is offered and why it pays.' },
    linkage: {
      enum: [...LINKAGES],
      description: 'EMPLOYEE_PROSPECT: employees (role EMPLOYEE) of corporate clients; EXECUTIVE_LEAD: executives and owners; CORPORATE_LEAD: the company reached through its owners and executives (needs a CORPORATE product).',
    },
    product: {
      ...(editor && options.productCodes ? { enum: [...options.productCodes] } : { type: 'string' }),
      description: 'The product code offered (PERSON products for EMPLOYEE_PROSPECT and EXECUTIVE_LEAD, CORPORATE products for CORPORATE_LEAD).',
    },
    priority: { type: 'integer', minimum: 1, maximum: 100, default: RULE_DEFAULTS.priority, description: 'json-rules-engine rule priority, 1–100 (default 1): higher runs first.' },
    propensity: { type: 'number', minimum: 0, maximum: 1, description: 'Expected acceptance rate, 0–1: how likely the customer is to take the product.' },
    lever: { type: 'number', minimum: 0, maximum: 10, default: RULE_DEFAULTS.lever, description: 'Business weight, 0–10 (default 0): score = propensity × product value × (1 + lever).' },
    enabled: { type: 'boolean', default: RULE_DEFAULTS.enabled, description: 'False keeps the rule (checked and versioned) without evaluating it. Default true.' },
    tags: { type: 'array', items: { type: 'string', minLength: 1 }, uniqueItems: true, default: [], description: 'Free labels for filtering and reporting (cards, payroll, wealth …).' },
    conditions: {
      ...(editor ? ref('topLevelCondition') : {}),
      description: 'Who is eligible, in json-rules-engine syntax: all / any / not at the top, nested freely; leaves {fact, path, operator, value}.',
    },
    reason: { type: 'string', minLength: 1, description: 'Why a manager should call, for people: {{fact.path}} placeholders such as {{employment.monthlySalary}} are filled in (and masked where needed).' },
    examples: {
      type: 'array',
      items: ref('example'),
      description: 'Runnable examples: at least one where the rule fires (expect: true) and one where it does not (expect: false).',
      ...(editor
        ? { minItems: 2, allOf: [{ contains: { type: 'object', properties: { expect: { const: true } } } }, { contains: { type: 'object', properties: { expect: { const: false } } } }] }
        : {}),
    },
  };
  const required = ['id', 'description', 'linkage', 'product', 'propensity', 'reason', ...(editor ? ['conditions', 'examples'] : [])];
  const schemaProperty = { $schema: { type: 'string', description: 'Path to this schema ("./rule.schema.json"), for editors.' } };
  const rulesProperty = { type: 'array', minItems: 1, items: editor ? ref('rule') : { type: 'object' }, description: 'The rules of this file.' };
  const namedProperty = editor ? ref('namedConditions') : { type: 'object', description: 'Named conditions shared by every rule.' };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $comment: 'Generated from the fact and product catalogues by src/cli/rules-docs.cli.ts: do not edit by hand.',
    title: 'Cross-sell rule file',
    description: 'One rule, {"rules": [...]} with an optional "conditions" section of named conditions, or {"conditions": {...}} alone. See rules/README.md for the fact catalogue and how examples work.',
    type: 'object',
    properties: { ...schemaProperty, rules: rulesProperty },
    if: { type: 'object', required: ['rules'] },
    then: ref('ruleList'),
    else: {
      if: { type: 'object', required: ['conditions'], not: { required: ['id'] } },
      then: ref('conditionFile'),
      else: ref('singleRule'),
    },
    definitions: {
      ruleList: {
        type: 'object',
        description: 'A file holding several rules, and optionally named conditions.',
        properties: { ...schemaProperty, rules: rulesProperty, conditions: namedProperty },
        required: ['rules'],
        additionalProperties: false,
      },
      conditionFile: { type: 'object', description: 'A file holding only named conditions.', properties: { ...schemaProperty, conditions: namedProperty }, required: ['conditions'], additionalProperties: false },
      singleRule: { type: 'object', description: 'A file holding one rule.', properties: { ...schemaProperty, ...ruleProperties }, required, additionalProperties: false },
      rule: { type: 'object', description: 'A cross-sell rule: who (conditions), what (product), how likely (propensity) and why (reason).', properties: ruleProperties, required, additionalProperties: false },
      example,
      ...(editor ? conditionDefinitions() : {}),
    },
  };
}

/** The text of `rules/rule.schema.json` for these product codes. */
export function ruleSchemaFileContent(productCodes: readonly string[]): string {
  return `${JSON.stringify(buildRuleSchema({ mode: 'editor', productCodes }), null, 2)}\n`;
}
