/**
 * Regenerates what the rules directory derives from the catalogues:
 *   - README.md: the fact catalogue and operator tables between the fact-catalogue markers (the
 *     whole authoring guide when there is no README yet);
 *   - rule.schema.json: the JSON Schema with the current fact, operator and product enums.
 *   node dist/src/cli/rules-docs.cli.js [rules-dir] [--check]
 * The directory is the first argument, else RULES_DIR, else `rules`. With --check nothing is
 * written and the exit code is 1 when a file is out of date.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRODUCT_CATALOGUE } from '../products/product-catalogue';
import { RULE_SCHEMA_FILE, ruleSchemaFileContent, updateRulesReadme } from '../rule-engine';
import type { CliIo } from './rules-check.cli';

const consoleIo: CliIo = { out: (line) => console.log(line), err: (line) => console.error(line) };

/** The generated files of a rules directory: file name → current content. */
export function generatedRulesFiles(dir: string): Record<string, string> {
  const readmePath = join(dir, 'README.md');
  return {
    'README.md': updateRulesReadme(existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : undefined),
    [RULE_SCHEMA_FILE]: ruleSchemaFileContent(PRODUCT_CATALOGUE.map((p) => p.code)),
  };
}

export async function main(argv: readonly string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env, io: CliIo = consoleIo): Promise<number> {
  const check = argv.includes('--check');
  const positional = argv.filter((a) => !a.startsWith('--'));
  if (positional.length > 1 || argv.some((a) => a.startsWith('--') && a !== '--check')) {
    io.err('usage: rules-docs [rules-dir] [--check]');
    return 2;
  }
  const dir = positional[0] ?? env.RULES_DIR ?? 'rules';
  if (!existsSync(dir)) {
    io.err(`${dir}: the rules directory does not exist`);
    return 1;
  }
  let stale = 0;
  for (const [name, content] of Object.entries(generatedRulesFiles(dir))) {
    const path = join(dir, name);
    const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    if (current === content) {
      io.out(`${path}: up to date`);
      continue;
    }
    stale++;
    if (check) {
      io.out(`${path}: out of date (run rules-docs)`);
    } else {
      writeFileSync(path, content);
      io.out(`${path}: ${current === undefined ? 'created' : 'updated'}`);
    }
  }
  return check && stale > 0 ? 1 : 0;
}

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      console.error(`rules-docs failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
