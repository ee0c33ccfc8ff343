import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PRODUCT_CATALOGUE } from '../../../src/products/product-catalogue';
import {
  FileSystemRuleSource,
  InMemoryRuleSource,
  RuleErrorCode,
  RuleSetInvalidError,
  exampleFacts,
  loadRuleSet,
  loadRuleSetOrThrow,
  ruleSetVersion,
  type LoadedRule,
  type RuleSet,
} from '../../../src/rule-engine';

const VALID = join(__dirname, '../../fixtures/rules/valid');
const options = { products: PRODUCT_CATALOGUE };

/** The valid fixture set as an in-memory file map. */
function validFiles(): Record<string, string> {
  return Object.fromEntries(readdirSync(VALID).map((name) => [name, readFileSync(join(VALID, name), 'utf8')]));
}

async function load(files: Record<string, string>): Promise<RuleSet> {
  return loadRuleSetOrThrow(new InMemoryRuleSource(files), options);
}

describe('loading a rule set', () => {
  it('loads every rule of the valid fixture set in file order, with defaults applied', async () => {
    const ruleSet = await loadRuleSetOrThrow(new FileSystemRuleSource(VALID), options);
    expect(ruleSet.files.map((f) => f.path)).toEqual(['cards.json', 'corporate.json', 'private-banking.json']);
    expect(ruleSet.rules.map((r) => r.id)).toEqual(['payroll-debit-card', 'gold-card-high-earners', 'pos-terminal-shops', 'exec-private-banking']);
    const pos = ruleSet.rules.find((r) => r.id === 'pos-terminal-shops')!;
    expect(pos.definition).toMatchObject({ priority: 1, lever: 0, enabled: true, tags: [], linkage: 'CORPORATE_LEAD', product: 'POS_TERMINAL' });
    expect(pos.file).toBe(`${VALID}/corporate.json`);
  });

  it('loads disabled rules but marks them', async () => {
    const ruleSet = await load(validFiles());
    const gold = ruleSet.rules.find((r) => r.id === 'gold-card-high-earners')!;
    expect(gold.enabled).toBe(false);
    expect(gold.definition.enabled).toBe(false);
    expect(ruleSet.rules.filter((r) => r.enabled)).toHaveLength(3);
  });

  it('compiles each rule\'s conditions', async () => {
    const ruleSet = await load(validFiles());
    const card = ruleSet.rules.find((r) => r.id === 'payroll-debit-card')!;
    expect(card.conditions.evaluate(exampleFacts({ holdings: { categories: [] } }))).toBe(true);
    expect(card.conditions.evaluate(exampleFacts())).toBe(false);
    expect(card.conditions.explain(exampleFacts()).kind).toBe('all');
  });

  it('stamps loadedAt from the clock it is given', async () => {
    const result = await loadRuleSet(new InMemoryRuleSource(validFiles()), { ...options, now: () => new Date('2026-11-23T08:00:00Z') });
    expect(result.ok && result.ruleSet.loadedAt).toBe('2026-11-23T08:00:00.000Z');
  });
});

describe('the rule set version', () => {
  it('is the sha256 of the files sorted by path, the same wherever the files come from', async () => {
    const fromDisk = await loadRuleSetOrThrow(new FileSystemRuleSource(VALID, 'rules'), options);
    const fromMemory = await load(validFiles());
    const reversed = Object.fromEntries(Object.entries(validFiles()).reverse());
    expect(fromDisk.version).toMatch(/^[0-9a-f]{64}$/);
    expect(fromMemory.version).toBe(fromDisk.version);
    expect((await load(reversed)).version).toBe(fromDisk.version);
    expect(ruleSetVersion(fromDisk.files)).toBe(fromDisk.version);
  });

  it('changes when a byte changes, even only whitespace', async () => {
    const files = validFiles();
    const before = (await load(files)).version;
    const after = (await load({ ...files, 'corporate.json': `${files['corporate.json']}\n` })).version;
    expect(after).not.toBe(before);
  });

  it('changes when a file is renamed', async () => {
    const { 'corporate.json': corporate, ...rest } = validFiles();
    const before = (await load(validFiles())).version;
    expect((await load({ ...rest, 'shops.json': corporate })).version).not.toBe(before);
  });

  it('does not depend on how files are split into path and content', () => {
    expect(ruleSetVersion([{ path: 'a.json', content: 'b.json\n1\nx' }])).not.toBe(ruleSetVersion([{ path: 'a.json\n', content: '' }, { path: 'b.json', content: 'x' }]));
  });
});

describe('immutability', () => {
  it('deep-freezes the loaded set', async () => {
    const ruleSet = await load(validFiles());
    const rule = ruleSet.rules[0];
    expect(Object.isFrozen(ruleSet)).toBe(true);
    expect(Object.isFrozen(ruleSet.rules)).toBe(true);
    expect(Object.isFrozen(ruleSet.files[0])).toBe(true);
    expect(Object.isFrozen(rule.definition.conditions)).toBe(true);
    expect(Object.isFrozen(rule.definition.examples[0].facts)).toBe(true);
    expect(Object.isFrozen(rule.conditions)).toBe(true);
    expect(() => (ruleSet.rules as LoadedRule[]).pop()).toThrow(TypeError);
    expect(() => {
      (rule.definition as { propensity: number }).propensity = 1;
    }).toThrow(TypeError);
    expect(() => {
      (rule.definition.tags as string[]).push('x');
    }).toThrow(TypeError);
  });

  it('keeps evaluating after freezing', async () => {
    const ruleSet = await load(validFiles());
    const pos = ruleSet.rules.find((r) => r.id === 'pos-terminal-shops')!;
    expect(pos.conditions.evaluate(exampleFacts({ company: { industry: 'CATERING' }, employment: { role: 'OWNER' } }))).toBe(true);
  });
});

describe('rule sources', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rules-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads only *.json beside the schema and the README', async () => {
    for (const [name, content] of Object.entries(validFiles())) writeFileSync(join(dir, name), content);
    writeFileSync(join(dir, 'rule.schema.json'), '{"not": "a rule"}');
    writeFileSync(join(dir, 'README.md'), '# rules');
    const files = await new FileSystemRuleSource(dir).readFiles();
    expect(files.map((f) => f.path)).toEqual(['cards.json', 'corporate.json', 'private-banking.json']);
    const memory = await new InMemoryRuleSource({ ...validFiles(), 'rule.schema.json': '{}', 'README.md': '#' }).readFiles();
    expect(memory).toEqual(files);
  });

  it('reports a missing directory as unreadable', async () => {
    const result = await loadRuleSet(new FileSystemRuleSource(join(dir, 'nope'), 'rules'), options);
    expect(result).toEqual({ ok: false, errors: [{ file: 'rules', jsonPath: '', code: RuleErrorCode.UNREADABLE, message: 'the rules directory does not exist' }] });
  });

  it('reports a file that is not UTF-8', async () => {
    writeFileSync(join(dir, 'bad.json'), Buffer.from([0x7b, 0xff, 0x7d]));
    const result = await loadRuleSet(new FileSystemRuleSource(dir, 'rules'), options);
    expect(result.ok ? [] : result.errors).toEqual([{ file: 'rules/bad.json', jsonPath: '', code: RuleErrorCode.UNREADABLE, message: 'not valid UTF-8' }]);
  });

  it('refuses an empty directory unless told to accept it', async () => {
    const refused = await loadRuleSet(new FileSystemRuleSource(dir, 'rules'), options);
    expect(refused.ok ? [] : refused.errors.map((e) => e.code)).toEqual([RuleErrorCode.NO_RULES]);
    const accepted = await loadRuleSet(new FileSystemRuleSource(dir, 'rules'), { ...options, allowEmpty: true });
    expect(accepted.ok && accepted.ruleSet.rules).toEqual([]);
  });

  it('rejects with every error when loading must succeed', async () => {
    const files = { ...validFiles(), 'broken.json': '{', 'dup.json': JSON.stringify({ ...JSON.parse(validFiles()['private-banking.json']) }) };
    const load = loadRuleSetOrThrow(new InMemoryRuleSource(files), options);
    await expect(load).rejects.toThrow(RuleSetInvalidError);
    await expect(load).rejects.toMatchObject({
      errors: [
        { file: 'rules/broken.json', code: RuleErrorCode.MALFORMED_JSON },
        { file: 'rules/private-banking.json', ruleId: 'exec-private-banking', code: RuleErrorCode.DUPLICATE_ID },
      ],
    });
    await expect(load).rejects.toThrow(/^2 rule errors:\nrules\/broken.json: malformed JSON at line 1, column 2/);
  });
});
