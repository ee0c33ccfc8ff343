import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { QUEUES, RefreshQueue, type CompanyJob, type FullJob, type PersonJob } from '../refresh/refresh-queue.service';
import { ChangesRepository } from './changes.repository';

/** How long a person change or an outcome waits before its company's linkage statistics are recomputed. */
export const LINKAGE_STATS_DELAY_SECONDS = 1;

/**
 * Change capture: every write path tells this service, inside its own transaction, what it made
 * stale — persons (their own data, employments, holdings) or companies (a company's data or
 * holdings, whose facts every lead through it reads). The mark and the refresh job are written in
 * that transaction: both commit with the change, or neither does.
 */
@Injectable()
export class ChangesService {
  private readonly logger = new Logger(ChangesService.name);

  constructor(
    private readonly queue: RefreshQueue,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Persons whose data changed: their opportunities on every route are decided again. */
  async personsChanged(tx: EntityManager, personIds: readonly string[]): Promise<void> {
    const ids = [...new Set(personIds)];
    if (ids.length === 0) return;
    await ChangesRepository.markPersons(tx, ids);
    // One job per person, keyed by the person: while one waits, more changes to them add none.
    await this.queue.insert(ids.map((personId) => ({ name: QUEUES.persons, data: { personId } satisfies PersonJob, singletonKey: personId })), tx);
  }

  /** Companies whose facts changed: everything that arises through them is decided again. */
  async companiesChanged(tx: EntityManager, companyIds: readonly string[]): Promise<void> {
    const ids = [...new Set(companyIds)];
    if (ids.length === 0) return;
    await ChangesRepository.markCompanies(tx, ids);
    await this.queue.insert(ids.map((companyId) => ({ name: QUEUES.company, data: { companyId } satisfies CompanyJob, singletonKey: companyId })), tx);
  }

  /**
   * Companies whose linkage statistics may have moved (a refresh wrote, an outcome was recorded):
   * their `refresh-stats` job, one waiting per company; `delayed`: it starts after
   * LINKAGE_STATS_DELAY_SECONDS, so a stream of changes to one company recomputes its figures about
   * once per delay, not once per change.
   */
  async linkageStatsChanged(companyIds: readonly string[], options: { delayed?: boolean; tx?: EntityManager } = {}): Promise<void> {
    const ids = [...new Set(companyIds)];
    const startAfter = options.delayed ? new Date(Date.now() + LINKAGE_STATS_DELAY_SECONDS * 1000) : undefined;
    await this.queue.insert(ids.map((companyId) => ({ name: QUEUES.stats, data: { companyId } satisfies CompanyJob, singletonKey: companyId, startAfter })), options.tx);
  }

  /**
   * A full refresh (a new rule set, the nightly date rollover): every company is marked at once, so
   * every list shows the pending work, and one job partitions the work into company jobs.
   */
  async fullRefreshRequested(reason: string, tx?: EntityManager): Promise<string | null> {
    if (!tx) return this.dataSource.transaction((own) => this.fullRefreshRequested(reason, own));
    const companies = await ChangesRepository.markCompanies(tx, null);
    const job = await this.queue.send(QUEUES.full, { reason } satisfies FullJob, {}, tx);
    this.logger.log(`full refresh requested (${reason}): ${companies} companies marked`);
    return job;
  }
}
