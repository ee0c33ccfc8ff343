import type { DataSource } from 'typeorm';
import { RefresherService } from '../../src/refresh/refresher.service';
import { DemoBankGenerator } from '../../src/demo/demo-bank.generator';
import { loadDemoBank } from '../../src/demo/demo-bank.loader';
import { OpportunitiesService } from '../../src/opportunities/opportunities.service';
import { OpportunityEngineService } from '../../src/opportunities/opportunity-engine.service';
import type { StoredReason } from '../../src/opportunities/opportunity.entity';
import { maskReason } from '../../src/opportunities/reason-masking';
import { compactReason, expandReason, fullReason } from '../../src/opportunities/reason-storage';
import { RulesService } from '../../src/rules/rules.service';
import { createTestApp, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

/** What the API shows of a reason (GraphQL turns undefined into null). */
const shown = (r: StoredReason) => ({
  ruleId: r.ruleId,
  text: r.text,
  conditions: r.conditions.map((c) => ({ fact: c.fact, path: c.path ?? null, operator: c.operator, value: c.value ?? null, factValue: c.factValue ?? null, result: c.result })),
});
const roundTrip = <T>(value: T): T => JSON.parse(JSON.stringify(value));

describe('stored explanations: compact rows, expanded from their rule set version', () => {
  let db: TestDatabase;
  let api: TestApp;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    ds = await db.dataSource();
    await loadDemoBank(ds, new DemoBankGenerator({ corporates: 8, employees: 3000, largestClientEmployees: 1200, asOf: '2026-11-23', seed: 5 }), 3000);
    api = await createTestApp(db.url, { WORKERS: '0' });
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('expands to exactly the explanation the engine made, for every offer of the starter library over a demo bank, masked or not', async () => {
    const engine = api.app.get(OpportunityEngineService);
    const ctx = await engine.context('2026-11-23');
    let offers = 0;
    let policyOffers = 0;
    const rulesSeen = new Set<string>();
    for (const companyId of await engine.allCompanyIds()) {
      await engine.evaluateCompany(ctx, companyId, (decided) => {
        for (const d of decided) {
          for (const offer of d.decision.offers) {
            const explanation = ctx.decider.explainOffer(d.subject, offer);
            const template = offer.source === 'RULE' ? ctx.explanationParts.get(offer.ruleId)!.template : undefined;
            const full = roundTrip(fullReason(explanation, template, d.subject.facts));
            const stored = roundTrip(compactReason(explanation, ctx.explanationParts.get(offer.ruleId)!, d.subject.facts));
            const expanded = expandReason(stored, ctx.explanationParts.get(offer.ruleId));
            expect(shown(expanded)).toEqual(shown(full));
            expect(shown(maskReason(expanded))).toEqual(shown(maskReason(full)));
            offers++;
            rulesSeen.add(offer.ruleId);
            // The same offer as a policy offer (a risk-assessment renewal): its own text, no template.
            const renewal = { ...explanation, source: 'RISK_RENEWAL' as const, reasonText: `Renew the risk assessment to unlock ${offer.productCode}.` };
            const renewalStored = roundTrip(compactReason(renewal, ctx.explanationParts.get(offer.ruleId)!, d.subject.facts));
            const renewalExpanded = expandReason(renewalStored, ctx.explanationParts.get(offer.ruleId));
            expect(shown(renewalExpanded)).toEqual(shown(roundTrip(fullReason(renewal, undefined, d.subject.facts))));
            expect(shown(maskReason(renewalExpanded))).toEqual(shown(maskReason(renewalExpanded)));
            policyOffers++;
          }
        }
      });
    }
    expect(offers).toBeGreaterThan(2000);
    expect(policyOffers).toBe(offers);
    expect(rulesSeen.size).toBeGreaterThan(15);
  });

  it('stores a fraction of the full explanation', async () => {
    await api.app.get(RefresherService).refresh(undefined, '2026-11-23');
    const [{ bytes, rows }] = await ds.query(`SELECT avg(pg_column_size(reasons))::float8 AS bytes, count(*)::int AS rows FROM opportunities`);
    expect(rows).toBeGreaterThan(1000);
    expect(bytes).toBeLessThan(250);
  });

  it("reads a row of an older rule set version from that version's files, and a row in the full format as it is", async () => {
    const service = api.app.get(OpportunitiesService);
    const serving = api.app.get(RulesService).current();
    const [row] = await ds.query(
      `SELECT o.id, o.party_id, o.rule_id FROM opportunities o WHERE o.status = 'OPEN' AND (o.reasons->0->'v') IS NOT NULL ORDER BY o.id LIMIT 1`,
    );
    const before = (await service.listForParties([row.party_id])).get(row.party_id)!.find((o) => o.id === row.id)!;
    // The same rules, but this rule's template reworded: an older version the service does not serve.
    const files = serving.files.map((f) => {
      const document = JSON.parse(f.content);
      const list = Array.isArray(document.rules) ? document.rules : [document];
      for (const rule of list) if (rule.id === row.rule_id) rule.reason = `Older wording: ${rule.reason}`;
      return { path: f.path, content: JSON.stringify(document) };
    });
    await ds.query(`INSERT INTO rule_set_versions (version, files, rule_count, last_activated_at) VALUES ('older-version-for-test', $1, $2, now())`, [
      JSON.stringify(files),
      serving.rules.length,
    ]);
    await ds.query(`UPDATE opportunities SET rule_set_version = 'older-version-for-test' WHERE id = $1`, [row.id]);
    const older = (await service.listForParties([row.party_id])).get(row.party_id)!.find((o) => o.id === row.id)!;
    expect(older.reasons[0]!.text).toBe(`Older wording: ${before.reasons[0]!.text}`);
    expect(older.reasons[0]!.conditions).toEqual(before.reasons[0]!.conditions);

    // A row written before the compact form: its full explanation is shown as stored.
    const legacy: StoredReason = { ruleId: row.rule_id, text: 'Written in the full format.', conditions: [{ fact: 'person', path: '$.age', operator: 'greaterThan', value: 18, factValue: 40, result: true }] };
    await ds.query(`UPDATE opportunities SET reasons = $2, rule_set_version = $3 WHERE id = $1`, [row.id, JSON.stringify([legacy]), serving.version]);
    const kept = (await service.listForParties([row.party_id])).get(row.party_id)!.find((o) => o.id === row.id)!;
    expect(kept.reasons[0]).toEqual({ ruleId: row.rule_id, text: 'Written in the full format.', conditions: [{ ...legacy.conditions[0], path: '$.age' }] });
  });
});
