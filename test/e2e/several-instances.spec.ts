/**
 * Two instances of the service on one database (two applications in this process, each with its own
 * pool, notification listener, heartbeat and RULES_DIR, as two pods with their own copy of the files).
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NotificationsService } from '../../src/notifications/notifications.service';
import { ruleSetVersion } from '../../src/rule-engine/rules';
import { RulesService } from '../../src/rules/rules.service';
import { createTestApp, type GqlClient, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

const RULESET = `{ ruleset { version publishedVersion ruleCount rules { id enabled }
  instances { id servingVersion lastSeenAt stale }
  lastRejectedReload { trigger instanceId errors { code text } } } }`;

/** What the acceptance asks: every instance serves a publication within 2 s. */
const WITHIN_MS = 2000;

/** The same manager signed in on another instance. */
const sameManagerOn = (app: TestApp, client: GqlClient) => app.signInAs({ id: client.managerId, externalId: client.externalId, role: client.role });

function copyRules(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cross-sell-rules-'));
  cpSync(join(__dirname, '..', '..', 'rules'), dir, { recursive: true });
  return dir;
}

const ruleFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'rule.schema.json').sort();

/** Rewrites one rule of a rule file (its first rule unless `index` says otherwise). */
function editRule(dir: string, file: string, edit: (rule: any) => void, index = 0): string {
  const parsed = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  const rule = Array.isArray(parsed.rules) ? parsed.rules[index] : parsed;
  edit(rule);
  writeFileSync(join(dir, file), JSON.stringify(parsed, null, 2));
  return rule.id;
}

describe('two instances on one database: the published rule set', () => {
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let dirA: string;
  let dirB: string;
  let adminA: GqlClient;
  let adminB: GqlClient;

  beforeAll(async () => {
    dirA = copyRules();
    dirB = copyRules();
    db = await createTestDatabase();
    a = await createTestApp(db.url, { RULES_DIR: dirA });
    b = await createTestApp(db.url, { RULES_DIR: dirB });
    adminA = await a.signIn('RULE_ADMIN');
    adminB = sameManagerOn(b, adminA);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.drop();
    for (const dir of [dirA, dirB]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const ruleset = async (client: GqlClient) => {
    const res = await client.gql(RULESET);
    expect(res.errors).toBeUndefined();
    return res.data.ruleset;
  };

  /** Polls both instances until each answers `done`, at most `ms`; returns their last answers. */
  async function untilBoth(done: (ruleset: any) => boolean, ms: number): Promise<[any, any]> {
    const deadline = Date.now() + ms;
    let answers: [any, any];
    do {
      answers = [await ruleset(adminA), await ruleset(adminB)];
      if (answers.every(done)) return answers;
      await new Promise((r) => setTimeout(r, 50));
    } while (Date.now() < deadline);
    return answers;
  }

  it('serves one published version on both, and each lists both instances with the version it serves', async () => {
    const [fromA, fromB] = [await ruleset(adminA), await ruleset(adminB)];
    expect(fromA.version).toBe(fromA.publishedVersion);
    expect(fromB.version).toBe(fromA.publishedVersion);
    expect(fromB.publishedVersion).toBe(fromA.publishedVersion);
    expect(fromA.instances).toHaveLength(2);
    expect(fromB.instances.map((i: any) => i.id).sort()).toEqual(fromA.instances.map((i: any) => i.id).sort());
    for (const instance of fromA.instances) expect(instance).toMatchObject({ servingVersion: fromA.publishedVersion, stale: false });
  });

  it('publishes a rule file change made on one instance, and both serve it within 2 s', async () => {
    const before = (await ruleset(adminA)).version;
    const ruleId = editRule(dirA, ruleFiles(dirA)[0]!, (rule) => (rule.enabled = false));
    const [fromA, fromB] = await untilBoth((r) => r.version !== before, WITHIN_MS);
    expect(fromA.version).not.toBe(before);
    expect(fromB.version).toBe(fromA.version);
    expect(fromB.publishedVersion).toBe(fromA.version);
    expect(fromB.rules.find((r: any) => r.id === ruleId).enabled).toBe(false);
    // Each instance's heartbeat says what it now serves.
    for (const instance of fromB.instances) expect(instance.servingVersion).toBe(fromA.version);
  });

  it('publishes what reloadRules loads on one instance to the other', async () => {
    const before = (await ruleset(adminA)).version;
    const ruleId = editRule(dirB, ruleFiles(dirB)[1]!, (rule) => (rule.enabled = false));
    const reloaded = await adminB.gql('mutation { reloadRules { applied errors { code } ruleset { version publishedVersion } } }');
    expect(reloaded.errors).toBeUndefined();
    expect(reloaded.data.reloadRules).toMatchObject({ applied: true, errors: [] });
    const published = reloaded.data.reloadRules.ruleset.publishedVersion;
    expect(published).not.toBe(before);
    expect(reloaded.data.reloadRules.ruleset.version).toBe(published);
    const [fromA] = await untilBoth((r) => r.version === published, WITHIN_MS);
    expect(fromA.version).toBe(published);
    expect(fromA.rules.find((r: any) => r.id === ruleId).enabled).toBe(false);
  });

  it('refuses an invalid change for both: both keep serving and both report the same refusal', async () => {
    const serving = (await ruleset(adminA)).version;
    const ruleId = editRule(dirA, ruleFiles(dirA)[0]!, (rule) => {
      rule.conditions = { all: [{ fact: 'person', path: '$.age', operator: 'greaterThen', value: 30 }] };
    });
    const [fromA, fromB] = await untilBoth((r) => r.lastRejectedReload !== null, 5000);
    expect(fromA.lastRejectedReload).toEqual(fromB.lastRejectedReload);
    expect(fromB.lastRejectedReload.trigger).toBe('FILE_CHANGE');
    expect(fromB.lastRejectedReload.instanceId).toBe(a.app.get(NotificationsService).instanceId);
    expect(fromB.lastRejectedReload.errors).toContainEqual({
      code: 'UNKNOWN_OPERATOR',
      text: expect.stringContaining(`rule "${ruleId}" at /conditions/all/0/operator: unknown operator "greaterThen"`),
    });
    for (const answer of [fromA, fromB]) expect(answer).toMatchObject({ version: serving, publishedVersion: serving });
  });
});

describe('two instances on one database: the rate limit', () => {
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    // One request per 10 s, bursts of 4: nothing refills while the test runs.
    const env = { RATE_LIMIT_PER_MINUTE: '6', RATE_LIMIT_BURST: '4' };
    a = await createTestApp(db.url, env);
    b = await createTestApp(db.url, env);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.drop();
  });

  it("counts a manager's requests once across both instances", async () => {
    const onA = await a.signIn('RETAIL_RM');
    const onB = sameManagerOn(b, onA);
    const answers: { instance: string; status: number; retryAfter?: string; code?: string }[] = [];
    for (let i = 0; i < 8; i++) {
      const [instance, app] = i % 2 === 0 ? ['a', a] : ['b', b];
      const res = await app.http().post('/graphql').set('authorization', `Bearer ${(i % 2 === 0 ? onA : onB).token}`).send({ query: '{ me { role } }' });
      answers.push({ instance, status: res.status, retryAfter: res.headers['retry-after'], code: res.body.errors?.[0]?.extensions?.code });
    }
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 429, 429, 429, 429]);
    for (const refused of answers.slice(4)) {
      expect(refused.code).toBe('RATE_LIMITED');
      expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    }
    // Another manager is not affected, on either instance.
    const other = await b.signIn('RETAIL_RM');
    expect((await other.gql('{ me { role } }')).status).toBe(200);
  });
});

describe('starting instances, and the periodic check behind the notifications', () => {
  let db: TestDatabase;
  const apps: TestApp[] = [];
  const dirs: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await db?.drop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  const start = async (env: Record<string, string> = {}) => {
    const dir = copyRules();
    dirs.push(dir);
    const app = await createTestApp(db.url, { RULES_DIR: dir, ...env });
    apps.push(app);
    return { app, dir };
  };
  const publications = async (): Promise<{ version: string; trigger: string }[]> =>
    (await db.dataSource()).query('SELECT version, trigger FROM rule_set_publications ORDER BY id');
  const serving = (app: TestApp) => app.app.get(RulesService).current().version;

  it('publishes the files of the first instance; a second with the same files only serves them; one with other files publishes them', async () => {
    const first = await start({ RULES_POLL_SECONDS: '1' });
    const original = serving(first.app);
    expect(await publications()).toEqual([{ version: original, trigger: 'STARTUP' }]);
    const second = await start({ RULES_POLL_SECONDS: '1' });
    expect(serving(second.app)).toBe(original);
    expect(await publications()).toHaveLength(1);

    // A version published without a notification (as if it had been lost): the periodic check finds it.
    const files = (await (await db.dataSource()).query('SELECT files FROM rule_set_versions WHERE version = $1', [original]))[0].files as { path: string; content: string }[];
    const edited = files.map((f, i) => (i === 0 ? { ...f, content: `${f.content}\n` } : f));
    const quiet = ruleSetVersion(edited);
    const ds = await db.dataSource();
    await ds.query(`INSERT INTO rule_set_versions (version, files, rule_count, last_activated_at) VALUES ($1, $2, 40, now())`, [quiet, JSON.stringify(edited)]);
    await ds.query(`INSERT INTO rule_set_publications (version, trigger, instance_id) VALUES ($1, 'MANUAL', 'elsewhere')`, [quiet]);
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && (serving(first.app) !== quiet || serving(second.app) !== quiet)) await new Promise((r) => setTimeout(r, 100));
    expect([serving(first.app), serving(second.app)]).toEqual([quiet, quiet]);

    // An instance starting with files other than the published ones publishes them: the last file load wins.
    await start();
    expect((await publications()).at(-1)).toEqual({ version: original, trigger: 'STARTUP' });
    const back = Date.now() + 5000;
    while (Date.now() < back && (serving(first.app) !== original || serving(second.app) !== original)) await new Promise((r) => setTimeout(r, 50));
    expect([serving(first.app), serving(second.app)]).toEqual([original, original]);
  });
});
