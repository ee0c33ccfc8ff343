import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DataSource } from 'typeorm';

/** The pg pool behind TypeORM's PostgreSQL driver (its counters only). */
interface PoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/**
 * The service's Prometheus metrics, in a registry of its own (one per application). Other code
 * injects this service and calls one method where something happens; gauges read their values
 * when scraped.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  private readonly requests = new Counter({
    name: 'graphql_requests_total',
    help: 'GraphQL requests answered, by operation (the root fields it asked for) and outcome',
    labelNames: ['operation', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'graphql_request_duration_seconds',
    help: 'Time from a GraphQL request reaching Apollo to its answer, by operation',
    labelNames: ['operation'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly errors = new Counter({
    name: 'graphql_errors_total',
    help: 'Errors answered, by extensions.code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  private readonly refreshes = new Counter({
    name: 'opportunity_refresh_jobs_total',
    help: 'Opportunity refreshes finished',
    registers: [this.registry],
  });
  private readonly refreshDuration = new Histogram({
    name: 'opportunity_refresh_duration_seconds',
    help: 'How long an opportunity refresh took',
    buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900],
    registers: [this.registry],
  });
  private readonly auditFailures = new Counter({
    name: 'audit_write_failures_total',
    help: 'Audit log writes that failed (the request they belonged to was refused)',
    registers: [this.registry],
  });

  /** Where the serving rule set version comes from (wired by MetricsModule). */
  private ruleSetVersion: () => string | undefined = () => undefined;

  constructor(@InjectDataSource() dataSource: DataSource) {
    const service = this;
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'db_pool_connections',
      help: 'Database pool connections: total open, idle, and requests waiting for one',
      labelNames: ['state'] as const,
      registers: [this.registry],
      collect() {
        const pool = (dataSource.driver as unknown as { master?: PoolCounts }).master;
        if (!pool) return;
        this.set({ state: 'total' }, pool.totalCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });
    new Gauge({
      name: 'ruleset_info',
      help: 'The rule set version this instance serves (value 1)',
      labelNames: ['version'] as const,
      registers: [this.registry],
      collect() {
        this.reset();
        const version = service.ruleSetVersion();
        if (version) this.set({ version }, 1);
      },
    });
  }

  /** The rule set version to report (read when scraped). */
  watchRuleSet(version: () => string | undefined): void {
    this.ruleSetVersion = version;
  }

  /** One answered GraphQL request: its operation, duration, and the codes of its errors. */
  graphqlRequest(operation: string, seconds: number, codes: readonly string[]): void {
    this.requests.inc({ operation, outcome: codes.length === 0 ? 'ok' : 'error' });
    this.latency.observe({ operation }, seconds);
    for (const code of codes) this.errors.inc({ code });
  }

  /** A refusal answered before GraphQL (401, 429). */
  refused(code: string): void {
    this.errors.inc({ code });
  }

  refreshFinished(ms: number): void {
    this.refreshes.inc();
    this.refreshDuration.observe(ms / 1000);
  }

  auditWriteFailed(): void {
    this.auditFailures.inc();
  }
}
