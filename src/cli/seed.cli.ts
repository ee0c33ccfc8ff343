/**
 * Generates a deterministic demo bank into the database the service uses:
 *   npm run seed -- --corporates 60 --employees 20000 [--seed 42] [--as-of 2026-11-23] [--largest 100000] [--replace]
 * Refuses to write into a database that already holds clients unless --replace is given.
 * With --csv <dir> it writes the same bank as the nightly feed's CSV files into <dir> instead
 * (no database needed), for `npm run import` and the import benchmark.
 */
import 'reflect-metadata';
import { SingleBar, Presets } from 'cli-progress';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { todayIso } from '../common/dates';
import { dataSourceOptions } from '../database/data-source.options';
import { resolveDatabase } from '../database/database-connection';
import { DemoBankGenerator } from '../demo/demo-bank.generator';
import { bankIsEmpty, loadDemoBank } from '../demo/demo-bank.loader';
import { writeDemoFeed } from '../demo/demo-feed.writer';

interface SeedArgs {
  corporates: number;
  employees: number;
  seed: number;
  asOf: string;
  largest?: number;
  replace: boolean;
  csv?: string;
}

export function parseSeedArgs(argv: string[]): SeedArgs {
  const args: SeedArgs = { corporates: 60, employees: 20000, seed: 20261123, asOf: todayIso(), replace: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    const int = () => {
      if (value === undefined || !/^\d+$/.test(value)) throw new Error(`${flag} needs a whole number`);
      i++;
      return Number(value);
    };
    switch (flag) {
      case '--corporates': args.corporates = int(); break;
      case '--employees': args.employees = int(); break;
      case '--seed': args.seed = int(); break;
      case '--largest': args.largest = int(); break;
      case '--as-of':
        if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new Error('--as-of needs a date YYYY-MM-DD');
        args.asOf = value;
        i++;
        break;
      case '--replace': args.replace = true; break;
      case '--csv':
        if (!value || value.startsWith('--')) throw new Error('--csv needs a directory');
        args.csv = value;
        i++;
        break;
      default: throw new Error(`unknown option ${flag}`);
    }
  }
  if (args.corporates < 1) throw new Error('--corporates must be at least 1');
  return args;
}

async function main(): Promise<void> {
  const args = parseSeedArgs(process.argv.slice(2));
  if (args.csv) return writeFeed(args, args.csv);
  const config = loadConfig();
  const db = await resolveDatabase(config, (m) => console.error(m));
  const dataSource = new DataSource(dataSourceOptions({ url: db.url, applicationName: 'cross-sell-seed' }));
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    if (!(await bankIsEmpty(dataSource))) {
      if (!args.replace) throw new Error('the database already holds corporate clients; use --replace to delete them and load the demo bank instead');
      await dataSource.query('TRUNCATE holdings, employments, persons, corporate_clients, managers, branches CASCADE');
    }
    const generator = new DemoBankGenerator({ corporates: args.corporates, employees: args.employees, seed: args.seed, asOf: args.asOf, largestClientEmployees: args.largest });
    const bar = new SingleBar({ format: 'seeding |{bar}| {percentage}% {value}/{total} employees {eta_formatted} left', stream: process.stderr, noTTYOutput: false }, Presets.shades_classic);
    const showBar = Boolean(process.stderr.isTTY);
    if (showBar) bar.start(args.employees, 0);
    let lastLogged = 0;
    const summary = await loadDemoBank(dataSource, generator, args.employees, (done, total) => {
      if (showBar) bar.update(done);
      else if (done - lastLogged >= total / 10 || done === total) {
        lastLogged = done;
        console.error(`seeding: ${done}/${total} employees`);
      }
    });
    if (showBar) bar.stop();
    console.log(
      `demo bank loaded in ${(summary.ms / 1000).toFixed(1)} s: ${summary.branches} branches, ${summary.managers} managers, ${summary.corporateClients} corporate clients, ${summary.employees} employees, ${summary.persons} persons, ${summary.employments} employments, ${summary.holdings} holdings (seed ${args.seed}, as of ${args.asOf})`,
    );
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await db.embedded?.stop();
  }
}

/** The bank as CSV files: the nightly feed `npm run import` reads. */
async function writeFeed(args: SeedArgs, dir: string): Promise<void> {
  const started = Date.now();
  const generator = new DemoBankGenerator({ corporates: args.corporates, employees: args.employees, seed: args.seed, asOf: args.asOf, largestClientEmployees: args.largest });
  let employees = 0;
  let logged = 0;
  const summary = await writeDemoFeed(dir, generator, (bundle) => {
    employees += bundle.employeeCount;
    if (employees - logged >= args.employees / 10) {
      logged = employees;
      console.error(`writing: ${employees}/${args.employees} employees`);
    }
  });
  console.log(
    `feed written to ${dir} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${summary.branches} branches, ${summary.managers} managers, ${summary.corporateClients} corporate clients, ${summary.persons} persons, ${summary.employments} employments, ${summary.holdings} holdings, ${(summary.bytes / 1e6).toFixed(1)} MB (seed ${args.seed}, as of ${args.asOf})`,
  );
}

if (require.main === module) {
  main().catch((error) => {
    console.error(`seed failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
