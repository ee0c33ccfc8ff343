/**
 * The nightly feed: `npm run import -- <dir> [--encoding latin1|windows-1252|gbk] [--delimiter ,|;|tab]
 * [--dry-run] [--batch-size N]` reads branches.csv, managers.csv, corporate_clients.csv, persons.csv,
 * employments.csv and holdings.csv (those present) from <dir>, shows a progress bar per file (log
 * lines when not on a terminal), prints a summary per file, and writes every rejected row with its
 * line and reason to <dir>/rejects-<time>.csv.
 * Exit code 0 when every row was applied, 1 when some were rejected, 2 when nothing was applied
 * (a file refused, every row rejected, no known file, or the import could not run).
 */
import { Presets, SingleBar } from 'cli-progress';
import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isExpectedStartupError, startApplication } from '../bootstrap';
import { CsvImportService, FEED_FILES, importExitCode, type FileProgress } from '../ingestion/csv-import.service';
import { DELIMITERS, ENCODINGS, type Encoding } from '../ingestion/csv';

const USAGE = 'usage: npm run import -- <directory with CSV files> [--encoding latin1|windows-1252|gbk] [--delimiter ,|;|tab] [--dry-run] [--batch-size N]';

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: process.argv.slice(2),
      allowPositionals: true,
      options: { encoding: { type: 'string' }, delimiter: { type: 'string' }, 'dry-run': { type: 'boolean' }, 'batch-size': { type: 'string' } },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const dir = args.positionals[0];
  const encoding = args.values.encoding as Encoding | undefined;
  const delimiter = args.values.delimiter === 'tab' ? '\t' : args.values.delimiter;
  const batchSize = args.values['batch-size'] === undefined ? undefined : Number(args.values['batch-size']);
  if (!dir || !existsSync(dir) || !statSync(dir).isDirectory()) return usage('');
  if (encoding !== undefined && !ENCODINGS.includes(encoding)) return usage(`unknown encoding ${encoding}`);
  if (delimiter !== undefined && !(DELIMITERS as readonly string[]).includes(delimiter)) return usage(`unknown delimiter ${delimiter}`);
  if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= 50_000)) return usage('--batch-size must be 1 to 50000');

  const started = await startApplication({ DEMO_DATA: 'false', LOG_LEVEL: 'warn', WORKERS: '0' });
  try {
    const progress = process.stderr.isTTY ? barProgress() : logProgress();
    const summary = await started.app.get(CsvImportService).importDirectory(dir, { encoding, delimiter, dryRun: args.values['dry-run'], batchSize, onProgress: progress.update });
    progress.stop();
    if (summary.refused) console.log(`nothing imported: ${summary.refused}`);
    for (const f of summary.files) {
      const rate = f.ms > 0 ? Math.round((f.rows * 1000) / f.ms) : f.rows;
      console.log(`${f.file.padEnd(22)} ${f.rows} rows: ${f.inserted} inserted, ${f.updated} updated, ${f.unchanged} unchanged, ${f.rejected} rejected in ${(f.ms / 1000).toFixed(1)} s (${rate} rows/s)`);
    }
    if (summary.files.length === 0 && !summary.refused) console.log(`no known CSV file found (${FEED_FILES.map((f) => f.file).join(', ')})`);
    if (summary.rejectsFile) console.log(`rejected rows and why: ${summary.rejectsFile}`);
    console.log(`${summary.dryRun ? 'dry run (nothing written) ' : ''}done in ${(summary.ms / 1000).toFixed(1)} s`);
    return importExitCode(summary);
  } finally {
    await started.close();
  }
}

function usage(problem: string): number {
  console.error(problem ? `${problem}\n${USAGE}` : USAGE);
  return 2;
}

/** A bar per file on a terminal: share of the file read, rows, rows/s and time left. */
function barProgress(): { update: (p: FileProgress) => void; stop: () => void } {
  const bar = new SingleBar({ format: '{file} |{bar}| {percentage}% | {rows} rows | {rate} rows/s | {eta_formatted} left', stream: process.stderr, etaBuffer: 50 }, Presets.shades_classic);
  let current = '';
  let since = Date.now();
  return {
    update: (p) => {
      if (p.file !== current) {
        if (current) bar.stop();
        current = p.file;
        since = Date.now();
        bar.start(p.totalBytes, 0, { file: p.file, rows: 0, rate: 0 });
      }
      bar.update(p.bytes, { file: p.file, rows: p.rows, rate: Math.round((p.rows * 1000) / Math.max(1, Date.now() - since)) });
    },
    stop: () => {
      if (current) bar.stop();
    },
  };
}

/** Without a terminal: a log line per file every 10 seconds with the same figures. */
function logProgress(): { update: (p: FileProgress) => void; stop: () => void } {
  let current = '';
  let since = Date.now();
  let last = 0;
  return {
    update: (p) => {
      const now = Date.now();
      if (p.file !== current) [current, since, last] = [p.file, now, now];
      if (now - last < 10_000) return;
      last = now;
      const rate = (p.rows * 1000) / Math.max(1, now - since);
      const left = p.bytes > 0 ? ((now - since) * (p.totalBytes - p.bytes)) / p.bytes / 1000 : 0;
      console.log(`${p.file}: ${Math.floor((100 * p.bytes) / Math.max(1, p.totalBytes))}%, ${p.rows} rows, ${Math.round(rate)} rows/s, about ${Math.round(left)} s left`);
    },
    stop: () => undefined,
  };
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`import failed: ${isExpectedStartupError(error) ? error.message : String(error)}`);
    process.exit(2);
  },
);
