import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-code';
import { decodeCursor, encodeCursor, pageInfoOf } from '../common/pagination/pagination';
import type { Viewer } from '../auth/viewer';
import type { AuditAction } from './audit-action';
import type { AuditLogArgs } from './dto/audit-log.args';
import type { AuditEventConnectionModel } from './models/audit-event.model';
import { MetricsService } from '../metrics/metrics.service';

/** What one audited act records besides who and when. */
export interface AuditEntry {
  action: AuditAction;
  operation: string;
  scope?: Record<string, unknown>;
  personCount?: number | null;
  details?: Record<string, unknown> | null;
}

interface Pending {
  row: unknown[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Rows per INSERT when views arrive faster than the database commits them. */
const BATCH = 500;

/**
 * The audit trail. `record` returns once the entry is committed, so a lead list is never shown
 * without its audit row (a failed write fails the request: SERVICE_UNAVAILABLE). Entries arriving
 * while a write is in flight are committed together in the next one (group commit), so auditing
 * costs one INSERT per burst, not one per request.
 */
@Injectable()
export class AuditService implements OnModuleDestroy {
  private readonly logger = new Logger(AuditService.name);
  private queue: Pending[] = [];
  private flushing: Promise<void> | undefined;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly metrics: MetricsService,
  ) {}

  /** Records entries for this viewer and remembers them on the request (for cached responses). */
  async record(viewer: Viewer, ...entries: AuditEntry[]): Promise<void> {
    viewer.trail?.push(...entries);
    await this.write(viewer, entries);
  }

  /**
   * Records entries inside the caller's transaction: they commit with the act they record, or
   * neither does (an outcome is never recorded without its audit row). A failure aborts the
   * transaction and answers SERVICE_UNAVAILABLE.
   */
  async recordIn(tx: EntityManager, viewer: Viewer, ...entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const columns = 8;
    const values = entries.map((_, i) => `(${Array.from({ length: columns }, (__, c) => `$${i * columns + c + 1}`).join(', ')})`);
    try {
      await tx.query(
        `INSERT INTO audit_events (manager_id, manager_external_id, role, action, operation, scope, person_count, details) VALUES ${values.join(', ')}`,
        entries.flatMap((e) => this.rowOf(viewer, e)),
      );
    } catch (error) {
      this.logger.error(`audit write failed: ${(error as { code?: string }).code ?? (error as Error).name}`);
      throw new AppError(ErrorCode.SERVICE_UNAVAILABLE, 'the audit log could not record this request: nothing was recorded; try again');
    }
    viewer.trail?.push(...entries);
  }

  private rowOf(viewer: Viewer, e: AuditEntry): unknown[] {
    return [viewer.managerId, viewer.externalId, viewer.role, e.action, e.operation, JSON.stringify(e.scope ?? {}), e.personCount ?? null, e.details ? JSON.stringify(e.details) : null];
  }

  /** Writes entries without remembering them: a cached response replaying its audit entries. */
  async write(viewer: Viewer, entries: readonly AuditEntry[]): Promise<void> {
    await Promise.all(
      entries.map(
        (e) =>
          new Promise<void>((resolve, reject) => {
            this.queue.push({
              row: this.rowOf(viewer, e),
              resolve,
              reject,
            });
            this.kick();
          }),
      ),
    ).catch((error) => {
      this.metrics.auditWriteFailed();
      this.logger.error(`audit write failed: ${(error as { code?: string }).code ?? (error as Error).message}`);
      throw new AppError(ErrorCode.SERVICE_UNAVAILABLE, 'the audit log could not record this request: nothing was shown; try again');
    });
  }

  private kick(): void {
    if (this.flushing) return;
    this.flushing = this.flush().finally(() => {
      this.flushing = undefined;
      if (this.queue.length > 0) this.kick();
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queue.splice(0, BATCH);
    if (batch.length === 0) return;
    const columns = 8;
    const values = batch.map((_, i) => `(${Array.from({ length: columns }, (__, c) => `$${i * columns + c + 1}`).join(', ')})`);
    try {
      await this.dataSource.query(
        `INSERT INTO audit_events (manager_id, manager_external_id, role, action, operation, scope, person_count, details) VALUES ${values.join(', ')}`,
        batch.flatMap((p) => p.row),
      );
      for (const p of batch) p.resolve();
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  }

  async onModuleDestroy(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  /** The trail, newest first, for ADMIN. */
  async list(viewer: Viewer, args: AuditLogArgs, requireAdmin: (viewer: Viewer) => void): Promise<AuditEventConnectionModel> {
    requireAdmin(viewer);
    const f = args.filter ?? {};
    const after = decodeCursor<[string]>(args.after, ['string']);
    const params = [f.managerExternalId ?? null, f.action ?? null, f.operation ?? null, f.from ?? null, f.to ?? null];
    const where = `($1::varchar IS NULL OR manager_external_id = $1) AND ($2::varchar IS NULL OR action = $2) AND ($3::varchar IS NULL OR operation = $3)
                   AND ($4::timestamptz IS NULL OR occurred_at >= $4) AND ($5::timestamptz IS NULL OR occurred_at < $5)`;
    const [[{ total }], rows] = await Promise.all([
      this.dataSource.query(`SELECT count(*)::int AS total FROM audit_events WHERE ${where}`, params),
      this.dataSource.query(
        `SELECT id::text, occurred_at, manager_id, manager_external_id, role, action, operation, scope, person_count, details
           FROM audit_events WHERE ${where} AND ($6::bigint IS NULL OR id < $6::bigint)
          ORDER BY id DESC LIMIT $7`,
        [...params, after?.[0] ?? null, args.first + 1],
      ) as Promise<any[]>,
    ]);
    const edges = rows.slice(0, args.first).map((r) => ({
      cursor: encodeCursor([r.id]),
      node: {
        id: r.id,
        occurredAt: r.occurred_at.toISOString(),
        managerId: r.manager_id,
        managerExternalId: r.manager_external_id,
        role: r.role,
        action: r.action,
        operation: r.operation,
        scope: r.scope,
        personCount: r.person_count,
        details: r.details,
      },
    }));
    return { edges, pageInfo: pageInfoOf(edges, rows.length > args.first, args.after), totalCount: total };
  }
}
