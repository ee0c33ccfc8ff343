/**
 * `npm run bench:import`: the nightly feed at scale, measured in one run on this machine:
 *  1. a generated feed (`npm run seed -- --csv`, deterministic; BENCH_IMPORT_EMPLOYEES employees,
 *     1,000,000 by default: about that many persons and employments and 1.5 times as many holdings)
 *     imported into an empty bank by `npm run import`'s service: time, rows/s, peak RSS;
 *  2. the same feed imported again unchanged: time, and refresh jobs queued (none expected);
 *  3. the floor: PostgreSQL's own `COPY` of the same rows into the same tables, with their indexes,
 *     constraints and triggers, measured in the same run; the ratios of 1 and 2 to it.
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { loadConfig } from '../config/app-config';
import { CsvImportService, type ImportSummary } from '../ingestion/csv-import.service';
import { QUEUE_SCHEMA } from '../refresh/refresh-queue.service';
import { createBenchDatabase } from './bench-database';

process.env.NODE_ENV = 'production';
const EMPLOYEES = Number(process.env.BENCH_IMPORT_EMPLOYEES ?? 1_000_000);
const TABLES = ['branches', 'managers', 'corporate_clients', 'persons', 'employments', 'holdings'];
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
sampler.unref();

function line(label: string, value: string, verdict?: boolean) {
  console.log(`${label.padEnd(58)} ${value}${verdict === undefined ? '' : verdict ? '   ✓ target met' : '   ✗ target missed'}`);
}

/** Writes the feed in a child process, so the generator's memory is not counted as the import's. */
function writeFeed(dir: string): Promise<string> {
  const corporates = Math.max(6, Math.round(EMPLOYEES / 2000));
  const args = ['--csv', dir, '--corporates', String(corporates), '--employees', String(EMPLOYEES), '--as-of', '2026-11-23'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(__dirname, '..', 'cli', 'seed.cli.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.once('exit', (code) => (code === 0 ? resolve(out.trim().split('\n').pop() ?? '') : reject(new Error(`writing the feed failed:\n${out}`))));
  });
}

const rowsOf = (s: ImportSummary) => s.files.reduce((n, f) => n + f.rows, 0);

async function main(): Promise<void> {
  const db = await createBenchDatabase(54392);
  const dir = mkdtempSync(join(tmpdir(), 'cross-sell-feed-'));
  // The server (another OS user when embedded) writes and reads the floor's COPY files here.
  chmodSync(dir, 0o777);
  console.log(`import benchmark on ${db.where}, Node ${process.version}, ${fmt(EMPLOYEES)} employees`);
  try {
    console.log(await writeFeed(dir));
    const config = loadConfig({ ...process.env, NODE_ENV: 'production', DEMO_DATA: 'false', LOG_LEVEL: 'warn', WORKERS: '0', DATABASE_URL: db.url, JWT_SECRET: `bench-${Date.now()}-secret-padding-0123456789` });
    const app = await NestFactory.create(AppModule.forRoot({ config, databaseUrl: db.url }), { logger: ['error', 'warn'] });
    await app.init();
    try {
      const ds = app.get(DataSource);
      const importer = app.get(CsvImportService);
      const jobs = async (): Promise<number> => (await ds.query(`SELECT count(*)::int AS n FROM ${QUEUE_SCHEMA}.job`))[0].n;

      peakRss = process.memoryUsage().rss;
      const first = await importer.importDirectory(dir);
      const importPeak = peakRss;
      const rows = rowsOf(first);
      for (const f of first.files) line(`  ${f.file}`, `${fmt(f.rows)} rows, ${fmt(f.inserted)} inserted, ${f.rejected} rejected, ${(f.ms / 1000).toFixed(1)} s`);
      line('import into an empty bank', `${(first.ms / 1000).toFixed(1)} s, ${fmt((rows * 1000) / first.ms)} rows/s`);
      line('peak RSS of the import (target ≤ 300 MB)', `${fmt(importPeak / 1024 / 1024)} MB`, importPeak <= 300 * 1024 * 1024);

      const jobsBefore = await jobs();
      const again = await importer.importDirectory(dir);
      const changed = again.files.reduce((n, f) => n + f.inserted + f.updated, 0);
      line('re-import of the same feed', `${(again.ms / 1000).toFixed(1)} s, ${fmt((rowsOf(again) * 1000) / again.ms)} rows/s, ${changed} rows written`);
      line('refresh jobs queued by the re-import (target 0)', String((await jobs()) - jobsBefore), (await jobs()) === jobsBefore);

      // The floor: the same rows COPYed back into the same tables (indexes, constraints, triggers).
      for (const t of TABLES) await ds.query(`COPY ${t} TO '${join(dir, `${t}.copy`)}'`);
      await ds.query(`TRUNCATE ${[...TABLES].reverse().join(', ')} CASCADE`);
      const started = Date.now();
      for (const t of TABLES) await ds.query(`COPY ${t} FROM '${join(dir, `${t}.copy`)}'`);
      const floorMs = Date.now() - started;
      line('floor: COPY of the same rows', `${(floorMs / 1000).toFixed(1)} s, ${fmt((rows * 1000) / floorMs)} rows/s`);
      line('import ÷ floor (target ≤ 3)', `${(first.ms / floorMs).toFixed(2)}×`, first.ms / floorMs <= 3);
      line('unchanged re-import ÷ floor (target ≤ 1.5)', `${(again.ms / floorMs).toFixed(2)}×`, again.ms / floorMs <= 1.5);
    } finally {
      await app.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await db.dispose();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`import benchmark failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
