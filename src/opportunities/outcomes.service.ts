import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessService } from '../auth/access.service';
import type { Viewer } from '../auth/viewer';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import { dataVersion } from '../common/data-version';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-code';
import { NotificationsService } from '../notifications/notifications.service';
import { ChangesService } from '../changes/changes.service';
import type { Outcome } from './opportunity-status';
import { OutcomesRepository } from './outcomes.repository';

export interface OutcomeInput {
  opportunityId: string;
  outcome: Outcome;
  note?: string | null;
  idempotencyKey: string;
  managerId?: string | null;
  /** When it happened; default: now. Not in the future, not before the opportunity arose, not before `earliest`. */
  occurredAt?: Date | null;
  /** The earliest `occurredAt` this caller may give (a manager's backdating window); none for SYSTEM. */
  earliest?: Date | null;
}

export interface OutcomeResult {
  opportunityId: string;
  status: string;
  outcomeId: string;
  replayed: boolean;
}

/** Status an outcome moves an opportunity to. */
const OUTCOME_STATUS: Record<Outcome, string> = { CONTACTED: 'CONTACTED', ACCEPTED: 'ACCEPTED', DECLINED: 'DECLINED' };

/**
 * What managers record on opportunities. The outcome, the opportunity's new status, the audit row
 * and the `opportunities.changed` notification are one transaction: all of them, or none.
 */
@Injectable()
export class OutcomesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly changes: ChangesService,
    private readonly config: AppConfig,
  ) {}

  /** recordOutcome: the viewer must be responsible for the opportunity's route; the outcome is theirs and audited with it. */
  async recordForViewer(viewer: Viewer, input: Omit<OutcomeInput, 'managerId'>): Promise<OutcomeResult> {
    await this.access.requireOutcomeScope(viewer, input.opportunityId);
    // SYSTEM may date an outcome back to the opportunity's creation; managers within OUTCOME_BACKDATE_DAYS.
    const earliest = viewer.role === 'SYSTEM' ? null : new Date(Date.now() - this.config.OUTCOME_BACKDATE_DAYS * 86_400_000);
    return this.record({ ...input, managerId: viewer.managerId, earliest }, (tx, result) =>
      this.audit.recordIn(tx, viewer, {
        action: 'OUTCOME_RECORDED',
        operation: 'recordOutcome',
        details: { opportunityId: result.opportunityId, outcomeId: result.outcomeId, outcome: input.outcome, status: result.status },
      }),
    );
  }

  /**
   * Records what happened on an opportunity. The same idempotency key always answers the first
   * recording (nothing new is written); two managers recording at once are serialised on the row,
   * so neither update is lost. `alsoInTransaction` runs inside the transaction for a new outcome.
   */
  async record(input: OutcomeInput, alsoInTransaction?: (tx: EntityManager, result: OutcomeResult) => Promise<void>): Promise<OutcomeResult> {
    return this.dataSource
      .transaction(async (tx) => {
        const opportunity = await OutcomesRepository.lockOpportunity(tx, input.opportunityId);
        const replay = async (): Promise<OutcomeResult | undefined> => {
          const previous = await OutcomesRepository.byIdempotencyKey(tx, input.idempotencyKey, input.managerId ?? null);
          if (!previous) return undefined;
          if (previous.opportunity_id !== input.opportunityId || previous.outcome !== input.outcome) {
            throw new AppError(ErrorCode.CONFLICT, 'this idempotency key was already used for a different outcome');
          }
          return { opportunityId: input.opportunityId, status: await OutcomesRepository.status(tx, input.opportunityId), outcomeId: previous.id, replayed: true };
        };
        const replayed = await replay();
        if (replayed) return replayed;
        if (!opportunity) throw AppError.notFound('opportunity', `with id ${input.opportunityId}`);
        const occurredAt = input.occurredAt ?? null;
        if (occurredAt !== null) checkOccurredAt(occurredAt, opportunity.created_at, input.earliest ?? null);
        if (opportunity.status === 'EXPIRED') throw new AppError(ErrorCode.CONFLICT, 'the opportunity has expired: its rule no longer suggests the product');
        if ((opportunity.status === 'ACCEPTED' || opportunity.status === 'DECLINED') && input.outcome !== opportunity.status) {
          throw new AppError(ErrorCode.CONFLICT, `the opportunity is already ${opportunity.status.toLowerCase()}`);
        }
        const outcomeId = await OutcomesRepository.insert(tx, {
          opportunityId: input.opportunityId,
          outcome: input.outcome,
          note: input.note ?? null,
          managerId: input.managerId ?? null,
          idempotencyKey: input.idempotencyKey,
          occurredAt,
        });
        // The same manager sent the same key at the same moment (on another opportunity): answer as a replay would.
        if (!outcomeId) return (await replay()) ?? Promise.reject(new AppError(ErrorCode.CONFLICT, 'a concurrent request with this idempotency key got in the way: try again'));
        // CONTACTED never moves a closed opportunity back; ACCEPTED and DECLINED close it.
        const next = input.outcome === 'CONTACTED' && opportunity.status !== 'OPEN' ? opportunity.status : OUTCOME_STATUS[input.outcome];
        await OutcomesRepository.setStatus(tx, input.opportunityId, next);
        const result = { opportunityId: input.opportunityId, status: next, outcomeId, replayed: false };
        await alsoInTransaction?.(tx, result);
        await this.notifications.publish({ kind: 'opportunities.changed', companyIds: [opportunity.via_corporate_client_id] }, tx);
        await this.changes.linkageStatsChanged([opportunity.via_corporate_client_id], { delayed: true, tx });
        return result;
      })
      .finally(() => dataVersion.bump());
  }
}

/** An outcome's own time: not in the future, not before its opportunity arose, not before the caller's backdating window. */
function checkOccurredAt(occurredAt: Date, opportunityCreatedAt: Date, earliest: Date | null): void {
  if (Number.isNaN(occurredAt.getTime())) throw new AppError(ErrorCode.BAD_USER_INPUT, 'occurredAt must be a date-time');
  if (occurredAt.getTime() > Date.now()) throw new AppError(ErrorCode.BAD_USER_INPUT, 'occurredAt must not be in the future');
  if (occurredAt.getTime() < opportunityCreatedAt.getTime()) throw new AppError(ErrorCode.BAD_USER_INPUT, 'occurredAt must not be before the opportunity arose');
  if (earliest !== null && occurredAt.getTime() < earliest.getTime()) {
    throw new AppError(ErrorCode.BAD_USER_INPUT, 'occurredAt is further back than managers may date an outcome (OUTCOME_BACKDATE_DAYS)');
  }
}
