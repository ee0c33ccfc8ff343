import type { EntityManager } from 'typeorm';
import type { Outcome } from './opportunity-status';

export interface OutcomeTargetRow {
  id: string;
  status: string;
  via_corporate_client_id: string;
  created_at: Date;
}

export interface RecordedOutcomeRow {
  id: string;
  opportunity_id: string;
  outcome: Outcome;
}

/** The SQL of outcomes: every function runs in the caller's transaction. */
export const OutcomesRepository = {
  /** The opportunity, locked for this transaction (concurrent outcomes on it are serialised). */
  async lockOpportunity(tx: EntityManager, opportunityId: string): Promise<OutcomeTargetRow | undefined> {
    const [row] = await tx.query('SELECT id, status, via_corporate_client_id, created_at FROM opportunities WHERE id = $1 FOR UPDATE', [opportunityId]);
    return row;
  },

  /** Keys are the sending manager's own: another manager's equal key is a different key. */
  async byIdempotencyKey(tx: EntityManager, key: string, managerId: string | null): Promise<RecordedOutcomeRow | undefined> {
    const [row] = await tx.query('SELECT id, opportunity_id, outcome FROM opportunity_outcomes WHERE idempotency_key = $1 AND manager_id IS NOT DISTINCT FROM $2', [key, managerId]);
    return row;
  },

  async status(tx: EntityManager, opportunityId: string): Promise<string> {
    const [row] = await tx.query('SELECT status FROM opportunities WHERE id = $1', [opportunityId]);
    return row.status;
  },

  /** The new outcome's id, or undefined when the same manager's key was recorded meanwhile (a concurrent request). */
  async insert(tx: EntityManager, input: { opportunityId: string; outcome: Outcome; note: string | null; managerId: string | null; idempotencyKey: string; occurredAt: Date | null }): Promise<string | undefined> {
    // Without a time of its own, an outcome occurred when it was recorded.
    const [row] = await tx.query(
      `INSERT INTO opportunity_outcomes (opportunity_id, outcome, note, manager_id, idempotency_key, occurred_at) VALUES ($1, $2, $3, $4, $5, COALESCE($6::timestamptz, now()))
       ON CONFLICT (manager_id, idempotency_key) DO NOTHING RETURNING id`,
      [input.opportunityId, input.outcome, input.note, input.managerId, input.idempotencyKey, input.occurredAt],
    );
    return row?.id;
  },

  async setStatus(tx: EntityManager, opportunityId: string, status: string): Promise<void> {
    await tx.query(
      `UPDATE opportunities SET status = $2::varchar, status_changed_at = CASE WHEN status <> $2::varchar THEN now() ELSE status_changed_at END, updated_at = now(), row_version = row_version + 1 WHERE id = $1`,
      [opportunityId, status],
    );
  },
};
