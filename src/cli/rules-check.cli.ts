/**
 * Validates every rule file and prints every error, one per line, then a summary:
 *   node dist/src/cli/rules-check.cli.js [rules-dir] [--json]
 * The directory is the first argument, else RULES_DIR, else `rules`. Products are checked against
 * the standard PRODUCT_CATALOGUE. Exit code 0 when valid, 1 on any error, 2 on bad usage.
 */
import { PRODUCT_CATALOGUE } from '../products/product-catalogue';
import { FileSystemRuleSource, formatRuleError, loadRuleSet } from '../rule-engine';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

const consoleIo: CliIo = { out: (line) => console.log(line), err: (line) => console.error(line) };

export async function main(argv: readonly string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env, io: CliIo = consoleIo): Promise<number> {
  const json = argv.includes('--json');
  const positional = argv.filter((a) => !a.startsWith('--'));
  const unknown = argv.filter((a) => a.startsWith('--') && a !== '--json');
  if (unknown.length > 0 || positional.length > 1) {
    io.err('usage: rules-check [rules-dir] [--json]');
    return 2;
  }
  const dir = positional[0] ?? env.RULES_DIR ?? 'rules';
  const started = performance.now();
  const result = await loadRuleSet(new FileSystemRuleSource(dir), { products: PRODUCT_CATALOGUE });
  const ms = Math.round(performance.now() - started);
  if (json) {
    io.out(JSON.stringify(result.ok ? { ok: true, version: result.ruleSet.version, rules: result.ruleSet.rules.length, files: result.ruleSet.files.length } : { ok: false, errors: result.errors }, null, 2));
    return result.ok ? 0 : 1;
  }
  if (!result.ok) {
    for (const error of result.errors) io.out(formatRuleError(error));
    const files = new Set(result.errors.map((e) => e.file)).size;
    io.out(`✗ ${result.errors.length} ${result.errors.length === 1 ? 'error' : 'errors'} in ${files} ${files === 1 ? 'file' : 'files'} (${dir}, ${ms} ms)`);
    return 1;
  }
  const { ruleSet } = result;
  const enabled = ruleSet.rules.filter((r) => r.enabled).length;
  io.out(`✓ ${ruleSet.rules.length} rules (${enabled} enabled) in ${ruleSet.files.length} files are valid; version ${ruleSet.version.slice(0, 12)} (${dir}, ${ms} ms)`);
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      console.error(`rules-check failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
