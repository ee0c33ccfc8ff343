/**
 * `npm run bench`: generates its own bank and prints, measured in one run on this machine:
 *  1. evaluation only: the starter library over 100,000 employees, the project's evaluator against
 *     json-rules-engine used plainly (one Engine, one run per employee), and the ratio;
 *  2. ranking the top 50 of a 100,000-employee client end to end (facts from PostgreSQL, evaluation,
 *     policies, ranking, explanations) against a plain SELECT of those employees' rows, and the ratio;
 *  3. refreshing that client's opportunities into the database: employees per second;
 *  4. the process's peak memory.
 * Figures are medians of a few alternating runs; the machine is shared, so read them as such.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { loadConfig } from '../config/app-config';
import { todayIso } from '../common/dates';
import { dataSourceOptions } from '../database/data-source.options';
import { DemoBankGenerator } from '../demo/demo-bank.generator';
import { loadDemoBank } from '../demo/demo-bank.loader';
import { companyFacts, subjectFacts, NO_CONTACT } from '../rule-engine/facts/subject-facts';
import type { FactMap, TopLevelCondition } from '../rule-engine/types';
import { OpportunitiesService } from '../opportunities/opportunities.service';
import { OpportunityEngineService } from '../opportunities/opportunity-engine.service';
import { SubjectsRepository } from '../opportunities/subjects.repository';
import { RulesService } from '../rules/rules.service';
import { benchEvaluation } from './evaluation.bench';
import { createBenchDatabase } from './bench-database';

const EMPLOYEES = Number(process.env.BENCH_EMPLOYEES ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

let peakHeap = 0;
const sampler = setInterval(() => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().rss);
}, 20);
sampler.unref();

function line(label: string, value: string, verdict?: boolean) {
  console.log(`${label.padEnd(64)} ${value}${verdict === undefined ? '' : verdict ? '   ✓ target met' : '   ✗ target missed'}`);
}

async function main(): Promise<void> {
  const db = await createBenchDatabase();
  console.log(`benchmark on ${db.where}, Node ${process.version}, ${EMPLOYEES.toLocaleString('en-US')} employees in the largest client`);
  const asOf = todayIso();
  try {
    const setup = new DataSource({ ...dataSourceOptions({ url: db.url }), logging: false });
    await setup.initialize();
    await setup.runMigrations({ transaction: 'each' });
    const seeded = await loadDemoBank(setup, new DemoBankGenerator({ corporates: 6, employees: EMPLOYEES + 5000, largestClientEmployees: EMPLOYEES, asOf }), EMPLOYEES + 5000);
    await setup.destroy();
    console.log(`generated the bank in ${(seeded.ms / 1000).toFixed(1)} s (${fmt(seeded.persons)} persons, ${fmt(seeded.holdings)} holdings)\n`);

    const config = loadConfig({ ...process.env, NODE_ENV: 'production', DEMO_DATA: 'false', LOG_LEVEL: 'warn', DATABASE_URL: db.url });
    const app = await NestFactory.create(AppModule.forRoot({ config, databaseUrl: db.url }), { logger: ['error', 'warn'] });
    await app.init();
    try {
      const dataSource = app.get(DataSource);
      const engine = app.get(OpportunityEngineService);
      const subjects = app.get(SubjectsRepository);
      const ruleSet = app.get(RulesService).current();
      const [client] = await dataSource.query(`SELECT id FROM corporate_clients WHERE external_id = 'CC-00001'`);
      const ctx = await engine.context(asOf);

      // 1. Evaluation only.
      const facts: FactMap[] = [];
      const companies = await subjects.loadCompanies([client.id], asOf);
      const companyFact = companyFacts(companies.get(client.id)!, ctx.categoryOf, asOf);
      for await (const rows of subjects.streamEmployments({ companyIds: [client.id], roles: ['EMPLOYEE'], asOf })) {
        for (const r of rows) facts.push(subjectFacts(r.person, r.employment, companyFact, NO_CONTACT, ctx.categoryOf, asOf));
      }
      const conditions = ruleSet.rules.map((r) => r.definition.conditions as TopLevelCondition);
      const evaluation = await benchEvaluation(conditions, facts);
      facts.length = 0;
      console.log(`1. evaluation only: ${conditions.length} starter rules × ${fmt(evaluation.compiledEvaluations ?? EMPLOYEES)} employees`);
      line('   project evaluator', `${fmt(evaluation.compiledPerSecond)} employees/s`);
      line(`   json-rules-engine, one Engine, one run per employee (${fmt(evaluation.referenceSample)} sampled)`, `${fmt(evaluation.referencePerSecond)} employees/s`);
      line('   ratio (target ≥ 100×)', `${evaluation.ratio.toFixed(0)}×`, evaluation.ratio >= 100);
      line('   fired-set mismatches between the two', `${evaluation.mismatches}`, evaluation.mismatches === 0);

      // 2. Ranking the top 50 end to end against a plain SELECT of the same employees.
      const floorTimes: number[] = [];
      const rankTimes: number[] = [];
      let ranked = 0;
      for (let round = 0; round < ROUNDS; round++) {
        let t = performance.now();
        const rows = await dataSource.query(
          `SELECT e.*, p.* FROM employments e JOIN persons p ON p.id = e.person_id
            WHERE e.corporate_client_id = $1 AND e.role = 'EMPLOYEE' AND (e.end_date IS NULL OR e.end_date > $2::date)`,
          [client.id, asOf],
        );
        floorTimes.push(performance.now() - t);
        t = performance.now();
        const result = await engine.rankCompany(ctx, client.id, 50, ['EMPLOYEE_PROSPECT']);
        rankTimes.push(performance.now() - t);
        ranked = result.subjects;
        if (result.top.length !== Math.min(50, result.withOffers)) throw new Error('ranking returned the wrong number of subjects');
        void rows;
      }
      const floor = median(floorTimes);
      const rank = median(rankTimes);
      console.log(`\n2. top 50 of a ${fmt(ranked)}-employee client, end to end (median of ${ROUNDS})`);
      line('   plain SELECT of those employees (the floor)', `${floor.toFixed(0)} ms`);
      line('   facts + evaluation + policies + ranking + explanations', `${rank.toFixed(0)} ms`);
      line('   ratio (target ≤ 1.5×)', `${(rank / floor).toFixed(2)}×`, rank / floor <= 1.5);

      // 3. Refresh into the database.
      const opportunities = app.get(OpportunitiesService);
      let t = performance.now();
      const first = await opportunities.refresh(client.id, asOf);
      const firstMs = performance.now() - t;
      t = performance.now();
      const second = await opportunities.refresh(client.id, asOf);
      const secondMs = performance.now() - t;
      const employeesRefreshed = first.subjects;
      console.log(`\n3. refreshing that client's opportunities (${fmt(employeesRefreshed)} subjects)`);
      line(`   first refresh (${fmt(first.created)} created)`, `${fmt(employeesRefreshed / (firstMs / 1000))} employees/s`, employeesRefreshed / (firstMs / 1000) >= 50_000);
      line(`   second refresh (${fmt(second.kept)} kept, ${second.created} created, ${second.expired} expired)`, `${fmt(employeesRefreshed / (secondMs / 1000))} employees/s`, employeesRefreshed / (secondMs / 1000) >= 50_000);
    } finally {
      await app.close();
    }
  } finally {
    await db.dispose();
  }
  const peak = Math.max(peakHeap, process.resourceUsage().maxRSS * 1024);
  console.log('');
  line('4. peak memory of the process (target < 512 MB)', mb(peak), peak < 512 * 1024 * 1024);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`benchmark failed: ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  },
);
