/**
 * The generated part of `rules/README.md`: the fact catalogue and the operators as Markdown, kept
 * between markers so the hand-written authoring guide around it survives regeneration.
 */
import { FACT_CATALOGUE, type FactPathSpec } from '../facts/fact-catalogue';
import { OPERATORS, type OperatorName } from '../types';

export const FACT_CATALOGUE_START = '<!-- fact-catalogue:start -->';
export const FACT_CATALOGUE_END = '<!-- fact-catalogue:end -->';

/** json-rules-engine's meaning of each operator, one line each. */
export const OPERATOR_MEANINGS: Readonly<Record<OperatorName, { facts: string; value: string; meaning: string }>> = {
  equal: { facts: 'number, string, boolean', value: 'same type, or null', meaning: 'fact value === value (strict: "30" is not 30)' },
  notEqual: { facts: 'number, string, boolean', value: 'same type, or null', meaning: 'fact value !== value (true for a null fact unless the value is null)' },
  in: { facts: 'number, string', value: 'array of that type', meaning: 'the value array includes the fact value' },
  notIn: { facts: 'number, string', value: 'array of that type', meaning: 'the value array does not include the fact value' },
  contains: { facts: 'string[]', value: 'one item', meaning: 'the fact array includes the value (false when the fact is not an array)' },
  doesNotContain: { facts: 'string[]', value: 'one item', meaning: 'the fact array does not include the value (false when the fact is not an array)' },
  lessThan: { facts: 'number', value: 'number', meaning: 'fact value < value (false when the fact is null or not a number)' },
  lessThanInclusive: { facts: 'number', value: 'number', meaning: 'fact value <= value (false when the fact is null or not a number)' },
  greaterThan: { facts: 'number', value: 'number', meaning: 'fact value > value (false when the fact is null or not a number)' },
  greaterThanInclusive: { facts: 'number', value: 'number', meaning: 'fact value >= value (false when the fact is null or not a number)' },
};

/** json-rules-engine 7's operator decorators, one line each (written before an operator: `someFact:in`). */
export const DECORATOR_MEANINGS: Readonly<Record<string, string>> = {
  someFact: 'the fact is an array and at least one of its items passes the operator (false when the fact is not an array)',
  everyFact: 'the fact is an array and every item passes the operator (false when the fact is not an array; true for an empty one)',
  someValue: 'the value is an array and at least one of its items passes the operator against the fact',
  everyValue: 'the value is an array and every item passes the operator against the fact (true for an empty one)',
  not: 'the opposite of the operator',
  swap: 'the operator with fact and value exchanged (`swap:contains`: the value array contains the fact value)',
};

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (text: string) => `\`${text}\``;

function typeCell(spec: FactPathSpec): string {
  return spec.nullable ? `${spec.type}, nullable` : spec.type;
}

/** The fact catalogue and operator list as Markdown (the text between the markers). */
export function renderFactCatalogueMarkdown(): string {
  const lines: string[] = [
    '<!-- Generated from src/rule-engine/facts/fact-catalogue.ts by src/cli/rules-docs.cli.ts: do not edit by hand. -->',
    '',
    '### Facts',
    '',
    'Every evaluation sees these facts. A condition names a fact and a path (`"fact": "person", "path": "$.age"`);',
    'a reason placeholder writes the same without `$.` (`{{person.age}}`); an example gives the path without `$.`',
    '(`"facts": {"person": {"age": 30}}`). The example column is the typical payroll employee that examples start from.',
  ];
  for (const fact of FACT_CATALOGUE) {
    lines.push('', `#### \`${fact.name}\``, '', cell(fact.description), '', '| path | type | values | description | example |', '| --- | --- | --- | --- | --- |');
    for (const p of fact.paths) {
      const values = p.values ? p.values.map(code).join(', ') : '';
      lines.push(`| ${code(p.path)} | ${typeCell(p)} | ${cell(values)} | ${cell(p.description)} | ${code(JSON.stringify(p.example))} |`);
    }
  }
  lines.push('', '### Operators', '', 'json-rules-engine\'s built-in operators, the only ones a rule may use.', '', '| operator | fact type | value | meaning |', '| --- | --- | --- | --- |');
  for (const operator of OPERATORS) {
    const m = OPERATOR_MEANINGS[operator];
    lines.push(`| ${code(operator)} | ${m.facts} | ${m.value} | ${cell(m.meaning)} |`);
  }
  lines.push(
    '',
    '### Operator decorators',
    '',
    'json-rules-engine 7\'s decorators, written before an operator and combinable, outermost first (`not:someFact:in`).',
    '',
    '| decorator | meaning |',
    '| --- | --- |',
  );
  for (const [decorator, meaning] of Object.entries(DECORATOR_MEANINGS)) lines.push(`| ${code(`${decorator}:`)} | ${cell(meaning)} |`);
  return lines.join('\n');
}

/** The section with its markers. */
export function factCatalogueSection(): string {
  return `${FACT_CATALOGUE_START}\n${renderFactCatalogueMarkdown()}\n${FACT_CATALOGUE_END}`;
}

/** The text between the markers of a README, or undefined when the markers are missing. */
export function extractFactCatalogueSection(readme: string): string | undefined {
  const start = readme.indexOf(FACT_CATALOGUE_START);
  const end = readme.indexOf(FACT_CATALOGUE_END);
  if (start === -1 || end === -1 || end < start) return undefined;
  return readme.slice(start, end + FACT_CATALOGUE_END.length);
}

/**
 * The README with a current fact catalogue: the section between the markers replaced, the markers
 * appended when missing, or the whole authoring guide when there is no README yet.
 */
export function updateRulesReadme(existing: string | undefined): string {
  if (existing === undefined) return rulesReadmeTemplate();
  const current = extractFactCatalogueSection(existing);
  if (current !== undefined) return existing.replace(current, () => factCatalogueSection());
  return `${existing.replace(/\s*$/, '')}\n\n## Fact catalogue\n\n${factCatalogueSection()}\n`;
}

/** The authoring guide written when `rules/README.md` does not exist. */
export function rulesReadmeTemplate(): string {
  return `# Cross-sell rules

Each \`*.json\` file in this directory (except \`rule.schema.json\`) holds cross-sell rules. The service
loads and validates all of them at start and refuses to start on any error; every opportunity is
stamped with the rule set version, a sha256 over the files' bytes.

\`\`\`sh
npm run rules:check   # validate every file: all errors at once, exit 1 on any
npm run rules:test    # run every rule's examples: per rule ✓/✗ with the deciding conditions
\`\`\`

The fact catalogue at the end of this file and \`rule.schema.json\` are generated from the fact and
product catalogues; after changing either, regenerate both (unit tests fail while they are stale):

\`\`\`sh
npm run build && node dist/src/cli/rules-docs.cli.js        # or: ... rules-docs.cli.js --check
\`\`\`

## File format

A file holds one rule, or a list of rules under \`"rules"\`. Point \`$schema\` at the schema to get
completion and checking in your editor:

\`\`\`json
{
  "$schema": "./rule.schema.json",
  "rules": [
    {
      "id": "payroll-debit-card",
      "description": "Payroll employees paid through us without our debit card: offer the payroll debit card (raises the card matching rate).",
      "linkage": "EMPLOYEE_PROSPECT",
      "product": "DEBIT_CARD_STD",
      "priority": 10,
      "propensity": 0.35,
      "lever": 0.2,
      "tags": ["cards", "payroll"],
      "conditions": {
        "all": [
          { "fact": "employment", "path": "$.salaryPaidHere", "operator": "equal", "value": true },
          { "fact": "holdings", "path": "$.categories", "operator": "doesNotContain", "value": "DEBIT_CARD" }
        ]
      },
      "reason": "Salary of {{employment.monthlySalary}} a month is paid here, but no debit card is held.",
      "examples": [
        { "name": "payroll employee without a card", "facts": { "holdings": { "categories": [] } }, "expect": true },
        { "name": "already holds a card", "facts": { "holdings": { "categories": ["DEBIT_CARD"] } }, "expect": false }
      ]
    }
  ]
}
\`\`\`

| field | required | meaning |
| --- | --- | --- |
| \`id\` | yes | kebab-case, unique across all files; stamped on opportunities, so do not rename lightly |
| \`description\` | yes | one sentence: who, what, why |
| \`linkage\` | yes | \`EMPLOYEE_PROSPECT\`, \`EXECUTIVE_LEAD\` or \`CORPORATE_LEAD\` (see below) |
| \`product\` | yes | a product code; PERSON products for the first two linkages, CORPORATE products for \`CORPORATE_LEAD\` |
| \`priority\` | no (1) | 1–100, json-rules-engine's rule priority |
| \`propensity\` | yes | 0–1, the expected acceptance rate |
| \`lever\` | no (0) | 0–10 business weight: score = propensity × product value × (1 + lever) |
| \`enabled\` | no (true) | \`false\` keeps the rule loaded, checked and versioned, but never evaluated |
| \`tags\` | no ([]) | free labels |
| \`conditions\` | yes | json-rules-engine syntax: \`all\` / \`any\` / \`not\` at the top, nested freely; leaves \`{fact, path, operator, value}\`; \`value\` may be a fact reference \`{"fact": "employment", "path": "$.monthlySalary"}\` |
| \`reason\` | yes | text for the manager; \`{{fact.path}}\` placeholders such as \`{{employment.monthlySalary}}\` are filled in (salaries and balances are shown as bands where the viewer may not see exact amounts) |
| \`examples\` | yes | at least one that fires and one that does not (see below) |

## Examples

Examples are documentation that is proven on every check. An example's \`facts\` are partial: each fact
object given is shallow-merged over the catalogue's typical payroll employee (the example column
below), so an example states only what matters to it. \`"expect": true\` means the rule must fire.
The checker evaluates every example; one whose outcome differs from \`expect\` is an error naming the
conditions that decided it.

## What the engine enforces, so rules need not

- products the party already holds are never offered again;
- consent: customers who refused marketing or asked not to be contacted get no opportunities;
- suitability: a risk product (risk level R1–R5) only when R ≤ the customer's tolerance C with a valid assessment;
  without a valid assessment the useful next step is a risk assessment renewal instead;
- cooling-off: after a decline the same product is suppressed for a period (the decision policy's \`coolingOffDays\`);
- contact policy: a party never has more than N open opportunities at once (the decision policy's \`maxOpenPerParty\`).

## Who a linkage reaches

- \`EMPLOYEE_PROSPECT\` rules are evaluated for current employments with role \`EMPLOYEE\`: the facts are the
  person, that employment and its company (the employer).
- \`EXECUTIVE_LEAD\` rules are evaluated for current employments with role \`EXECUTIVE\` or \`OWNER\`.
- \`CORPORATE_LEAD\` rules are evaluated for companies reached through their owners and executives: the
  company is the party; \`person\`, \`employment\` and \`holdings\` are those of the owner or executive, and the
  company's own products are in \`company.productCodes\` / \`company.productCategories\`.

## Fact catalogue

${factCatalogueSection()}
`;
}
