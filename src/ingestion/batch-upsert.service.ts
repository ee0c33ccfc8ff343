import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { AccessService } from '../auth/access.service';
import type { Viewer } from '../auth/viewer';
import { ChangesService } from '../changes/changes.service';
import { ErrorCode } from '../common/errors/error-code';
import { upsertManyByExternalId, type BatchOutcome, type BatchRow } from '../common/upsert';
import type { BatchEntity } from './batch-entities';
import type { BatchOutcomeName, BatchUpsertResultModel } from './models/batch-upsert-result.model';

/** One record's outcome: written (with its id), unchanged, or rejected with a code, field and reason. */
export type ItemOutcome = BatchOutcome;

/**
 * The one set-based write path for many records (the CSV import and the batch mutations): every
 * input validated by its API class, then one statement per batch that resolves references, checks
 * owners and skips unchanged rows in SQL, and change capture for exactly the written rows, in the
 * same transaction. A batch the database refuses (a constraint) is retried row by row so that only
 * the offending rows are rejected.
 */
@Injectable()
export class BatchUpsertService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly changes: ChangesService,
  ) {}

  /** Validates plain inputs; returns the valid ones as rows and the rejected ones as outcomes. */
  async validate<I extends object>(entity: BatchEntity<I>, plains: readonly { index: number; plain: object }[]): Promise<{ rows: BatchRow[]; rejected: ItemOutcome[] }> {
    const rows: BatchRow[] = [];
    const rejected: ItemOutcome[] = [];
    for (const { index, plain } of plains) {
      const input = plainToInstance(entity.input, plain);
      const errors = await validate(input, { whitelist: true, forbidNonWhitelisted: true });
      if (errors.length > 0) {
        const message = errors.flatMap((e) => Object.values(e.constraints ?? { [e.property]: `${e.property} is not allowed` })).join('; ');
        rejected.push({ index, outcome: 'rejected', code: ErrorCode.BAD_USER_INPUT, message, field: errors[0].property });
        continue;
      }
      const problem = entity.check?.(input);
      if (problem) {
        rejected.push({ index, outcome: 'rejected', code: ErrorCode.BAD_USER_INPUT, message: problem[0], field: problem[1][0] });
        continue;
      }
      rows.push(entity.toRow(input, index));
    }
    return { rows, rejected };
  }

  /** Validates and applies in one transaction (the batch mutations). */
  async upsert<I extends object>(entity: BatchEntity<I>, plains: readonly object[]): Promise<ItemOutcome[]> {
    const { rows, rejected } = await this.validate(entity, plains.map((plain, index) => ({ index, plain })));
    const applied = await this.dataSource.transaction((tx) => this.apply(tx, entity, rows));
    return [...rejected, ...applied].sort((a, b) => a.index - b.index);
  }

  /** Applies valid rows inside the caller's transaction (under a savepoint, so a refusal is contained). */
  async apply<I extends object>(tx: EntityManager, entity: BatchEntity<I>, rows: readonly BatchRow[]): Promise<ItemOutcome[]> {
    if (rows.length === 0) return [];
    try {
      return await this.savepoint(tx, () => this.write(tx, entity, rows));
    } catch (error) {
      if (!(error instanceof QueryFailedError) || rows.length === 1) {
        if (error instanceof QueryFailedError) return [refused(rows[0].index, error)];
        throw error;
      }
    }
    const outcomes: ItemOutcome[] = [];
    for (const row of rows) outcomes.push(...(await this.apply(tx, entity, [row])));
    return outcomes;
  }

  private async write<I extends object>(tx: EntityManager, entity: BatchEntity<I>, rows: readonly BatchRow[]): Promise<ItemOutcome[]> {
    const outcomes = await upsertManyByExternalId(tx, entity.table, rows);
    const written = outcomes.filter((o): o is Extract<ItemOutcome, { row: unknown }> => o.outcome === 'inserted' || o.outcome === 'updated');
    if (written.length > 0) await entity.changed(this.changes, tx, written);
    return outcomes;
  }

  private async savepoint<T>(tx: EntityManager, work: () => Promise<T>): Promise<T> {
    await tx.query('SAVEPOINT batch_upsert');
    try {
      const result = await work();
      await tx.query('RELEASE SAVEPOINT batch_upsert');
      return result;
    } catch (error) {
      await tx.query('ROLLBACK TO SAVEPOINT batch_upsert');
      throw error;
    }
  }
}

/** A row the database refused: named by its constraint only (never the database's detail, which may hold data). */
function refused(index: number, error: QueryFailedError): ItemOutcome {
  const constraint = (error as QueryFailedError & { driverError?: { constraint?: string } }).driverError?.constraint;
  return { index, outcome: 'rejected', code: ErrorCode.BAD_USER_INPUT, message: `refused by the database (${constraint ?? 'constraint'})` };
}

/** The batch mutations: access, then the set-based path, answered per item. */
@Injectable()
export class BatchMutationsService {
  constructor(
    private readonly access: AccessService,
    private readonly batches: BatchUpsertService,
  ) {}

  async upsert<I extends { externalId?: unknown }>(viewer: Viewer, operation: 'upsertPersons' | 'upsertEmployments' | 'upsertHoldings' | 'upsertCorporateClients', entity: BatchEntity<I>, inputs: readonly I[]): Promise<BatchUpsertResultModel[]> {
    this.access.requireRole(viewer, operation);
    const outcomes = await this.batches.upsert(entity, inputs);
    return outcomes.map((o) => ({
      index: o.index,
      externalId: typeof inputs[o.index]?.externalId === 'string' ? (inputs[o.index].externalId as string) : null,
      outcome: o.outcome === 'inserted' ? 'CREATED' : (o.outcome.toUpperCase() as BatchOutcomeName),
      id: o.outcome === 'rejected' ? null : o.id,
      errorCode: o.outcome === 'rejected' ? o.code : null,
      field: o.outcome === 'rejected' ? (o.field ?? null) : null,
      message: o.outcome === 'rejected' ? o.message : null,
    }));
  }
}
