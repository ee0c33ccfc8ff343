import { Injectable, Logger, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import PgBoss from 'pg-boss';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';

/** pg-boss keeps its tables in this schema of the service's database (created and migrated by pg-boss itself at start). */
export const QUEUE_SCHEMA = 'pgboss';

/** The refresh queues. */
export const QUEUES = {
  /** One job per changed person (singleton key: the person); workers take many at once. */
  persons: 'refresh-persons',
  /** One job per changed company (singleton key: the company). */
  company: 'refresh-company',
  /** A full refresh: marks every company and enqueues one company job each. */
  full: 'refresh-full',
  /** Recomputes one company's linkage statistics (singleton key: the company). */
  stats: 'refresh-stats',
  /** Jobs that kept failing after their retries (no worker takes them: they wait to be looked at). */
  dead: 'refresh-dead',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface PersonJob {
  personId: string;
}
export interface CompanyJob {
  companyId: string;
}
export interface FullJob {
  reason: string;
}

/** A pg-boss `db` that runs on the connection of a TypeORM transaction: the job exists only if the transaction commits. */
async function inTransaction(tx: EntityManager): Promise<PgBoss.Db> {
  const runner = tx.queryRunner;
  if (!runner) throw new Error('a job sent with a transaction needs its EntityManager (the one dataSource.transaction gives)');
  const client = (await runner.connect()) as { query(text: string, values: unknown[]): Promise<{ rows: any[] }> };
  return { executeSql: (text, values) => client.query(text, values) };
}

/** pg-boss's options for this service's database (no workers or schedules: those are added by RefreshWorker). */
export function queueOptions(url: string, extra: Partial<PgBoss.ConstructorOptions> = {}): PgBoss.ConstructorOptions {
  return { connectionString: url, schema: QUEUE_SCHEMA, max: 3, application_name: 'cross-sell-engine:queue', ...extra };
}

/**
 * The job queue on PostgreSQL (pg-boss 10: SKIP LOCKED fetching, retries with backoff, expiry of
 * jobs whose worker died, dead letters). Every instance sends jobs; instances with WORKERS > 0 also
 * run them (see RefreshWorker). pg-boss creates and migrates its own schema at start under its
 * own advisory lock, so several instances may start at once.
 */
@Injectable()
export class RefreshQueue implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(RefreshQueue.name);
  private instance?: PgBoss;
  private starting?: Promise<PgBoss>;

  constructor(
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.ready();
  }

  /** The started queue (started on first use: other modules' start-up may send jobs before this module's init ran). */
  ready(): Promise<PgBoss> {
    this.starting ??= this.start();
    return this.starting;
  }

  private async start(): Promise<PgBoss> {
    const url = (this.dataSource.options as { url: string }).url;
    const timeout = this.config.REFRESH_JOB_TIMEOUT_SECONDS;
    const boss = new PgBoss(
      queueOptions(url, {
        // Expired jobs (their worker died) are noticed by the maintenance pass.
        supervise: true,
        maintenanceIntervalSeconds: Math.max(1, Math.min(60, Math.floor(timeout / 4))),
        schedule: this.config.WORKERS > 0,
      }),
    );
    // Queue errors carry SQL states and ids, never job data (ids only) or personal data.
    boss.on('error', (error) => this.logger.warn(`job queue: ${error.name}: ${error.message}`));
    await boss.start();
    await ensureQueues(boss, {
      retryLimit: this.config.REFRESH_RETRY_LIMIT,
      retryDelay: this.config.REFRESH_RETRY_DELAY_SECONDS,
      expireInSeconds: timeout,
    });
    this.instance = boss;
    return boss;
  }

  /** Before the database pool closes: running jobs finish (for up to 10 s) or go back to the queue. */
  async beforeApplicationShutdown(): Promise<void> {
    const boss = this.instance ?? (await this.starting?.catch(() => undefined));
    this.instance = undefined;
    // Jobs still running are failed back to the queue (they are retried, here or elsewhere).
    await boss?.stop({ graceful: true, timeout: 10_000, wait: true }).catch(() => undefined);
  }

  get boss(): PgBoss {
    if (!this.instance) throw new Error('the job queue is not started');
    return this.instance;
  }

  /** Sends a job; with `tx`, inside that transaction. Null when a singleton of the same key is already queued. */
  async send(queue: QueueName, data: object, options: PgBoss.SendOptions = {}, tx?: EntityManager): Promise<string | null> {
    const boss = await this.ready();
    return boss.send(queue, data, tx ? { ...options, db: await inTransaction(tx) } : options);
  }

  /** Sends many jobs in one statement; with `tx`, inside that transaction. */
  async insert(jobs: PgBoss.JobInsert[], tx?: EntityManager): Promise<void> {
    if (jobs.length === 0) return;
    const boss = await this.ready();
    await boss.insert(jobs, tx ? { db: await inTransaction(tx) } : {});
  }

  /**
   * Waits until the job has finished (completed or failed for good) or `timeoutMs` has passed;
   * returns the job as it then is (null if unknown).
   */
  async waitFor(queue: QueueName, id: string, timeoutMs: number): Promise<PgBoss.JobWithMetadata<object> | null> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const job = await this.boss.getJobById<object>(queue, id, { includeArchive: true });
      if (!job || job.state === 'completed' || job.state === 'failed' || job.state === 'cancelled' || Date.now() >= until) return job;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Creates the queues (idempotent) and applies the retry and expiry settings to them. */
export async function ensureQueues(boss: PgBoss, settings: { retryLimit: number; retryDelay: number; expireInSeconds: number }): Promise<void> {
  const work = { ...settings, retryBackoff: true, deadLetter: QUEUES.dead };
  const queues: [string, PgBoss.Queue][] = [
    [QUEUES.dead, { name: QUEUES.dead, policy: 'standard', retentionMinutes: 60 * 24 * 30 }],
    // Stately: per singleton key at most one job waiting and one running, so a burst of changes to
    // one person or company collapses into one job, and one key never runs twice at once.
    [QUEUES.persons, { name: QUEUES.persons, policy: 'stately', ...work }],
    [QUEUES.company, { name: QUEUES.company, policy: 'stately', ...work }],
    [QUEUES.full, { name: QUEUES.full, policy: 'stately', ...work }],
    [QUEUES.stats, { name: QUEUES.stats, policy: 'stately', ...work }],
  ];
  for (const [name, options] of queues) {
    await boss.createQueue(name, options);
    await boss.updateQueue(name, options);
  }
}
