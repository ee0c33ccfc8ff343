import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type PgBoss from 'pg-boss';
import { DataSource, QueryFailedError } from 'typeorm';
import { ChangesRepository } from '../changes/changes.repository';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-code';
import { AppConfig } from '../config/app-config';
import { QUEUES, RefreshQueue, type CompanyJob, type FullJob, type PersonJob } from './refresh-queue.service';
import { RefresherService } from './refresher.service';

/** How often an idle worker looks for jobs (pg-boss's smallest interval). */
const POLL_SECONDS = 0.5;

/**
 * What a failed job records: the error's class and SQL state or error code, never its message (a
 * database error's message or detail may quote the values of a row).
 */
export function sanitizedError(error: unknown): Error {
  const e = error as Error & { code?: string; driverError?: { code?: string } };
  const code = error instanceof AppError ? e.code : error instanceof QueryFailedError ? e.driverError?.code : undefined;
  const failure = new Error(`${e?.name ?? 'Error'}${code ? ` (${code})` : ''}`);
  failure.name = 'RefreshJobFailed';
  failure.stack = undefined;
  return failure;
}

/**
 * Runs the refresh jobs when this instance has workers (WORKERS > 0): batches of changed persons,
 * changed companies, and full refreshes (partitioned into company jobs). A job is done exactly
 * once in effect: pg-boss hands it to one worker at a time (SKIP LOCKED; stately queues keep one
 * running job per person or company), the refresh is idempotent, and a job whose worker died
 * expires and is retried. A job that keeps failing is dead-lettered (see refreshStatus).
 */
@Injectable()
export class RefreshWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger(RefreshWorker.name);

  constructor(
    private readonly config: AppConfig,
    private readonly queue: RefreshQueue,
    private readonly refresher: RefresherService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const workers = this.config.WORKERS;
    if (workers === 0) return;
    const boss = this.queue.boss;
    for (let i = 0; i < workers; i++) {
      await boss.work<PersonJob>(QUEUES.persons, { batchSize: this.config.REFRESH_BATCH_SIZE, pollingIntervalSeconds: POLL_SECONDS }, (jobs) => this.persons(jobs));
      await boss.work<CompanyJob>(QUEUES.company, { batchSize: 1, pollingIntervalSeconds: POLL_SECONDS }, ([job]) => this.company(job!));
    }
    await boss.work<CompanyJob>(QUEUES.stats, { batchSize: 1, pollingIntervalSeconds: POLL_SECONDS }, ([job]) => this.stats(job!));
    await boss.work<FullJob>(QUEUES.full, { batchSize: 1, pollingIntervalSeconds: POLL_SECONDS }, ([job]) => this.full(job!));
    await this.scheduleNightly(boss);
    this.logger.log(`${workers} refresh worker(s) running`);
  }

  /** The nightly full refresh, at REFRESH_NIGHTLY_AT in the service's time zone (one schedule for all instances). */
  private async scheduleNightly(boss: PgBoss): Promise<void> {
    if (this.config.REFRESH_NIGHTLY_AT === 'off') {
      await boss.unschedule(QUEUES.full);
      return;
    }
    const [hour, minute] = this.config.REFRESH_NIGHTLY_AT.split(':').map(Number);
    const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    await boss.schedule(QUEUES.full, `${minute} ${hour} * * *`, { reason: 'nightly' } satisfies FullJob, { tz });
  }

  /** Many persons' jobs at once: refreshed together; if that fails, one by one, failing only the jobs that fail alone. */
  private async persons(jobs: PgBoss.Job<PersonJob>[]): Promise<void> {
    try {
      await this.refresher.refreshPersons(jobs.map((j) => j.data.personId));
      return;
    } catch (error) {
      if (jobs.length === 1) throw sanitizedError(error);
    }
    for (const job of jobs) {
      try {
        await this.refresher.refreshPersons([job.data.personId]);
      } catch (error) {
        await this.queue.boss.fail(QUEUES.persons, job.id, { message: sanitizedError(error).message });
      }
    }
  }

  private async company(job: PgBoss.Job<CompanyJob>): Promise<object> {
    try {
      return await this.refresher.refresh(job.data.companyId);
    } catch (error) {
      // A company removed since the job was queued has nothing left to refresh.
      if (error instanceof AppError && error.code === ErrorCode.NOT_FOUND) return { skipped: 'company not found' };
      throw sanitizedError(error);
    }
  }

  private async stats(job: PgBoss.Job<CompanyJob>): Promise<void> {
    try {
      await this.refresher.refreshLinkageStats(job.data.companyId);
    } catch (error) {
      throw sanitizedError(error);
    }
  }

  /** A full refresh: every company is marked and gets its own job (the partitions), in one transaction. */
  private async full(job: PgBoss.Job<FullJob>): Promise<object> {
    try {
      return await this.dataSource.transaction(async (tx) => {
        await ChangesRepository.markCompanies(tx, null);
        const ids: { id: string }[] = await tx.query('SELECT id FROM corporate_clients ORDER BY id');
        await this.queue.insert(ids.map(({ id }) => ({ name: QUEUES.company, data: { companyId: id } satisfies CompanyJob, singletonKey: id })), tx);
        this.logger.log(`full refresh (${job.data.reason}): ${ids.length} company jobs queued`);
        return { companies: ids.length };
      });
    } catch (error) {
      throw sanitizedError(error);
    }
  }
}
