/**
 * The relationship managers' console in Debian's Chromium (playwright-core), against the real
 * service on the embedded database with a small demo bank: sign-in by role, a corporate RM's
 * clients, prospects with reasons, "why not", an outcome, export, the language switch, masking and
 * an axe-core check of every page. Screenshots go to test-output/console/.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readdirSync } from 'node:fs';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { DemoBankGenerator } from '../../src/demo/demo-bank.generator';
import { loadDemoBank } from '../../src/demo/demo-bank.loader';
import { RefresherService } from '../../src/refresh/refresher.service';
import { consoleAssetsDir } from '../../src/console/console-assets';
import { createTestApp, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

const ROOT = resolve(__dirname, '..', '..');
const SHOTS = join(ROOT, 'test-output', 'console');
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

describe('console in Chromium', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let api: TestApp;
  let base: string;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  /** A corporate RM and their client with the most live employee opportunities. */
  let crm: { externalId: string; clientId: string; clientName: string };
  let retailRm: string;

  beforeAll(async () => {
    execFileSync(process.execPath, [join(ROOT, 'src', 'console', 'build-console.js')], { stdio: 'inherit' });
    db = await createTestDatabase();
    ds = await db.dataSource();
    await loadDemoBank(ds, new DemoBankGenerator({ corporates: 4, employees: 400, largestClientEmployees: 150, asOf: '2026-11-23', seed: 16 }), 400);
    api = await createTestApp(db.url);
    await api.app.get(RefresherService).refresh(undefined, '2026-11-23');
    await api.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}/`;
    [crm] = await ds.query(
      `SELECT m.external_id AS "externalId", c.id AS "clientId", c.name AS "clientName"
         FROM corporate_clients c JOIN managers m ON m.id = c.corporate_rm_id
         JOIN opportunities o ON o.via_corporate_client_id = c.id AND o.linkage = 'EMPLOYEE_PROSPECT' AND o.status = 'OPEN'
        GROUP BY m.external_id, c.id, c.name ORDER BY count(*) DESC LIMIT 1`,
    );
    [{ external_id: retailRm }] = await ds.query(
      `SELECT m.external_id FROM managers m WHERE m.role = 'RETAIL_RM' AND m.branch_id IS NOT NULL ORDER BY m.external_id LIMIT 1`,
    );
    mkdirSync(SHOTS, { recursive: true });
    profile = mkdtempSync(join(tmpdir(), 'console-chromium-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_FLAGS, acceptDownloads: true });
    page = context.pages()[0] ?? (await context.newPage());
  });

  afterAll(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await api?.close();
    await db?.drop();
  });

  /** axe-core in the page: no serious or critical violation. */
  async function expectAccessible(name: string): Promise<void> {
    await page.addScriptTag({ content: AXE });
    // Evaluated in the page (a string: the test's own type check knows no DOM).
    const violations: { id: string; impact: string; nodes: unknown[] }[] = await page.evaluate(`
      axe.run(document, { resultTypes: ['violations'] })
        .then((result) => result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target) })))`);
    expect({ page: name, violations: violations.filter((v) => v.impact === 'serious' || v.impact === 'critical') }).toEqual({ page: name, violations: [] });
  }

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

  async function signInAs(externalId: string): Promise<void> {
    await page.goto(base);
    await page.evaluate('sessionStorage.clear()');
    await page.goto(base);
    await page.locator(`button[data-manager="${externalId}"]`).click();
  }

  it('prints the console JavaScript size, within 350 KB gzipped', () => {
    const dir = join(consoleAssetsDir(), 'assets');
    const bytes = readdirSync(dir)
      .filter((f) => f.endsWith('.js'))
      .reduce((sum, f) => sum + gzipSync(readFileSync(join(dir, f)), { level: 9 }).length, 0);
    process.stdout.write(`console JavaScript: ${(bytes / 1024).toFixed(1)} KB gzipped\n`);
    expect(bytes).toBeLessThanOrEqual(350 * 1024);
  });

  it('lists the demo managers by role on the sign-in page', async () => {
    await page.goto(base);
    await page.locator('h2', { hasText: 'Corporate relationship managers' }).waitFor();
    await page.locator('h2', { hasText: 'Retail relationship managers' }).waitFor();
    await page.locator(`button[data-manager="${crm.externalId}"]`).waitFor();
    await shot('sign-in');
    await expectAccessible('sign-in');
  });

  it('a corporate RM opens a client, reads reasons, asks why not, records a decline and sees the list change', async () => {
    await signInAs(crm.externalId);
    await page.locator('[data-testid=lead-list]').waitFor();
    // The time from a navigation to the first lead list on screen (printed; the target is 1.5 s on loopback).
    const started = Date.now();
    await page.goto(`${base}?again#/clients`);
    await page.locator('[data-testid=lead-list] tbody tr').first().waitFor();
    process.stdout.write(`console: first lead list visible ${Date.now() - started} ms after navigation\n`);
    await shot('my-clients');
    await expectAccessible('my clients');

    await page.getByRole('link', { name: crm.clientName }).click();
    const firstRow = page.locator('[data-testid=lead-list] tbody tr').first();
    await firstRow.waitFor();
    const reason = await firstRow.locator('.reasons li').first().textContent();
    expect(reason?.length).toBeGreaterThan(10);
    await shot('client');
    await expectAccessible('client');

    const personId = await firstRow.getAttribute('data-person');
    await firstRow.locator('a').first().click();
    const live = page.locator('[data-testid=opportunities] li[data-status=OPEN]').first();
    await live.waitFor();
    const opportunityId = (await live.getAttribute('data-opportunity'))!;
    const [{ code: productCode }] = await ds.query(`SELECT p.code FROM opportunities o JOIN products p ON p.id = o.product_id WHERE o.id = $1`, [opportunityId]);
    await expectAccessible('person');

    // Why not, for a product nobody offered this person (one of the catalogue's others).
    const [{ code: other }] = await ds.query(
      `SELECT code FROM products WHERE audience = 'PERSON' AND active AND code NOT IN (SELECT p.code FROM opportunities o JOIN products p ON p.id = o.product_id WHERE o.party_id = $1) ORDER BY code LIMIT 1`,
      [personId],
    );
    await page.getByLabel('Product to explain').selectOption(other);
    await page.getByRole('button', { name: 'Ask' }).click();
    await page.locator('[data-testid=why-not] tbody tr').first().waitFor();
    expect(await page.locator('[data-testid=why-not]').textContent()).not.toBe('');

    // Decline with a note: the list shows it at once.
    await live.getByLabel('Note').fill('not interested this year');
    await live.locator('button[data-outcome=DECLINED]').click();
    await page.locator(`[data-testid=opportunities] li[data-opportunity="${opportunityId}"][data-status=DECLINED]`).waitFor();
    await expect(page.locator('[data-testid=recorded]').textContent()).resolves.toContain('Declined');
    // "Why not" for the declined product now names the cooling-off.
    await page.getByLabel('Product to explain').selectOption(productCode);
    await page.getByRole('button', { name: 'Ask' }).click();
    await page.locator('[data-testid=why-not] [data-reason=COOLING_OFF]').first().waitFor();
    await shot('person-after-decline');

    // Back on the client page, the prospect's list no longer offers the declined opportunity.
    await page.goBack();
    await page.locator('[data-testid=lead-list] tbody tr').first().waitFor();
    await expect(page.locator(`[data-testid=lead-list] li[data-opportunity="${opportunityId}"]`).count()).resolves.toBe(0);
  });

  it('never puts an exact salary in the page for a corporate RM', async () => {
    const system = await api.signIn('SYSTEM');
    await signInAs(crm.externalId);
    await page.goto(`${base}#/clients/${crm.clientId}`);
    await page.locator('[data-testid=lead-list] tbody tr').first().waitFor();
    const firstRow = page.locator('[data-testid=lead-list] tbody tr').first();
    const personId = (await firstRow.getAttribute('data-person'))!;
    const res = await system.gql(`query($id: ID!) { person(id: $id) { monthlyIncome employments { monthlySalary } } }`, { id: personId });
    const salaries = [res.data.person.monthlyIncome, ...res.data.person.employments.map((e: { monthlySalary: string | null }) => e.monthlySalary)].filter(Boolean) as string[];
    expect(salaries.length).toBeGreaterThan(0);
    const forms = salaries.flatMap((s) => {
      const n = Number(s);
      return [s, String(n), n.toFixed(2), new Intl.NumberFormat('en').format(n), Math.round(n).toString()];
    });
    for (const where of ['client', 'person']) {
      if (where === 'person') {
        await firstRow.locator('a').first().click();
        await page.locator('[data-testid=opportunities]').waitFor();
        await page.locator('h1', { hasNotText: 'Loading' }).waitFor();
      }
      // Every text and every attribute value of the page.
      const text: string = await page.evaluate(`
        document.body.innerText + '\\n' + [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].map((a) => a.value)).join('\\n')`);
      for (const form of new Set(forms)) expect({ where, found: text.includes(form) ? form : null }).toEqual({ where, found: null });
    }
  });

  it('export downloads a CSV whose rows equal the list', async () => {
    await page.goto(`${base}#/clients/${crm.clientId}`);
    await page.locator('[data-testid=lead-list] tbody tr').first().waitFor();
    const names = await page.locator('[data-testid=lead-list] tbody tr td:first-child a').allTextContents();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8').replace(/^\ufeff/, '');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toMatch(/^Name,Title,Segment,Salary band,Best score,/);
    const exported = lines.slice(1).map((l) => (l.startsWith('"') ? l.slice(1, l.indexOf('"', 1)) : l.split(',')[0]));
    expect(exported).toEqual(names);
  });

  it('a retail RM sees executive leads, and the language switch changes the texts and is remembered', async () => {
    await signInAs(retailRm);
    await page.locator('[data-testid=lead-list] tbody tr').first().waitFor();
    await expect(page.locator('h1').textContent()).resolves.toBe('Executive leads');
    await shot('executive-leads');
    await expectAccessible('executive leads');

    await page.getByLabel('Language').selectOption('zh-CN');
    await expect(page.locator('h1').textContent()).resolves.toBe('高管线索');
    await page.reload();
    await page.locator('[data-testid=lead-list]').waitFor();
    await expect(page.locator('h1').textContent()).resolves.toBe('高管线索');
    await shot('executive-leads-zh');
    await page.getByLabel('语言').selectOption('es');
    await expect(page.locator('h1').textContent()).resolves.toBe('Oportunidades de directivos');
    await page.getByLabel('Idioma').selectOption('en');

    await page.getByRole('link', { name: 'Corporate leads' }).click();
    await page.locator('h1', { hasText: 'Corporate leads' }).waitFor();
    await page.locator('[data-testid=lead-list]').waitFor();
    await shot('corporate-leads');
    await expectAccessible('corporate leads');
  });
});
