/** Waiting for the refresh queue in tests: the workers of the test application run its jobs. */
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { QUEUE_SCHEMA, QUEUES } from '../../src/refresh/refresh-queue.service';

const WORK = [QUEUES.persons, QUEUES.company, QUEUES.full, QUEUES.stats];

/** Jobs waiting or running in the refresh queues. */
export async function queuedRefreshJobs(ds: DataSource): Promise<number> {
  const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM ${QUEUE_SCHEMA}.job WHERE name = ANY($1::text[]) AND state IN ('created', 'retry', 'active')`, [WORK]);
  return n;
}

/** Waits until the refresh queues are empty (every job done), or fails after `timeoutMs`. */
export async function settleRefresh(app: INestApplication | DataSource, timeoutMs = 30_000): Promise<void> {
  const ds = app instanceof DataSource ? app : app.get(DataSource);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const n = await queuedRefreshJobs(ds);
    if (n === 0) return;
    if (Date.now() > deadline) throw new Error(`the refresh queue still holds ${n} job(s) after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
