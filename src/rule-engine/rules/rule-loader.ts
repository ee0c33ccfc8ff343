/**
 * The loader: reads a rule source, validates everything, and returns either every error or an
 * immutable rule set stamped with a content hash.
 */
import { createHash } from 'node:crypto';
import type { LoadedRule } from './rule-definition';
import { RuleErrorCode, RuleSetInvalidError, type RuleError } from './rule-errors';
import { RuleSourceError, type RuleFile, type RuleSource } from './rule-source';
import { validateRuleFiles, type RuleValidationOptions } from './rule-validator';

/** A validated, compiled, deep-frozen set of rules. */
export interface RuleSet {
  /** Content hash, see `ruleSetVersion`; stamped on every opportunity. */
  readonly version: string;
  /** When the set was loaded (ISO 8601). */
  readonly loadedAt: string;
  /** The rules directory as given (`rules`). */
  readonly location: string;
  /** The files as read, sorted by path (relative to the rules directory). */
  readonly files: readonly Readonly<RuleFile>[];
  /** Every rule in file order, disabled ones included (`enabled: false`). */
  readonly rules: readonly LoadedRule[];
}

export type RuleSetLoadResult = { ok: true; ruleSet: RuleSet } | { ok: false; errors: RuleError[] };

export interface LoadRuleSetOptions extends Omit<RuleValidationOptions, 'location' | 'checkExamples'> {
  /** Clock for `loadedAt` (tests). */
  now?: () => Date;
}

/**
 * The rule set version: sha256 (hex) over the files sorted by their path relative to the rules
 * directory (plain code-unit order), each fed as `<path>\n<byte length>\n<raw UTF-8 bytes>\n`.
 * Raw bytes, not canonical JSON: reformatting a file or reordering its keys gives a new version,
 * renaming a file too; the same bytes give the same version wherever the directory lives.
 */
export function ruleSetVersion(files: readonly RuleFile[]): string {
  const hash = createHash('sha256');
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const file of sorted) {
    const bytes = Buffer.from(file.content, 'utf8');
    hash.update(`${file.path}\n${bytes.length}\n`, 'utf8');
    hash.update(bytes);
    hash.update('\n', 'utf8');
  }
  return hash.digest('hex');
}

/** Freezes a value and everything reachable from it (objects, arrays, functions' own properties). */
export function deepFreeze<T>(value: T, seen = new WeakSet<object>()): T {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return value;
  const object = value as unknown as object;
  if (seen.has(object)) return value;
  seen.add(object);
  for (const key of Reflect.ownKeys(object)) {
    const descriptor = Reflect.getOwnPropertyDescriptor(object, key);
    if (descriptor && 'value' in descriptor) deepFreeze(descriptor.value, seen);
  }
  return Object.freeze(value);
}

/** Validates files already read and builds the rule set (synchronous; `loadRuleSet` reads a source first). */
export function buildRuleSet(files: readonly RuleFile[], options: LoadRuleSetOptions & { location?: string }): RuleSetLoadResult {
  const location = options.location ?? 'rules';
  const result = validateRuleFiles(files, { ...options, location, checkExamples: true });
  if (result.errors.length > 0) return { ok: false, errors: result.errors };
  const sortedFiles = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map((f) => ({ path: f.path, content: f.content }));
  const ruleSet: RuleSet = {
    version: ruleSetVersion(sortedFiles),
    loadedAt: (options.now?.() ?? new Date()).toISOString(),
    location,
    files: sortedFiles,
    rules: result.rules,
  };
  return { ok: true, ruleSet: deepFreeze(ruleSet) };
}

/** Reads, validates and compiles every rule file of the source; never throws for bad rules. */
export async function loadRuleSet(source: RuleSource, options: LoadRuleSetOptions): Promise<RuleSetLoadResult> {
  let files: RuleFile[];
  try {
    files = await source.readFiles();
  } catch (error) {
    if (!(error instanceof RuleSourceError)) throw error;
    return {
      ok: false,
      errors: error.problems.map((p) => ({ file: p.path ? `${source.location}/${p.path}` : source.location, jsonPath: '', code: RuleErrorCode.UNREADABLE, message: p.message })),
    };
  }
  return buildRuleSet(files, { ...options, location: source.location });
}

/** Like `loadRuleSet`, but rejects with a `RuleSetInvalidError` listing every error (for boot). */
export async function loadRuleSetOrThrow(source: RuleSource, options: LoadRuleSetOptions): Promise<RuleSet> {
  const result = await loadRuleSet(source, options);
  if (!result.ok) throw new RuleSetInvalidError(result.errors);
  return result.ruleSet;
}
