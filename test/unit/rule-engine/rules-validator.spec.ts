import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PRODUCT_CATALOGUE } from '../../../src/products/product-catalogue';
import { FileSystemRuleSource, RuleErrorCode, formatRuleError, loadRuleSet, validateRuleFiles, type RuleError, type RuleProduct } from '../../../src/rule-engine';

const FIXTURES = join(__dirname, '../../fixtures/rules');

async function fixtureErrors(mode: string): Promise<RuleError[]> {
  const result = await loadRuleSet(new FileSystemRuleSource(join(FIXTURES, mode), 'rules'), { products: PRODUCT_CATALOGUE });
  if (result.ok) throw new Error(`fixture ${mode} loaded, but it should fail`);
  return result.errors;
}

/** One fixture directory per failure mode: the exact line `rules:check` prints for it. */
const FAILURE_MODES: [string, RuleErrorCode, string][] = [
  ['malformed-json', RuleErrorCode.MALFORMED_JSON, 'rules/cards.json: malformed JSON at line 6, column 7: expected "," or "}" after a property value, found "\\""'],
  ['invalid-structure', RuleErrorCode.INVALID_STRUCTURE, 'rules/cards.json: rule "payroll-debit-card" at /propensity: must be <= 1, but the value is 1.5'],
  ['unknown-fact', RuleErrorCode.UNKNOWN_FACT, 'rules/cards.json: rule "payroll-debit-card" at /conditions/all/0/fact: unknown fact "employmnt"'],
  ['unknown-path', RuleErrorCode.UNKNOWN_PATH, 'rules/cards.json: rule "payroll-debit-card" at /conditions/all/0/path: unknown path "$.salaryPaid" of fact "employment"'],
  ['unknown-operator', RuleErrorCode.UNKNOWN_OPERATOR, 'rules/wealth.json: rule "exec-private-banking" at /conditions/all/2/operator: unknown operator "greaterThen"'],
  ['duplicate-id', RuleErrorCode.DUPLICATE_ID, 'rules/b.json: rule "payroll-debit-card" at /id: duplicate id "payroll-debit-card": first defined in rules/a.json at /rules/0'],
  ['type-mismatch', RuleErrorCode.TYPE_MISMATCH, 'rules/cards.json: rule "payroll-debit-card" at /conditions/all/2/value: person.age is a number, but the value is "30", a string'],
  ['type-mismatch-in-needs-array', RuleErrorCode.TYPE_MISMATCH, 'rules/cards.json: rule "payroll-debit-card" at /conditions/all/2/value: operator "in" needs an array value, but the value is "MASS", a string'],
  ['type-mismatch-contains-needs-list', RuleErrorCode.TYPE_MISMATCH, 'rules/cards.json: rule "payroll-debit-card" at /conditions/all/2/operator: operator "contains" needs a list fact, but person.segment is a string'],
  ['enum-value', RuleErrorCode.ENUM_VALUE, 'rules/cards.json: rule "payroll-debit-card" at /conditions/all/2/value: "PLATINUM" is not a value of person.segment: one of MASS, AFFLUENT, HIGH_NET_WORTH'],
  ['unknown-product', RuleErrorCode.UNKNOWN_PRODUCT, 'rules/cards.json: rule "payroll-debit-card" at /product: unknown product "DEBIT_CARD_GOLD"'],
  ['audience-mismatch', RuleErrorCode.AUDIENCE_MISMATCH, 'rules/cards.json: rule "payroll-debit-card" at /product: linkage EMPLOYEE_PROSPECT needs a PERSON product, but "POS_TERMINAL" is a CORPORATE product'],
  ['empty-rule', RuleErrorCode.EMPTY_RULE, 'rules/cards.json: rule "payroll-debit-card" at /conditions/all: empty "all": it needs at least one condition'],
  ['unknown-placeholder', RuleErrorCode.UNKNOWN_PLACEHOLDER, 'rules/cards.json: rule "payroll-debit-card" at /reason: unknown placeholder "{{employment.salary}}"'],
  [
    'contradicting-example',
    RuleErrorCode.EXAMPLE_CONTRADICTS,
    'rules/cards.json: rule "payroll-debit-card" at /examples/1: example "already holds a card" expects the rule not to fire, but it fires; decided by: employment.salaryPaidHere equal true was true (fact value: true); holdings.categories doesNotContain "DEBIT_CARD" was true (fact value: [])',
  ],
  ['missing-example', RuleErrorCode.MISSING_EXAMPLE, 'rules/cards.json: rule "payroll-debit-card" at /examples: no example where the rule does not fire (expect: false)'],
  ['unknown-condition', RuleErrorCode.UNKNOWN_CONDITION, 'rules/cards.json: rule "payroll-debit-card" at /conditions/all/0/condition: unknown condition "payroll-employe"'],
  [
    'duplicate-condition',
    RuleErrorCode.DUPLICATE_CONDITION,
    'rules/b.json at /conditions/payroll-employee: duplicate condition "payroll-employee": first defined in rules/a.json at /conditions/payroll-employee',
  ],
  [
    'type-mismatch-decorator',
    RuleErrorCode.TYPE_MISMATCH,
    'rules/cards.json: rule "payroll-debit-card" at /conditions/all/1/operator: decorator "someFact" needs a list fact, but person.age is a number',
  ],
];

describe('rule validation fixtures, one per failure mode', () => {
  it.each(FAILURE_MODES)('reports %s as %s with the exact message', async (mode, code, line) => {
    const errors = await fixtureErrors(mode);
    expect(errors.map(formatRuleError)).toEqual([line]);
    expect(errors[0].code).toBe(code);
  });

  it('has a test for every fixture directory', () => {
    const tested = new Set([...FAILURE_MODES.map(([mode]) => mode), 'valid', 'several-errors', 'circular-condition', 'named-conditions-and-decorators']);
    expect(readdirSync(FIXTURES).filter((d) => !tested.has(d))).toEqual([]);
  });

  it('reports every error of every file at once', async () => {
    const errors = await fixtureErrors('several-errors');
    expect(errors.map(formatRuleError)).toEqual([
      'rules/cards.json: rule "payroll-debit-card" at /product: unknown product "DEBIT_CARD_GOLD"',
      'rules/cards.json: rule "payroll-debit-card" at /conditions/all/0/value: employment.salaryPaidHere is a boolean, but the value is "yes", a string',
      'rules/cards.json: rule "gold-card" at /priority: must be >= 1, but the value is 0',
      'rules/cards.json: rule "gold-card" at /conditions/all/0/value: "RICH" is not a value of person.segment: one of MASS, AFFLUENT, HIGH_NET_WORTH',
      'rules/cards.json: rule "gold-card" at /conditions/all/1/operator: unknown operator "greaterThen"',
      'rules/cards.json: rule "gold-card" at /reason: unknown placeholder "{{employment.salary}}"',
      'rules/cards.json: rule "gold-card" at /examples/0/facts/persn: unknown fact "persn"',
      'rules/cards.json: rule "gold-card" at /examples: no example where the rule does not fire (expect: false)',
      'rules/loans.json: rule "payroll-debit-card" at /id: duplicate id "payroll-debit-card": first defined in rules/cards.json at /rules/0',
    ]);
  });

  it('refuses circular named conditions, at every definition on the circle and at the rule that uses one', async () => {
    const errors = await fixtureErrors('circular-condition');
    expect(errors.map(formatRuleError)).toEqual([
      'rules/conditions.json at /conditions/payroll-employee: condition "payroll-employee" refers to itself: payroll-employee → adult → payroll-employee',
      'rules/conditions.json at /conditions/adult: condition "adult" refers to itself: adult → payroll-employee → adult',
      'rules/cards.json: rule "payroll-debit-card" at /conditions/all/0/condition: condition "payroll-employee" refers to itself: payroll-employee → adult → payroll-employee',
    ]);
    expect(new Set(errors.map((e) => e.code))).toEqual(new Set([RuleErrorCode.CIRCULAR_CONDITION]));
  });

  it('loads named conditions (from a conditions file and a conditions section) and decorated operators, and runs their examples', async () => {
    const result = await loadRuleSet(new FileSystemRuleSource(join(FIXTURES, 'named-conditions-and-decorators'), 'rules'), { products: PRODUCT_CATALOGUE });
    if (!result.ok) throw new Error(result.errors.map(formatRuleError).join('\n'));
    const [loaded] = result.ruleSet.rules;
    // the reference stands for the named tree: its leaves are the rule's leaves (stored explanations name them by position)
    expect(loaded!.conditions.leaves().map((l) => `${l.fact}${l.path?.slice(1) ?? ''} ${l.operator}`)).toEqual([
      'person.age greaterThanInclusive',
      'employment.salaryPaidHere equal',
      'holdings.categories not:someFact:in',
      'person.segment someValue:equal',
      'holdings.categories everyValue:doesNotContain',
      'person.segment swap:contains',
    ]);
  });

  it('refuses a reference to a named condition that has errors of its own, naming where it is defined', () => {
    const files = [
      { path: 'conditions.json', content: JSON.stringify({ conditions: { adult: { all: [{ fact: 'person', path: '$.agee', operator: 'greaterThan', value: 17 }] } } }) },
      { path: 'cards.json', content: JSON.stringify(rule({ conditions: { all: [{ condition: 'adult' }, { fact: 'employment', path: '$.salaryPaidHere', operator: 'equal', value: true }] } })) },
    ];
    const { errors } = validateRuleFiles(files, { products: PRODUCT_CATALOGUE });
    expect(errors.map(formatRuleError)).toEqual([
      'rules/conditions.json at /conditions/adult/all/0/path: unknown path "$.agee" of fact "person"',
      'rules/cards.json: rule "payroll-debit-card" at /conditions/all/0/condition: condition "adult" cannot be used: see the errors of rules/conditions.json at /conditions/adult and of the conditions it refers to',
    ]);
  });

  it('gives errors as plain serialisable objects', async () => {
    const errors = await fixtureErrors('unknown-operator');
    expect(JSON.parse(JSON.stringify(errors))).toEqual([
      { file: 'rules/wealth.json', ruleId: 'exec-private-banking', jsonPath: '/conditions/all/2/operator', code: 'UNKNOWN_OPERATOR', message: 'unknown operator "greaterThen"' },
    ]);
  });
});

/** A valid rule to break one field at a time. */
function rule(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'payroll-debit-card',
    description: 'Payroll employees without our debit card: offer one.',
    linkage: 'EMPLOYEE_PROSPECT',
    product: 'DEBIT_CARD_STD',
    propensity: 0.35,
    conditions: {
      all: [
        { fact: 'employment', path: '$.salaryPaidHere', operator: 'equal', value: true },
        { fact: 'holdings', path: '$.categories', operator: 'doesNotContain', value: 'DEBIT_CARD' },
      ],
    },
    reason: 'Salary of {{employment.monthlySalary}} is paid here.',
    examples: [
      { name: 'without a card', facts: { holdings: { categories: [] } }, expect: true },
      { name: 'with a card', facts: {}, expect: false },
    ],
    ...overrides,
  };
}

function withCondition(condition: unknown): Record<string, unknown> {
  return rule({ conditions: { all: [{ fact: 'employment', path: '$.salaryPaidHere', operator: 'equal', value: true }, condition] } });
}

function check(content: unknown, products: readonly RuleProduct[] = PRODUCT_CATALOGUE, checkExamples = true): string[] {
  const text = typeof content === 'string' ? content : JSON.stringify(content);
  return validateRuleFiles([{ path: 'x.json', content: text }], { products, checkExamples }).errors.map(formatRuleError);
}

/** Checks a condition without running the examples (which a new condition may contradict). */
const checkCondition = (condition: unknown) => check(withCondition(condition), PRODUCT_CATALOGUE, false);

describe('validateRuleFiles', () => {
  it('accepts a single rule and a list of rules', () => {
    expect(check(rule())).toEqual([]);
    expect(check({ $schema: './rule.schema.json', rules: [rule(), rule({ id: 'other' })] })).toEqual([]);
  });

  it('reports a rule without conditions as empty', () => {
    const { conditions, ...rest } = rule();
    expect(conditions).toBeDefined();
    expect(check(rest)).toEqual(['rules/x.json: rule "payroll-debit-card": the rule has no conditions']);
    expect(check(rule({ conditions: {} }))).toEqual(['rules/x.json: rule "payroll-debit-card" at /conditions: the conditions are empty: give all, any or not']);
    expect(checkCondition({ any: [] })).toEqual(['rules/x.json: rule "payroll-debit-card" at /conditions/all/1/any: empty "any": it needs at least one condition']);
  });

  it('requires all, any or not at the top, as json-rules-engine does', () => {
    expect(check(rule({ conditions: { fact: 'person', path: '$.age', operator: 'equal', value: 3 } }))).toEqual([
      'rules/x.json: rule "payroll-debit-card" at /conditions: the top level must be all, any or not: wrap the condition in {"all": [...]}',
    ]);
  });

  it('points into the file when a rule has no id', () => {
    const { id, ...rest } = rule();
    expect(id).toBeDefined();
    expect(check({ rules: [rule({ id: 'first' }), rest] })).toEqual(['rules/x.json at /rules/1: missing required property "id"']);
  });

  it('reports schema violations by field', () => {
    expect(check(rule({ id: 'Payroll_Card', prio: 3, linkage: 'EMPLOYEES', tags: 'cards' }))).toEqual([
      'rules/x.json: rule "Payroll_Card" at /prio: unknown property "prio"',
      'rules/x.json: rule "Payroll_Card" at /id: must be kebab-case (lower-case words joined by "-"), but the value is "Payroll_Card"',
      'rules/x.json: rule "Payroll_Card" at /linkage: must be one of EMPLOYEE_PROSPECT, EXECUTIVE_LEAD, CORPORATE_LEAD, but the value is "EMPLOYEES"',
      'rules/x.json: rule "Payroll_Card" at /tags: must be an array, but the value is "cards", a string',
    ]);
    expect(check({ rules: 'none' })).toEqual(['rules/x.json at /rules: must be an array, but the value is "none", a string']);
    expect(check([rule()])).toEqual(['rules/x.json: a rule file holds one rule object or {"rules": [...]}, but the value is ' + JSON.stringify([rule()]).slice(0, 57) + '..., an array']);
  });

  it('checks the types of values against the fact catalogue', () => {
    const at = 'rules/x.json: rule "payroll-debit-card" at /conditions/all/1';
    expect(checkCondition({ fact: 'person', path: '$.age', operator: 'equal', value: null })).toEqual([`${at}/value: person.age is never null`]);
    expect(checkCondition({ fact: 'person', path: '$.creditScore', operator: 'equal', value: null })).toEqual([]);
    expect(checkCondition({ fact: 'person', path: '$.segment', operator: 'lessThan', value: 3 })).toEqual([`${at}/operator: operator "lessThan" needs a number fact, but person.segment is a string`]);
    expect(checkCondition({ fact: 'holdings', path: '$.categories', operator: 'equal', value: 'CARD' })).toEqual([
      `${at}/operator: operator "equal" compares single values, but holdings.categories is a list: use contains or doesNotContain`,
    ]);
    expect(checkCondition({ fact: 'holdings', path: '$.categories', operator: 'contains', value: 'GOLD' })).toEqual([
      `${at}/value: "GOLD" is not a value of holdings.categories: one of ${['DEBIT_CARD', 'CREDIT_CARD', 'PERSONAL_LOAN', 'MORTGAGE', 'AUTO_LOAN', 'WEALTH', 'INSURANCE', 'DEPOSIT', 'E_BANKING', 'POS', 'PAYROLL_SERVICE', 'SETTLEMENT', 'ADVISORY', 'RETENTION'].join(', ')}`,
    ]);
    expect(checkCondition({ fact: 'person', path: '$.segment', operator: 'in', value: ['MASS', 'RICH', 3] })).toEqual([
      `${at}/value/1: "RICH" is not a value of person.segment: one of MASS, AFFLUENT, HIGH_NET_WORTH`,
      `${at}/value/2: person.segment is a string, but the value is 3, a number`,
    ]);
  });

  it('checks fact references on both sides', () => {
    const at = 'rules/x.json: rule "payroll-debit-card" at /conditions/all/1';
    expect(checkCondition({ fact: 'person', path: '$.monthlyIncome', operator: 'greaterThan', value: { fact: 'employment', path: '$.monthlySalary' } })).toEqual([]);
    expect(checkCondition({ fact: 'person', path: '$.age', operator: 'equal', value: { fact: 'employment', path: '$.title' } })).toEqual([
      `${at}/value: person.age is a number, but the referenced employment.title is a string`,
    ]);
    expect(checkCondition({ fact: 'person', path: '$.age', operator: 'equal', value: { fact: 'employmnt', path: '$.title' } })).toEqual([`${at}/value/fact: unknown fact "employmnt"`]);
  });

  it('requires a path into a fact and a complete leaf', () => {
    const at = 'rules/x.json: rule "payroll-debit-card" at /conditions/all/1';
    expect(checkCondition({ fact: 'person', operator: 'equal', value: 3 })).toEqual([`${at}: fact "person" is an object: give a path such as "$.age"`]);
    expect(checkCondition({ fact: 'person', path: '$.age', value: 3 })).toEqual([`${at}: missing required property "operator"`]);
    expect(checkCondition({ fact: 'person', path: '$.age', operator: 'equal', value: 3, all: [] })).toEqual([
      `${at}: a condition has exactly one of all, any, not, condition or fact, but this one has all, fact`,
    ]);
    expect(checkCondition({ fact: 'person', path: '$.age', operator: 'equal', value: 3, operater: 'x' })).toEqual([`${at}/operater: unknown property "operater"`]);
  });

  it('checks example facts against the catalogue', () => {
    const examples = [
      { name: 'fires', facts: { holdings: { categories: [] }, employment: { monthlySalary: '4000', $: 1 } }, expect: true },
      { name: 'does not', facts: { person: { salary: 3, segment: 'GOLD' } }, expect: false },
    ];
    expect(check(rule({ examples }))).toEqual([
      'rules/x.json: rule "payroll-debit-card" at /examples/0/facts/employment/monthlySalary: employment.monthlySalary is a number, but the value is "4000", a string',
      'rules/x.json: rule "payroll-debit-card" at /examples/0/facts/employment/$: unknown path "$.$" of fact "employment"',
      'rules/x.json: rule "payroll-debit-card" at /examples/1/facts/person/salary: unknown path "$.salary" of fact "person"',
      'rules/x.json: rule "payroll-debit-card" at /examples/1/facts/person/segment: "GOLD" is not a value of person.segment: one of MASS, AFFLUENT, HIGH_NET_WORTH',
    ]);
  });

  it('reports a rule without examples', () => {
    const { examples, ...rest } = rule();
    expect(examples).toBeDefined();
    expect(check(rest)).toEqual(['rules/x.json: rule "payroll-debit-card": no examples: give one where the rule fires (expect: true) and one where it does not (expect: false)']);
  });

  it('checks product codes against the product list it is given', () => {
    const fromDatabase = [...PRODUCT_CATALOGUE, { code: 'DEBIT_CARD_GREEN', audience: 'PERSON' as const }];
    expect(check(rule({ product: 'DEBIT_CARD_GREEN' }), fromDatabase)).toEqual([]);
    expect(check(rule({ product: 'DEBIT_CARD_GREEN' }))).toEqual(['rules/x.json: rule "payroll-debit-card" at /product: unknown product "DEBIT_CARD_GREEN"']);
    expect(check(rule({ linkage: 'CORPORATE_LEAD' }))).toEqual([
      'rules/x.json: rule "payroll-debit-card" at /product: linkage CORPORATE_LEAD needs a CORPORATE product, but "DEBIT_CARD_STD" is a PERSON product',
    ]);
  });

  it('gives line and column of JSON syntax errors', () => {
    expect(check('{\n  "id": "a",\n}')).toEqual(['rules/x.json: malformed JSON at line 3, column 1: trailing comma before "}"']);
    expect(check('{"id": "a\n"}')).toEqual(['rules/x.json: malformed JSON at line 1, column 10: unescaped line break or control character in a string']);
    expect(check("{'id': 1}")).toEqual(['rules/x.json: malformed JSON at line 1, column 2: expected a property name in double quotes, found "\'"']);
    expect(check('')).toEqual(['rules/x.json: malformed JSON at line 1, column 1: unexpected end of the file: expected a value']);
    expect(check('{"rules": [1, 2]} x')).toEqual(['rules/x.json: malformed JSON at line 1, column 19: unexpected "x" after the end of the JSON value']);
    expect(check(`\ufeff${JSON.stringify(rule())}`)).toEqual([]);
  });
});
