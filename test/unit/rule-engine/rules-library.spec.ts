import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PRODUCT_CATALOGUE } from '../../../src/products/product-catalogue';
import { FileSystemRuleSource, formatRuleError, loadRuleSet, runExamples } from '../../../src/rule-engine';

const RULES = join(__dirname, '../../../rules');

describe('the committed rule library (rules/)', () => {
  it('loads without errors against the product catalogue', async () => {
    const result = await loadRuleSet(new FileSystemRuleSource(RULES, 'rules'), { products: PRODUCT_CATALOGUE });
    expect(result.ok ? [] : result.errors.map(formatRuleError)).toEqual([]);
  });

  it('passes every example', async () => {
    const result = await loadRuleSet(new FileSystemRuleSource(RULES, 'rules'), { products: PRODUCT_CATALOGUE });
    if (!result.ok) throw new Error(`the rule library is invalid:\n${result.errors.map(formatRuleError).join('\n')}`);
    const report = runExamples(result.ruleSet.rules);
    expect(report.rules.filter((r) => !r.passed).map((r) => r.ruleId)).toEqual([]);
    expect(report.passed).toBeGreaterThan(0);
  });
});

describe('the rules core', () => {
  it('imports nothing from @nestjs/* or typeorm', () => {
    const dir = join(__dirname, '../../../src/rule-engine/rules');
    const files = [...readdirSync(dir).map((f) => join(dir, f)), join(__dirname, '../../../src/rule-engine/index.ts')];
    const offending = files.filter((f) => /from ['"](@nestjs\/|typeorm)/.test(readFileSync(f, 'utf8')));
    expect(offending).toEqual([]);
  });
});
