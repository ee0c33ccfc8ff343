/**
 * The nightly feed: `npm run import -- <dir>` reads branches.csv, managers.csv,
 * corporate_clients.csv, persons.csv, employments.csv and holdings.csv (those present) from <dir>,
 * prints a summary, and writes every rejected row with its reason to <dir>/rejects-<time>.csv.
 * Exit code 0 when every row was applied, 1 when some were rejected, 2 when the import could not run.
 */
import { SingleBar, Presets } from 'cli-progress';
import { existsSync, statSync } from 'node:fs';
import { isExpectedStartupError, startApplication } from '../bootstrap';
import { CsvImportService } from '../ingestion/csv-import.service';

async function main(): Promise<number> {
  const dir = process.argv[2];
  if (!dir || !existsSync(dir) || !statSync(dir).isDirectory()) {
    console.error('usage: npm run import -- <directory with CSV files>');
    return 2;
  }
  const started = await startApplication({ DEMO_DATA: 'false', LOG_LEVEL: 'warn', WORKERS: '0' });
  try {
    const bar = process.stderr.isTTY ? new SingleBar({ format: '{file} |{bar}| {value}/{total} rows', stream: process.stderr }, Presets.shades_classic) : undefined;
    let current = '';
    const summary = await started.app.get(CsvImportService).importDirectory(dir, (file, done, total) => {
      if (!bar) return;
      if (file !== current) {
        if (current) bar.stop();
        current = file;
        bar.start(total, 0, { file });
      }
      bar.update(done, { file });
    });
    bar?.stop();
    for (const f of summary.files) console.log(`${f.file.padEnd(22)} ${f.rows} rows: ${f.inserted} inserted, ${f.updated} updated, ${f.rejected} rejected`);
    if (summary.files.length === 0) console.log('no known CSV file found (branches.csv, managers.csv, corporate_clients.csv, persons.csv, employments.csv, holdings.csv)');
    if (summary.rejectsFile) console.log(`rejected rows and why: ${summary.rejectsFile}`);
    console.log(`done in ${(summary.ms / 1000).toFixed(1)} s`);
    return summary.rejectsFile ? 1 : 0;
  } finally {
    await started.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`import failed: ${isExpectedStartupError(error) ? error.message : String(error)}`);
    process.exit(2);
  },
);
