import type { EntityManager } from 'typeorm';
import { QUEUE_SCHEMA, QUEUES } from './refresh-queue.service';

/** A refresh job as refreshStatus shows it: ids, states and times, never job data beyond ids. */
export interface RefreshJobRow {
  id: string;
  queue: string;
  state: string;
  company_id: string | null;
  person_id: string | null;
  retry_count: number;
  created_on: Date;
  started_on: Date | null;
  completed_on: Date | null;
  /** The sanitised error a failed job recorded (error class and SQL state). */
  error: string | null;
}

export interface PendingRow {
  persons: number;
  companies: number;
  oldest: Date | null;
}

export interface JobCountsRow {
  queued: number;
  running: number;
  failed: number;
}

const WORK_QUEUES = [QUEUES.persons, QUEUES.company, QUEUES.full];

/**
 * Jobs of a branch: company jobs of its clients, person jobs of persons of the branch or employed
 * by its clients (full refreshes are bank-wide: not a branch's). `$1` is the branch or null (all).
 */
const IN_SCOPE = `($1::uuid IS NULL
   OR EXISTS (SELECT 1 FROM corporate_clients c WHERE c.id::text = j.data->>'companyId' AND c.branch_id = $1::uuid)
   OR EXISTS (SELECT 1 FROM persons p WHERE p.id::text = j.data->>'personId'
               AND (p.branch_id = $1::uuid OR EXISTS (SELECT 1 FROM employments e JOIN corporate_clients c ON c.id = e.corporate_client_id
                                                        WHERE e.person_id = p.id AND c.branch_id = $1::uuid))))`;

/** The SQL behind refreshStatus: pending change marks, and pg-boss's job table. */
export const RefreshStatusRepository = {
  async pending(db: EntityManager, branchId: string | null): Promise<PendingRow> {
    const [row] = await db.query(
      `WITH persons_pending AS (
         SELECT p.refresh_change_at AS at FROM persons p
          WHERE p.refresh_change IS NOT NULL
            AND ($1::uuid IS NULL OR p.branch_id = $1::uuid OR EXISTS (
                  SELECT 1 FROM employments e JOIN corporate_clients c ON c.id = e.corporate_client_id WHERE e.person_id = p.id AND c.branch_id = $1::uuid))),
       companies_pending AS (
         SELECT c.refresh_change_at AS at FROM corporate_clients c WHERE c.refresh_change IS NOT NULL AND ($1::uuid IS NULL OR c.branch_id = $1::uuid))
       SELECT (SELECT count(*) FROM persons_pending)::int AS persons, (SELECT count(*) FROM companies_pending)::int AS companies,
              LEAST((SELECT min(at) FROM persons_pending), (SELECT min(at) FROM companies_pending)) AS oldest`,
      [branchId],
    );
    return row;
  },

  async counts(db: EntityManager, branchId: string | null): Promise<JobCountsRow> {
    const [row] = await db.query(
      `SELECT count(*) FILTER (WHERE j.name = ANY($2::text[]) AND j.state IN ('created', 'retry'))::int AS queued,
              count(*) FILTER (WHERE j.name = ANY($2::text[]) AND j.state = 'active')::int AS running,
              count(*) FILTER (WHERE j.name = $3 AND j.state IN ('created', 'retry'))::int AS failed
         FROM ${QUEUE_SCHEMA}.job j
        WHERE j.name = ANY($2::text[] || $3::text) AND j.state < 'completed' AND ${IN_SCOPE}`,
      [branchId, WORK_QUEUES, QUEUES.dead],
    );
    return row;
  },

  /** Running jobs, and dead letters (jobs that failed after every retry), newest first. */
  async jobs(db: EntityManager, branchId: string | null, kind: 'running' | 'failed', limit: number): Promise<RefreshJobRow[]> {
    const where = kind === 'running' ? `j.name = ANY($2::text[]) AND j.state = 'active'` : `j.name = $3 AND j.state IN ('created', 'retry') AND $2::text[] IS NOT NULL`;
    return db.query(
      `SELECT j.id, CASE WHEN j.name = $3 THEN COALESCE(j.data->>'queue', j.name) ELSE j.name END AS queue, j.state::text AS state,
              j.data->>'companyId' AS company_id, j.data->>'personId' AS person_id, j.retry_count, j.created_on, j.started_on, j.completed_on,
              COALESCE(j.output->>'message', j.output->'value'->>'message') AS error
         FROM ${QUEUE_SCHEMA}.job j
        WHERE ${where} AND ${IN_SCOPE}
        ORDER BY j.created_on DESC
        LIMIT $4`,
      [branchId, WORK_QUEUES, QUEUES.dead, limit],
    );
  },
};
