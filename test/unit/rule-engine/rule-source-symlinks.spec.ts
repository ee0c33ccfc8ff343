import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSystemRuleSource, RuleSourceError } from '../../../src/rule-engine/rules';

const RULES = join(__dirname, '..', '..', '..', 'rules');

describe('rule files mounted as symlinks', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rules-configmap-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** What kubelet makes of a ConfigMap: files in `..<timestamp>/`, `..data` linking to it, one link per file. */
  function mountLikeAConfigMap(): string[] {
    const names = readdirSync(RULES).filter((n) => n.endsWith('.json'));
    mkdirSync(join(dir, '..2026_12_02_01_00_00.123456789'));
    for (const name of names) copyFileSync(join(RULES, name), join(dir, '..2026_12_02_01_00_00.123456789', name));
    symlinkSync('..2026_12_02_01_00_00.123456789', join(dir, '..data'));
    for (const name of names) symlinkSync(join('..data', name), join(dir, name));
    return names;
  }

  it('loads every linked file once, exactly as the plain directory', async () => {
    mountLikeAConfigMap();
    const mounted = await new FileSystemRuleSource(dir).readFiles();
    const plain = await new FileSystemRuleSource(RULES).readFiles();
    expect(mounted.length).toBeGreaterThan(0);
    expect(mounted).toEqual(plain);
  });

  it('reports a link that leads nowhere', async () => {
    symlinkSync(join(dir, 'missing.json'), join(dir, 'dangling.json'));
    await expect(new FileSystemRuleSource(dir).readFiles()).rejects.toThrow(RuleSourceError);
  });
});
