import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessService } from '../auth/access.service';
import type { Viewer } from '../auth/viewer';
import { AuditService } from '../audit/audit.service';
import { dataVersion } from '../common/data-version';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-code';
import { NotificationsService } from '../notifications/notifications.service';
import type { Outcome } from './opportunity-status';
import { OutcomesRepository } from './outcomes.repository';

export interface OutcomeInput {
  opportunityId: string;
  outcome: Outcome;
  note?: string | null;
  idempotencyKey: string;
  managerId?: string | null;
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
  ) {}

  /** recordOutcome: the viewer must be able to see the opportunity; the outcome is theirs and audited with it. */
  async recordForViewer(viewer: Viewer, input: Omit<OutcomeInput, 'managerId'>): Promise<OutcomeResult> {
    await this.access.requireOpportunity(viewer, 'recordOutcome', input.opportunityId);
    return this.record({ ...input, managerId: viewer.managerId }, (tx, result) =>
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
        });
        // The same manager sent the same key at the same moment (on another opportunity): answer as a replay would.
        if (!outcomeId) return (await replay()) ?? Promise.reject(new AppError(ErrorCode.CONFLICT, 'a concurrent request with this idempotency key got in the way: try again'));
        // CONTACTED never moves a closed opportunity back; ACCEPTED and DECLINED close it.
        const next = input.outcome === 'CONTACTED' && opportunity.status !== 'OPEN' ? opportunity.status : OUTCOME_STATUS[input.outcome];
        await OutcomesRepository.setStatus(tx, input.opportunityId, next);
        const result = { opportunityId: input.opportunityId, status: next, outcomeId, replayed: false };
        await alsoInTransaction?.(tx, result);
        await this.notifications.publish({ kind: 'opportunities.changed', companyIds: [opportunity.via_corporate_client_id] }, tx);
        return result;
      })
      .finally(() => dataVersion.bump());
  }
}
