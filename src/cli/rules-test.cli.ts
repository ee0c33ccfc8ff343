/**
 * Runs every rule's examples and prints per rule ✓/✗, the failing examples with the conditions that
 * decided them, and the summary line `N passed, N failed` (examples):
 *   node dist/src/cli/rules-test.cli.js [rules-dir]
 * The directory is the first argument, else RULES_DIR, else `rules`. Rule errors that keep examples
 * from running (bad conditions, malformed files) are printed too. Exit code 1 on any failure.
 */
import { PRODUCT_CATALOGUE } from '../products/product-catalogue';
import { FileSystemRuleSource, RuleErrorCode, RuleSourceError, describeFailure, formatRuleError, runExamples, validateRuleFiles } from '../rule-engine';
import type { CliIo } from './rules-check.cli';

const consoleIo: CliIo = { out: (line) => console.log(line), err: (line) => console.error(line) };

const EXAMPLE_CODES = new Set<RuleErrorCode>([RuleErrorCode.EXAMPLE_CONTRADICTS, RuleErrorCode.EXAMPLE_ERROR]);

export async function main(argv: readonly string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env, io: CliIo = consoleIo): Promise<number> {
  if (argv.length > 1 || argv.some((a) => a.startsWith('--'))) {
    io.err('usage: rules-test [rules-dir]');
    return 2;
  }
  const dir = argv[0] ?? env.RULES_DIR ?? 'rules';
  const source = new FileSystemRuleSource(dir);
  let files;
  try {
    files = await source.readFiles();
  } catch (error) {
    if (!(error instanceof RuleSourceError)) throw error;
    for (const p of error.problems) io.out(`${p.path ? `${source.location}/${p.path}` : source.location}: ${p.message}`);
    io.out('0 passed, 0 failed');
    return 1;
  }
  const validation = validateRuleFiles(files, { products: PRODUCT_CATALOGUE, location: source.location, checkExamples: false });
  const ruleErrors = validation.errors.filter((e) => !EXAMPLE_CODES.has(e.code));
  const report = runExamples(validation.runnable);
  for (const rule of report.rules) {
    const failed = rule.examples.filter((e) => !e.passed);
    if (failed.length === 0) {
      io.out(`✓ ${rule.ruleId} (${rule.examples.length} ${rule.examples.length === 1 ? 'example' : 'examples'})`);
      continue;
    }
    io.out(`✗ ${rule.ruleId}: ${failed.length} of ${rule.examples.length} examples failed (${rule.file})`);
    for (const outcome of failed) io.out(`    ✗ ${describeFailure(outcome)}`);
  }
  if (ruleErrors.length > 0) {
    io.out('');
    io.out(`${ruleErrors.length} rule ${ruleErrors.length === 1 ? 'error' : 'errors'} (rules:check lists them too):`);
    for (const error of ruleErrors) io.out(`  ${formatRuleError(error)}`);
  }
  io.out(`${report.passed} passed, ${report.failed} failed`);
  return report.failed > 0 || ruleErrors.length > 0 ? 1 : 0;
}

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      console.error(`rules-test failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
