import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { getMetadataStorage } from 'class-validator';
import { createWriteStream, existsSync, statSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { DataSource, type EntityManager } from 'typeorm';
import { branchBatch, corporateClientBatch, employmentBatch, holdingBatch, managerBatch, personBatch, type BatchEntity } from './batch-entities';
import { BatchUpsertService, type ItemOutcome } from './batch-upsert.service';
import { csvField, detectDelimiter, firstInvalidUtf8, readCsv, type Encoding } from './csv';

interface FileSpec {
  file: string;
  entity: BatchEntity<object>;
  ints?: string[];
  bools?: string[];
}

/** The feed's files in dependency order, each written through its API input class. */
export const FEED_FILES: readonly FileSpec[] = [
  { file: 'branches.csv', entity: branchBatch as BatchEntity<object> },
  { file: 'managers.csv', entity: managerBatch as BatchEntity<object> },
  { file: 'corporate_clients.csv', entity: corporateClientBatch as BatchEntity<object>, ints: ['posTerminalCount'], bools: ['payrollWithBank', 'hasSettlementAccount'] },
  { file: 'persons.csv', entity: personBatch as BatchEntity<object>, ints: ['creditScore', 'dependants', 'salaryRetentionDays'], bools: ['marketingConsent', 'doNotContact'] },
  { file: 'employments.csv', entity: employmentBatch as BatchEntity<object>, bools: ['salaryPaidHere'] },
  { file: 'holdings.csv', entity: holdingBatch as BatchEntity<object> },
];

export interface ImportOptions {
  /** The files' encoding; without it a file that is not valid UTF-8 is refused. */
  encoding?: Encoding;
  /** The delimiter; without it, detected from each header (comma, semicolon or tab). */
  delimiter?: string;
  /** Validate and resolve everything, write nothing but the rejects file. */
  dryRun?: boolean;
  /** Rows per set-based statement. */
  batchSize?: number;
  onProgress?: (progress: FileProgress) => void;
}

export interface FileProgress {
  file: string;
  bytes: number;
  totalBytes: number;
  rows: number;
}

export interface FileSummary {
  file: string;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  ms: number;
}

export interface ImportSummary {
  files: FileSummary[];
  rejectsFile: string | null;
  /** Why nothing was imported (a file that is not valid UTF-8), or null. */
  refused: string | null;
  dryRun: boolean;
  ms: number;
}

export interface Reject {
  file: string;
  line: number;
  externalId: string;
  reason: string;
}

/** Raised inside a dry run's transaction to roll it back. */
class DryRunDone extends Error {}

/**
 * The nightly feed: one CSV file per entity, headers named like the GraphQL upsert inputs, read as a
 * stream in dependency order. Every row is validated by the API's input class and applied in
 * set-based batches (BatchUpsertService); a bad row (malformed, invalid, a repeated key, an unknown
 * reference) is rejected with its line and reason and never aborts the rest. An empty cell keeps the
 * current value (or the default); the word NULL clears a nullable field.
 */
@Injectable()
export class CsvImportService {
  private readonly logger = new Logger(CsvImportService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly batches: BatchUpsertService,
  ) {}

  async importDirectory(dir: string, options: ImportOptions = {}): Promise<ImportSummary> {
    const started = Date.now();
    const present = FEED_FILES.filter((spec) => existsSync(join(dir, spec.file)));
    const rejects = new RejectsFile(dir);
    const summary: ImportSummary = { files: [], rejectsFile: null, refused: null, dryRun: options.dryRun === true, ms: 0 };
    // Every file is checked before anything is written: a mis-encoded feed is refused as a whole.
    if (!options.encoding || options.encoding === 'utf8') {
      for (const spec of present) {
        const fault = await firstInvalidUtf8(join(dir, spec.file));
        if (fault) {
          summary.refused = `${spec.file} is not valid UTF-8: line ${fault.line}, byte ${fault.byte} (0x${fault.value.toString(16).toUpperCase()}); give --encoding latin1, windows-1252 or gbk if that is its encoding`;
          summary.ms = Date.now() - started;
          this.logger.warn(`import of ${dir} refused: ${summary.refused}`);
          return summary;
        }
      }
    }
    const run = async (tx: EntityManager | null): Promise<void> => {
      for (const spec of present) summary.files.push(await this.importFile(dir, spec, options, rejects, tx));
    };
    try {
      if (options.dryRun) {
        // One transaction for the whole feed, rolled back: later files see earlier files' rows.
        await this.dataSource
          .transaction(async (tx) => {
            await run(tx);
            throw new DryRunDone();
          })
          .catch((error) => {
            if (!(error instanceof DryRunDone)) throw error;
          });
      } else await run(null);
    } finally {
      summary.rejectsFile = await rejects.close();
    }
    summary.ms = Date.now() - started;
    this.logger.log(
      `${options.dryRun ? 'dry run' : 'import'} of ${dir}: ${summary.files.map((s) => `${s.file} ${s.inserted} inserted, ${s.updated} updated, ${s.unchanged} unchanged, ${s.rejected} rejected`).join('; ')} in ${summary.ms} ms`,
    );
    return summary;
  }

  private async importFile(dir: string, spec: FileSpec, options: ImportOptions, rejects: RejectsFile, tx: EntityManager | null): Promise<FileSummary> {
    const started = Date.now();
    const path = join(dir, spec.file);
    const totalBytes = statSync(path).size;
    const summary: FileSummary = { file: spec.file, rows: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, ms: 0 };
    const reject = (line: number, externalId: string, reason: string): void => {
      summary.rejected++;
      rejects.write({ file: spec.file, line, externalId, reason });
    };
    const delimiter = options.delimiter ?? (await detectDelimiter(path, options.encoding));
    const known = new Set(fieldsOf(spec.entity.input));
    const batchSize = options.batchSize ?? 2000;
    let header: string[] | null = null;
    let bytes = 0;
    // Keys seen in this file: a repeated one is rejected, the first applies (one short string per row).
    const seen = new Set<string>();
    let pending: { index: number; plain: object; externalId: string }[] = [];
    const flush = async (): Promise<void> => {
      const batch = pending;
      pending = [];
      if (batch.length === 0) return;
      const { rows, rejected } = await this.batches.validate(spec.entity, batch);
      const applied = tx ? await this.batches.apply(tx, spec.entity, rows) : await this.dataSource.transaction((own) => this.batches.apply(own, spec.entity, rows));
      const ids = new Map(batch.map((b) => [b.index, b.externalId]));
      for (const outcome of [...rejected, ...applied]) count(summary, outcome, (o) => reject(o.index, ids.get(o.index) ?? '', o.message));
      options.onProgress?.({ file: spec.file, bytes, totalBytes, rows: summary.rows });
    };
    for await (const item of readCsv(path, { delimiter, encoding: options.encoding, onBytes: (b) => (bytes = b) })) {
      if (!header) {
        if ('error' in item) {
          reject(item.line, '', `file not read: the header could not be read (${item.error})`);
          break;
        }
        header = item.cells.map((h) => h.trim());
        const unknown = header.filter((h) => !known.has(h));
        if (unknown.length > 0) {
          const hint = header.length === 1 && /[;,\t|]/.test(header[0]) ? ` (the header was read as one column: give --delimiter)` : '';
          reject(1, '', `file not read: unknown column(s) ${unknown.join(', ')}${hint}; see README for the headers`);
          break;
        }
        continue;
      }
      summary.rows++;
      if ('error' in item) {
        reject(item.line, '', item.error);
        continue;
      }
      if (item.cells.length !== header.length) {
        reject(item.line, '', `expected ${header.length} fields, found ${item.cells.length}`);
        continue;
      }
      const plain = toPlain(spec, header, item.cells);
      const externalId = typeof plain.externalId === 'string' ? plain.externalId : '';
      if (externalId && seen.has(externalId)) {
        reject(item.line, externalId, `externalId ${externalId} is repeated in this file; its first occurrence applies`);
        continue;
      }
      seen.add(externalId);
      pending.push({ index: item.line, plain, externalId });
      if (pending.length >= batchSize) await flush();
    }
    await flush();
    summary.ms = Date.now() - started;
    return summary;
  }
}

function count(summary: FileSummary, outcome: ItemOutcome, onReject: (o: Extract<ItemOutcome, { outcome: 'rejected' }>) => void): void {
  if (outcome.outcome === 'rejected') onReject(outcome);
  else summary[outcome.outcome]++;
}

/** A row's cells as the API input: empty keeps, NULL clears, numbers and booleans typed. */
function toPlain(spec: FileSpec, header: string[], cells: string[]): Record<string, unknown> {
  const plain: Record<string, unknown> = {};
  header.forEach((key, i) => {
    const cell = cells[i].trim();
    if (cell === '') return;
    if (cell === 'NULL') plain[key] = null;
    else if (spec.ints?.includes(key)) plain[key] = /^-?\d+$/.test(cell) ? Number(cell) : cell;
    else if (spec.bools?.includes(key)) plain[key] = cell === 'true' ? true : cell === 'false' ? false : cell;
    else plain[key] = cell;
  });
  return plain;
}

/** Property names class-validator knows for an input class (its documented columns). */
function fieldsOf(input: new () => object): string[] {
  return getMetadataStorage()
    .getTargetValidationMetadatas(input, '', true, false)
    .map((m) => m.propertyName);
}

/** The rejects file, written as rejects arrive (created with the first one). */
class RejectsFile {
  private stream: WriteStream | null = null;
  private path: string | null = null;

  constructor(private readonly dir: string) {}

  write(reject: Reject): void {
    if (!this.stream) {
      this.path = join(this.dir, `rejects-${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}.csv`);
      this.stream = createWriteStream(this.path);
      this.stream.write('file,line,externalId,reason\n');
    }
    this.stream.write([reject.file, String(reject.line), reject.externalId, reject.reason].map(csvField).join(',') + '\n');
  }

  async close(): Promise<string | null> {
    if (!this.stream) return null;
    const stream = this.stream;
    await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
    return this.path;
  }
}

/** The import's exit code: 0 every row applied, 1 some rows rejected, 2 nothing applied (or refused). */
export function importExitCode(summary: ImportSummary): 0 | 1 | 2 {
  if (summary.refused || summary.files.length === 0) return 2;
  const applied = summary.files.reduce((n, f) => n + f.inserted + f.updated + f.unchanged, 0);
  const rejected = summary.files.reduce((n, f) => n + f.rejected, 0);
  if (rejected === 0) return 0;
  return applied === 0 ? 2 : 1;
}
