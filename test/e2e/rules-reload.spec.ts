import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

const RULESET = '{ ruleset { version loadedAt ruleCount rules { id enabled } lastRejectedReload { trigger errors { code text } } } }';

describe('rule set loading and hot reload', () => {
  let db: TestDatabase;
  let api: TestApp;
  let dir: string;
  let ruleFile: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cross-sell-rules-'));
    cpSync(join(__dirname, '..', '..', 'rules'), dir, { recursive: true });
    ruleFile = readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'rule.schema.json').sort()[0]!;
    db = await createTestDatabase();
    api = await createTestApp(db.url, { RULES_DIR: dir });
    api.actAs(await api.signIn('RULE_ADMIN'));
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Polls the API until `done` holds, at most `ms`; returns the last answer and how long it took. */
  async function until(done: (data: any) => boolean, ms: number): Promise<{ data: any; elapsed: number }> {
    const started = Date.now();
    let data: any;
    while (Date.now() - started < ms) {
      data = (await api.gql(RULESET)).data;
      if (done(data)) return { data, elapsed: Date.now() - started };
      await new Promise((r) => setTimeout(r, 50));
    }
    return { data, elapsed: Date.now() - started };
  }

  it('records the serving version with its content in the database', async () => {
    const { data } = await api.gql(RULESET);
    expect(data.ruleset.version).toMatch(/^[0-9a-f]{64}$/);
    expect(data.ruleset.ruleCount).toBeGreaterThanOrEqual(30);
    const ds = await db.dataSource();
    const [row] = await ds.query('SELECT rule_count, jsonb_array_length(files) AS files FROM rule_set_versions WHERE version = $1', [data.ruleset.version]);
    expect(row.rule_count).toBe(data.ruleset.ruleCount);
    expect(row.files).toBeGreaterThan(0);
  });

  it('serves a valid change within 2 seconds and refuses an invalid one, with no failed request meanwhile', async () => {
    const before = (await api.gql(RULESET)).data.ruleset;
    const failures: unknown[] = [];
    let stop = false;
    const load = (async () => {
      while (!stop) {
        const res = await api.gql('{ ruleset { version ruleCount } }');
        if (res.status !== 200 || res.errors) failures.push(res.errors ?? res.status);
      }
    })();
    try {
      // A valid change: disable the first rule of the first file.
      const original = readFileSync(join(dir, ruleFile), 'utf8');
      const parsed = JSON.parse(original);
      const target = Array.isArray(parsed.rules) ? parsed.rules[0] : parsed;
      target.enabled = false;
      writeFileSync(join(dir, ruleFile), JSON.stringify(parsed, null, 2));
      const changed = await until((d) => d.ruleset.version !== before.version, 5000);
      expect(changed.data.ruleset.version).not.toBe(before.version);
      expect(changed.elapsed).toBeLessThan(2000);
      expect(changed.data.ruleset.rules.find((r: any) => r.id === target.id).enabled).toBe(false);

      // An invalid change: an unknown operator. The previous version keeps serving.
      const serving = changed.data.ruleset.version;
      target.conditions = { all: [{ fact: 'person', path: '$.age', operator: 'greaterThen', value: 30 }] };
      writeFileSync(join(dir, ruleFile), JSON.stringify(parsed, null, 2));
      const refused = await until((d) => d.ruleset.lastRejectedReload !== null, 5000);
      expect(refused.data.ruleset.version).toBe(serving);
      expect(refused.data.ruleset.lastRejectedReload.trigger).toBe('FILE_CHANGE');
      expect(refused.data.ruleset.lastRejectedReload.errors).toContainEqual({
        code: 'UNKNOWN_OPERATOR',
        text: expect.stringContaining(`rule "${target.id}" at /conditions/all/0/operator: unknown operator "greaterThen"`),
      });
    } finally {
      stop = true;
      await load;
    }
    expect(failures).toEqual([]);
    // Both file-change reloads, the applied one and the refused one, are in the audit trail.
    const ds = await db.dataSource();
    const read = () => ds.query(`SELECT manager_external_id, operation, details FROM audit_events WHERE action = 'RULES_RELOADED' ORDER BY id`);
    let audited = await read();
    for (let i = 0; i < 40 && audited.length < 2; i++) audited = await new Promise((r) => setTimeout(r, 50)).then(read); // written just after the swap
    expect(audited).toEqual([
      expect.objectContaining({ manager_external_id: 'service:rule-file-watcher', operation: 'fileChange', details: expect.objectContaining({ applied: true }) }),
      expect.objectContaining({ manager_external_id: 'service:rule-file-watcher', operation: 'fileChange', details: expect.objectContaining({ applied: false, errorCount: 1 }) }),
    ]);
  });

  it('reloads on request and answers with the errors that kept the old set', async () => {
    const res = await api.gql('mutation { reloadRules { applied errors { code } ruleset { version } } }');
    expect(res.errors).toBeUndefined();
    expect(res.data.reloadRules.applied).toBe(false);
    expect(res.data.reloadRules.errors.map((e: any) => e.code)).toContain('UNKNOWN_OPERATOR');
    // Restore a valid file and reload by hand.
    const parsed = JSON.parse(readFileSync(join(dir, ruleFile), 'utf8'));
    const target = Array.isArray(parsed.rules) ? parsed.rules[0] : parsed;
    target.conditions = { all: [{ fact: 'person', path: '$.age', operator: 'greaterThan', value: 30 }] };
    target.examples = [
      { name: 'older', facts: { person: { age: 40 } }, expect: true },
      { name: 'younger', facts: { person: { age: 20 } }, expect: false },
    ];
    writeFileSync(join(dir, ruleFile), JSON.stringify(parsed, null, 2));
    const again = await api.gql('mutation { reloadRules { applied errors { code } } }');
    expect(again.data.reloadRules).toEqual({ applied: true, errors: [] });
  });
});

describe('starting with invalid rules', () => {
  it('refuses to start and lists every error with file, rule and JSON path', async () => {
    const db = await createTestDatabase();
    try {
      const broken = join(__dirname, '..', 'fixtures', 'rules', 'several-errors');
      const attempt = createTestApp(db.url, { RULES_DIR: broken });
      await expect(attempt).rejects.toThrow(/rule errors:\n/);
      await expect(createTestApp(db.url, { RULES_DIR: broken })).rejects.toThrow(/several-errors\/[a-z]+\.json: rule "[a-z0-9-]+" at \//);
    } finally {
      await db.drop();
    }
  });
});
