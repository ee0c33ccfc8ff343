import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main as rulesCheck } from '../../../src/cli/rules-check.cli';
import { main as rulesDocs } from '../../../src/cli/rules-docs.cli';
import { main as rulesTest } from '../../../src/cli/rules-test.cli';

const VALID = join(__dirname, '../../fixtures/rules/valid');

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (line: string) => out.push(line), err: (line: string) => err.push(line) }, out, err };
}

describe('rules CLIs', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rules-cli-'));
    cpSync(VALID, dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Edits one file of the temporary copy. */
  const edit = (file: string, from: string, to: string) => {
    const path = join(dir, file);
    const text = readFileSync(path, 'utf8');
    expect(text).toContain(from);
    writeFileSync(path, text.replace(from, to));
  };

  describe('rules-check', () => {
    it('exits 0 on a valid directory', async () => {
      const { io, out } = capture();
      await expect(rulesCheck([dir], {}, io)).resolves.toBe(0);
      expect(out.at(-1)).toMatch(/^✓ 4 rules \(3 enabled\) in 3 files are valid; version [0-9a-f]{12} /);
    });

    it('prints every error and exits 1 on a broken copy', async () => {
      edit('private-banking.json', '"operator": "greaterThan"', '"operator": "greaterThen"');
      edit('cards.json', '"product": "DEBIT_CARD_STD"', '"product": "POS_TERMINAL"');
      const { io, out } = capture();
      await expect(rulesCheck([dir], {}, io)).resolves.toBe(1);
      expect(out).toEqual([
        `${dir}/cards.json: rule "payroll-debit-card" at /product: linkage EMPLOYEE_PROSPECT needs a PERSON product, but "POS_TERMINAL" is a CORPORATE product`,
        `${dir}/private-banking.json: rule "exec-private-banking" at /conditions/any/1/all/1/operator: unknown operator "greaterThen"`,
        expect.stringMatching(new RegExp(`^✗ 2 errors in 2 files \\(${dir}, \\d+ ms\\)$`)),
      ]);
    });

    it('reads the directory from RULES_DIR when no argument is given', async () => {
      await expect(rulesCheck([], { RULES_DIR: dir }, capture().io)).resolves.toBe(0);
      await expect(rulesCheck([], { RULES_DIR: join(dir, 'missing') }, capture().io)).resolves.toBe(1);
    });

    it('prints the errors as JSON with --json', async () => {
      edit('cards.json', '"product": "DEBIT_CARD_STD"', '"product": "NOPE"');
      const { io, out } = capture();
      await expect(rulesCheck([dir, '--json'], {}, io)).resolves.toBe(1);
      expect(JSON.parse(out.join('\n'))).toEqual({
        ok: false,
        errors: [{ file: `${dir}/cards.json`, ruleId: 'payroll-debit-card', jsonPath: '/product', code: 'UNKNOWN_PRODUCT', message: 'unknown product "NOPE"' }],
      });
    });

    it('exits 2 on bad usage', async () => {
      const { io, err } = capture();
      await expect(rulesCheck(['a', 'b'], {}, io)).resolves.toBe(2);
      expect(err).toEqual(['usage: rules-check [rules-dir] [--json]']);
    });
  });

  describe('rules-test', () => {
    it('prints ✓ per rule and exits 0 when every example passes', async () => {
      const { io, out } = capture();
      await expect(rulesTest([dir], {}, io)).resolves.toBe(0);
      expect(out).toEqual([
        '✓ payroll-debit-card (2 examples)',
        '✓ gold-card-high-earners (3 examples)',
        '✓ pos-terminal-shops (2 examples)',
        '✓ exec-private-banking (3 examples)',
        '10 passed, 0 failed',
      ]);
    });

    it('prints ✗ with the deciding conditions and exits 1 when an example fails', async () => {
      edit('corporate.json', '"posTerminalCount": 2', '"posTerminalCount": 0');
      const { io, out } = capture();
      await expect(rulesTest([dir], {}, io)).resolves.toBe(1);
      expect(out).toContain(`✗ pos-terminal-shops: 1 of 2 examples failed (${dir}/corporate.json)`);
      expect(out).toContain(
        '    ✗ example "a shop that has a terminal" expects the rule not to fire, but it fires; decided by: company.industry in ["RETAIL","CATERING"] was true (fact value: "RETAIL"); company.posTerminalCount equal 0 was true (fact value: 0); employment.role equal "OWNER" was true (fact value: "OWNER")',
      );
      expect(out.at(-1)).toBe('9 passed, 1 failed');
    });

    it('lists rule errors that keep examples from running and exits 1', async () => {
      edit('private-banking.json', '"operator": "greaterThan"', '"operator": "greaterThen"');
      const { io, out } = capture();
      await expect(rulesTest([dir], {}, io)).resolves.toBe(1);
      expect(out).toContain(`  ${dir}/private-banking.json: rule "exec-private-banking" at /conditions/any/1/all/1/operator: unknown operator "greaterThen"`);
      expect(out.at(-1)).toBe('7 passed, 0 failed');
    });
  });

  describe('rules-docs', () => {
    it('creates the README and the schema, then finds them up to date', async () => {
      const { io, out } = capture();
      await expect(rulesDocs([dir, '--check'], {}, io)).resolves.toBe(1);
      expect(out).toEqual([`${dir}/README.md: out of date (run rules-docs)`, `${dir}/rule.schema.json: out of date (run rules-docs)`]);
      await expect(rulesDocs([dir], {}, capture().io)).resolves.toBe(0);
      expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain('<!-- fact-catalogue:start -->');
      await expect(rulesDocs([dir, '--check'], {}, capture().io)).resolves.toBe(0);
      await expect(rulesCheck([dir], {}, capture().io)).resolves.toBe(0);
    });

    it('finds the committed rules directory up to date', async () => {
      const { io, out } = capture();
      await expect(rulesDocs([join(__dirname, '../../../rules'), '--check'], {}, io)).resolves.toBe(0);
      expect(out.every((line) => line.endsWith('up to date'))).toBe(true);
    });
  });
});
