import { serviceViewer } from '../auth/viewer';

import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validate } from 'class-validator';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource, QueryFailedError } from 'typeorm';
import { BranchesService } from '../branches/branches.service';
import { UpsertBranchInput } from '../branches/dto/upsert-branch.input';
import { AppError } from '../common/errors/app-error';
import { CorporateClientsService } from '../corporate-clients/corporate-clients.service';
import { UpsertCorporateClientInput } from '../corporate-clients/dto/upsert-corporate-client.input';
import { UpsertManagerInput } from '../managers/dto/upsert-manager.input';
import { ManagersService } from '../managers/managers.service';
import { UpsertEmploymentInput } from '../people/dto/upsert-employment.input';
import { UpsertPersonInput } from '../people/dto/upsert-person.input';
import { PeopleService } from '../people/people.service';
import { UpsertHoldingInput } from '../products/dto/upsert-holding.input';
import { ProductsService } from '../products/products.service';
import { csvField, CsvError, parseCsv, type CsvRecord } from './csv';

/** The CSV import is an operator's tool: branches and managers as ADMIN, the rest as SYSTEM. */
const AS_SYSTEM = serviceViewer('operator:csv-import', 'SYSTEM');
const AS_ADMIN = serviceViewer('operator:csv-import', 'ADMIN');

interface FileSpec {
  file: string;
  table: string;
  input: new () => object;
  ints?: string[];
  bools?: string[];
  upsert: (input: any) => Promise<unknown>;
}

export interface FileSummary {
  file: string;
  rows: number;
  inserted: number;
  updated: number;
  rejected: number;
}

export interface ImportSummary {
  files: FileSummary[];
  rejectsFile: string | null;
  ms: number;
}

export interface Reject {
  file: string;
  line: number;
  externalId: string;
  reason: string;
}

const BATCH = 500;

/**
 * The nightly feed: one CSV file per entity, headers named like the GraphQL upsert inputs, read in
 * dependency order and written through the same validation and upserts as the API. Each row is
 * applied on its own: a bad row is rejected with its reason and never aborts the import.
 * An empty cell keeps the current value (or the default); the word NULL clears a nullable field.
 */
@Injectable()
export class CsvImportService {
  private readonly logger = new Logger(CsvImportService.name);
  readonly files: FileSpec[];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    branches: BranchesService,
    managers: ManagersService,
    clients: CorporateClientsService,
    people: PeopleService,
    products: ProductsService,
  ) {
    this.files = [
      { file: 'branches.csv', table: 'branches', input: UpsertBranchInput, upsert: (i) => branches.upsert(AS_ADMIN, i) },
      { file: 'managers.csv', table: 'managers', input: UpsertManagerInput, upsert: (i) => managers.upsert(AS_ADMIN, i) },
      {
        file: 'corporate_clients.csv',
        table: 'corporate_clients',
        input: UpsertCorporateClientInput,
        ints: ['posTerminalCount'],
        bools: ['payrollWithBank', 'hasSettlementAccount'],
        upsert: (i) => clients.upsert(AS_SYSTEM, i),
      },
      {
        file: 'persons.csv',
        table: 'persons',
        input: UpsertPersonInput,
        ints: ['creditScore', 'dependants', 'salaryRetentionDays'],
        bools: ['marketingConsent', 'doNotContact'],
        upsert: (i) => people.upsertPerson(AS_SYSTEM, i),
      },
      { file: 'employments.csv', table: 'employments', input: UpsertEmploymentInput, bools: ['salaryPaidHere'], upsert: (i) => people.upsertEmployment(AS_SYSTEM, i) },
      { file: 'holdings.csv', table: 'holdings', input: UpsertHoldingInput, upsert: (i) => products.upsertHolding(AS_SYSTEM, i) },
    ];
  }

  async importDirectory(dir: string, onProgress: (file: string, done: number, total: number) => void = () => undefined): Promise<ImportSummary> {
    const started = Date.now();
    const summaries: FileSummary[] = [];
    const rejects: Reject[] = [];
    for (const spec of this.files) {
      const path = join(dir, spec.file);
      if (!existsSync(path)) continue;
      const summary: FileSummary = { file: spec.file, rows: 0, inserted: 0, updated: 0, rejected: 0 };
      summaries.push(summary);
      let records: CsvRecord[];
      try {
        const parsed = parseCsv(readFileSync(path, 'utf8'));
        const known = new Set(Object.keys(new (spec.input as new () => object)()).concat(this.fieldsOf(spec.input)));
        const unknown = parsed.header.filter((h) => !known.has(h));
        if (unknown.length > 0) throw new CsvError(`unknown column(s) ${unknown.join(', ')}; see README for the headers`, 1);
        records = parsed.records;
      } catch (error) {
        rejects.push({ file: spec.file, line: error instanceof CsvError ? error.line : 0, externalId: '', reason: `file not read: ${(error as Error).message}` });
        summary.rejected++;
        continue;
      }
      summary.rows = records.length;
      for (let start = 0; start < records.length; start += BATCH) {
        const batch = records.slice(start, start + BATCH);
        const ids = batch.map((r) => r.values.externalId ?? '');
        const existing = new Set(
          ((await this.dataSource.query(`SELECT external_id FROM "${spec.table}" WHERE external_id = ANY($1::text[])`, [ids])) as { external_id: string }[]).map((r) => r.external_id),
        );
        for (const record of batch) {
          const externalId = record.values.externalId ?? '';
          const problem = await this.applyRow(spec, record);
          if (problem) {
            summary.rejected++;
            rejects.push({ file: spec.file, line: record.line, externalId, reason: problem });
          } else if (existing.has(externalId)) summary.updated++;
          else {
            summary.inserted++;
            existing.add(externalId);
          }
        }
        onProgress(spec.file, Math.min(start + BATCH, records.length), records.length);
      }
    }
    let rejectsFile: string | null = null;
    if (rejects.length > 0) {
      rejectsFile = join(dir, `rejects-${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}.csv`);
      writeFileSync(rejectsFile, ['file,line,externalId,reason', ...rejects.map((r) => [r.file, String(r.line), r.externalId, r.reason].map(csvField).join(','))].join('\n') + '\n');
    }
    const summary = { files: summaries, rejectsFile, ms: Date.now() - started };
    this.logger.log(`import of ${dir}: ${summaries.map((s) => `${s.file} ${s.inserted} inserted, ${s.updated} updated, ${s.rejected} rejected`).join('; ')} in ${summary.ms} ms`);
    return summary;
  }

  /** Applies one row; returns why it was rejected, or null. */
  private async applyRow(spec: FileSpec, record: CsvRecord): Promise<string | null> {
    const plain: Record<string, unknown> = {};
    for (const [key, raw] of Object.entries(record.values)) {
      const cell = raw.trim();
      if (cell === '') continue;
      if (cell === 'NULL') {
        plain[key] = null;
        continue;
      }
      if (spec.ints?.includes(key)) plain[key] = /^-?\d+$/.test(cell) ? Number(cell) : cell;
      else if (spec.bools?.includes(key)) plain[key] = cell === 'true' ? true : cell === 'false' ? false : cell;
      else plain[key] = cell;
    }
    const input = plainToInstance(spec.input, plain);
    const errors = await validate(input, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) return errors.flatMap((e) => Object.values(e.constraints ?? { [e.property]: `${e.property} is not allowed` })).join('; ');
    try {
      await spec.upsert(input);
      return null;
    } catch (error) {
      if (error instanceof AppError) return error.message;
      if (error instanceof QueryFailedError) return `refused by the database (${(error as QueryFailedError & { driverError?: { constraint?: string } }).driverError?.constraint ?? 'constraint'})`;
      throw error;
    }
  }

  /** Property names class-validator knows for an input class (its documented columns). */
  private fieldsOf(input: new () => object): string[] {
    return getMetadataStorage()
      .getTargetValidationMetadatas(input, '', true, false)
      .map((m) => m.propertyName);
  }
}
