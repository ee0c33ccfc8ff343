import Ajv from 'ajv';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PRODUCT_CATALOGUE } from '../../../src/products/product-catalogue';
import { FACT_CATALOGUE, LINKAGES, OPERATORS, buildRuleSchema, ruleSchemaFileContent, type JsonSchema } from '../../../src/rule-engine';

const ROOT = join(__dirname, '../../..');
const FIXTURES = join(ROOT, 'test/fixtures/rules');
const committedText = () => readFileSync(join(ROOT, 'rules/rule.schema.json'), 'utf8');
const committed = (): any => JSON.parse(committedText());

function editorValidator() {
  return new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(committed());
}

const fixture = (mode: string, file: string) => JSON.parse(readFileSync(join(FIXTURES, mode, file), 'utf8'));

describe('rules/rule.schema.json', () => {
  it('is what the catalogues generate (run rules-docs after changing a catalogue)', () => {
    expect(committedText()).toBe(ruleSchemaFileContent(PRODUCT_CATALOGUE.map((p) => p.code)));
  });

  it('enumerates exactly the catalogue linkages, products, facts, paths and operators', () => {
    const schema = committed();
    const rule = schema.definitions.rule.properties;
    const condition = schema.definitions.condition;
    expect(rule.linkage.enum).toEqual([...LINKAGES]);
    expect(rule.product.enum).toEqual(PRODUCT_CATALOGUE.map((p) => p.code));
    expect(condition.properties.fact.enum).toEqual(FACT_CATALOGUE.map((f) => f.name));
    expect(condition.properties.operator.anyOf[0].enum).toEqual([...OPERATORS]);
    const decorated = new RegExp(condition.properties.operator.anyOf[1].pattern);
    expect(['not:someFact:in', 'swap:contains', 'everyValue:lessThan'].every((op) => decorated.test(op))).toBe(true);
    expect(['someFact:', 'maybe:in', 'not:greaterThen', 'in'].some((op) => decorated.test(op))).toBe(false);
    const pathEnums = Object.fromEntries(
      (condition.allOf as JsonSchema[]).filter((s: any) => s.then.properties.path).map((s: any) => [s.if.properties.fact.const, s.then.properties.path.enum]),
    );
    expect(pathEnums).toEqual(Object.fromEntries(FACT_CATALOGUE.map((f) => [f.name, f.paths.map((p) => p.path)])));
  });

  it('has a description on every rule, condition and example property', () => {
    const schema = committed();
    for (const name of ['rule', 'condition', 'topLevelCondition', 'factReference', 'example']) {
      for (const [key, property] of Object.entries(schema.definitions[name].properties as Record<string, JsonSchema>)) {
        expect([name, key, typeof property.description]).toEqual([name, key, 'string']);
      }
    }
  });

  it('compiles in ajv strict mode and accepts every valid fixture', () => {
    const validate = editorValidator();
    for (const file of readdirSync(join(FIXTURES, 'valid'))) {
      expect([file, validate(fixture('valid', file)), validate.errors]).toEqual([file, true, null]);
    }
  });

  it('accepts named conditions (a conditions file and a conditions section) and decorated operators', () => {
    const validate = editorValidator();
    for (const file of readdirSync(join(FIXTURES, 'named-conditions-and-decorators'))) {
      expect([file, validate(fixture('named-conditions-and-decorators', file)), validate.errors]).toEqual([file, true, null]);
    }
  });

  it('lets an editor flag what the validator reports', () => {
    const validate = editorValidator();
    for (const [mode, file] of [
      ['unknown-fact', 'cards.json'],
      ['unknown-path', 'cards.json'],
      ['unknown-operator', 'wealth.json'],
      ['unknown-product', 'cards.json'],
      ['enum-value', 'cards.json'],
      ['type-mismatch', 'cards.json'],
      ['empty-rule', 'cards.json'],
      ['missing-example', 'cards.json'],
      ['invalid-structure', 'cards.json'],
    ]) {
      expect([mode, validate(fixture(mode, file))]).toEqual([mode, false]);
    }
  });

  it('leaves catalogue enums out of the structural schema the validator runs', () => {
    const structural = buildRuleSchema({ mode: 'structural' }) as any;
    expect(structural.definitions.rule.properties.product).not.toHaveProperty('enum');
    expect(structural.definitions).not.toHaveProperty('condition');
    expect(structural.definitions.rule.properties.linkage.enum).toEqual([...LINKAGES]);
  });
});
