import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type PgBoss from 'pg-boss';
import { DataSource } from 'typeorm';
import { AccessService } from '../auth/access.service';
import type { Viewer } from '../auth/viewer';
import { forbidden } from '../auth/roles.guard';
import { ChangesRepository } from '../changes/changes.repository';
import { AppError } from '../common/errors/app-error';
import type { RefreshSummaryModel } from '../opportunities/models/opportunity.model';
import type { RefreshOpportunitiesArgs, RefreshStatusArgs } from './dto/refresh.args';
import type { RefreshJobModel, RefreshJobState, RefreshRequestModel, RefreshStatusModel } from './models/refresh.model';
import { QUEUE_SCHEMA, QUEUES, RefreshQueue, type CompanyJob, type FullJob, type QueueName } from './refresh-queue.service';
import { RefreshStatusRepository, type RefreshJobRow } from './refresh-status.repository';

const JOB_LIST_LIMIT = 20;

const stateOf = (job: PgBoss.JobWithMetadata<object> | null): RefreshJobState =>
  !job ? 'COMPLETED' : job.state === 'active' ? 'RUNNING' : job.state === 'completed' ? 'COMPLETED' : job.state === 'failed' || job.state === 'cancelled' ? 'FAILED' : 'QUEUED';

const toJob = (r: RefreshJobRow): RefreshJobModel => ({
  id: r.id,
  queue: r.queue,
  corporateClientId: r.company_id,
  personId: r.person_id,
  retryCount: r.retry_count,
  createdAt: r.created_on,
  startedAt: r.started_on,
  error: r.error,
});

/** The API of the refresh: `refreshOpportunities` puts work on the queue; `refreshStatus` shows how far behind it is. */
@Injectable()
export class RefreshService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queue: RefreshQueue,
    private readonly access: AccessService,
  ) {}

  /** Enqueues a refresh of one client (or all) and answers its job id; with `wait`, after it finished or the wait ran out. */
  async request(viewer: Viewer, args: RefreshOpportunitiesArgs): Promise<RefreshRequestModel> {
    this.access.requireRole(viewer, 'refreshOpportunities');
    const companyId = args.corporateClientId;
    const queue: QueueName = companyId ? QUEUES.company : QUEUES.full;
    const jobId = await this.dataSource.transaction(async (tx) => {
      if (companyId) {
        const found = await tx.query('SELECT 1 FROM corporate_clients WHERE id = $1', [companyId]);
        if (found.length === 0) throw AppError.notFound('corporate client', `with id ${companyId}`);
      }
      await ChangesRepository.markCompanies(tx, companyId ? [companyId] : null);
      const sent = await this.queue.send(queue, companyId ? ({ companyId } satisfies CompanyJob) : ({ reason: 'requested' } satisfies FullJob), companyId ? { singletonKey: companyId } : {}, tx);
      // An equal job already waiting takes this request too: answer its id.
      return sent ?? (await this.waitingJob(tx.query.bind(tx), queue, companyId ?? null));
    });
    let job = await this.queue.boss.getJobById<object>(queue, jobId, { includeArchive: true });
    if (args.wait) {
      const deadline = Date.now() + (args.waitSeconds ?? 30) * 1000;
      job = await this.queue.waitFor(queue, jobId, deadline - Date.now());
      if (!companyId && stateOf(job) === 'COMPLETED') return { jobId, queue, state: await this.waitForCompanies(deadline), summary: null };
    }
    const state = stateOf(job);
    return { jobId, queue, state, summary: state === 'COMPLETED' && companyId ? ((job?.output as RefreshSummaryModel | undefined) ?? null) : null };
  }

  private async waitingJob(query: (sql: string, params: unknown[]) => Promise<{ id: string }[]>, queue: QueueName, key: string | null): Promise<string> {
    const [row] = await query(
      `SELECT id FROM ${QUEUE_SCHEMA}.job WHERE name = $1 AND COALESCE(singleton_key, '') = COALESCE($2, '') AND state IN ('created', 'retry') ORDER BY created_on LIMIT 1`,
      [queue, key],
    );
    return row!.id;
  }

  /** After a full refresh was partitioned: waits until no company is left to refresh. */
  private async waitForCompanies(deadline: number): Promise<RefreshJobState> {
    for (;;) {
      const [{ n }] = await this.dataSource.query('SELECT count(*)::int AS n FROM corporate_clients WHERE refresh_change IS NOT NULL');
      if (n === 0) return 'COMPLETED';
      if (Date.now() >= deadline) return 'RUNNING';
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** refreshStatus: SYSTEM and ADMIN for the bank (or one branch), a branch manager for their branch. */
  async status(viewer: Viewer, args: RefreshStatusArgs): Promise<RefreshStatusModel> {
    this.access.requireRole(viewer, 'refreshStatus');
    let branchId = args.branchId ?? null;
    if (viewer.role === 'BRANCH_MANAGER') {
      if (viewer.branchId === null || (branchId !== null && branchId !== viewer.branchId)) throw forbidden();
      branchId = viewer.branchId;
    }
    const db = this.dataSource.manager;
    const [pending, counts, running, failed] = await Promise.all([
      RefreshStatusRepository.pending(db, branchId),
      RefreshStatusRepository.counts(db, branchId),
      RefreshStatusRepository.jobs(db, branchId, 'running', JOB_LIST_LIMIT),
      RefreshStatusRepository.jobs(db, branchId, 'failed', JOB_LIST_LIMIT),
    ]);
    return {
      branchId,
      queuedJobs: counts.queued,
      runningJobs: counts.running,
      failedJobs: counts.failed,
      pendingPersons: pending.persons,
      pendingCompanies: pending.companies,
      oldestPendingChangeAgeSeconds: pending.oldest ? Math.max(0, (Date.now() - new Date(pending.oldest).getTime()) / 1000) : null,
      running: running.map(toJob),
      failed: failed.map(toJob),
    };
  }
}
