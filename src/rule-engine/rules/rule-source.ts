/**
 * Where rule files come from, behind one small interface: the filesystem in the service and the
 * CLIs, memory in tests.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** One rule file. */
export interface RuleFile {
  /** Path relative to the rules directory, forward slashes (`cards.json`). The version hash uses it. */
  path: string;
  /** The file's text (UTF-8, as read: the hash is over exactly these bytes). */
  content: string;
}

/** A file the source could not read. */
export interface RuleSourceProblem {
  /** Path relative to the rules directory; empty for the directory itself. */
  path: string;
  message: string;
}

/** Thrown by `readFiles` when the directory or a file cannot be read (every problem at once). */
export class RuleSourceError extends Error {
  constructor(readonly problems: readonly RuleSourceProblem[]) {
    super(problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join('\n'));
    this.name = 'RuleSourceError';
  }
}

export interface RuleSource {
  /** The rules directory as given (`rules`); errors name files `<location>/<path>`. */
  readonly location: string;
  /** Every rule file: the `*.json` files of the directory except `rule.schema.json`, sorted by path. */
  readFiles(): Promise<RuleFile[]>;
}

/** The name of the schema file that lives beside the rules and is not a rule file. */
export const RULE_SCHEMA_FILE = 'rule.schema.json';

export const isRuleFileName = (name: string): boolean => name.endsWith('.json') && name !== RULE_SCHEMA_FILE;

const byPath = (a: RuleFile, b: RuleFile) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** Reads `*.json` directly in `dir` (not its subdirectories), following symlinks; hidden entries are skipped. */
export class FileSystemRuleSource implements RuleSource {
  readonly location: string;

  /**
   * @param dir the rules directory (relative to the working directory or absolute)
   * @param location how errors name the directory; default `dir` as given
   */
  constructor(
    private readonly dir: string,
    location?: string,
  ) {
    this.location = (location ?? dir).replace(/\\/g, '/').replace(/\/+$/, '');
  }

  async readFiles(): Promise<RuleFile[]> {
    let names: string[];
    try {
      const entries = await readdir(this.dir, { withFileTypes: true });
      // Hidden entries are skipped: a Kubernetes ConfigMap mounts each file as a symlink into a
      // hidden `..data` folder (itself a link to `..<timestamp>`), which must not load twice.
      const visible = entries.filter((e) => !e.name.startsWith('.') && isRuleFileName(e.name));
      names = visible.filter((e) => e.isFile() || e.isSymbolicLink()).map((e) => e.name);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const message = code === 'ENOENT' ? 'the rules directory does not exist' : code === 'ENOTDIR' ? 'not a directory' : `cannot read the rules directory (${code ?? String(error)})`;
      throw new RuleSourceError([{ path: '', message }]);
    }
    const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    const problems: RuleSourceProblem[] = [];
    const files: RuleFile[] = [];
    for (const name of names) {
      let bytes: Buffer;
      try {
        // A symlink is followed; one to a directory is not a rule file.
        if (!(await stat(join(this.dir, name))).isFile()) continue;
        bytes = await readFile(join(this.dir, name));
      } catch (error) {
        problems.push({ path: name, message: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})` });
        continue;
      }
      try {
        files.push({ path: name, content: decoder.decode(bytes) });
      } catch {
        problems.push({ path: name, message: 'not valid UTF-8' });
      }
    }
    if (problems.length > 0) throw new RuleSourceError(problems);
    return files.sort(byPath);
  }
}

/** Rule files held in memory (tests, or rules received through an API). */
export class InMemoryRuleSource implements RuleSource {
  private readonly files: RuleFile[];

  /** @param files path → content, or a list of files; `rule.schema.json` and non-`.json` paths are ignored like on disk */
  constructor(
    files: Readonly<Record<string, string>> | readonly RuleFile[],
    readonly location = 'rules',
  ) {
    const list = Array.isArray(files) ? (files as readonly RuleFile[]) : Object.entries(files).map(([path, content]) => ({ path, content }));
    this.files = list.filter((f) => isRuleFileName(f.path)).map((f) => ({ ...f }));
  }

  async readFiles(): Promise<RuleFile[]> {
    return this.files.map((f) => ({ ...f })).sort(byPath);
  }
}
