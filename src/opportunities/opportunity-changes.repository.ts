import type { EntityManager } from 'typeorm';

/** One row of the change feed, as stored. */
export interface OpportunityChangeRow {
  seq: string;
  xid: string;
  occurred_at: Date;
  opportunity_id: string;
  kind: 'CREATED' | 'RESCORED' | 'EXPIRED' | 'STATUS_CHANGED';
  status: string;
  previous_status: string | null;
  score: string;
  rule_id: string;
  party_type: 'PERSON' | 'COMPANY';
  party_id: string;
  product_code: string;
}

/**
 * The SQL of the change feed (the rows are written by triggers on `opportunities`, in the writer's
 * transaction). Reads stop below the oldest transaction still running: every row under that horizon
 * is final, and any row written later carries a larger transaction id, so it sorts after every
 * cursor already handed out — no gaps, no duplicates, whatever commits in whichever order.
 */
export const OpportunityChangesRepository = {
  async page(db: EntityManager, after: { xid: string; seq: string } | null, limit: number): Promise<OpportunityChangeRow[]> {
    return db.query(
      `SELECT c.seq::text AS seq, c.xid::text AS xid, c.occurred_at, c.opportunity_id, c.kind, c.status, c.previous_status, c.score::text AS score,
              c.rule_id, c.party_type, c.party_id, p.code AS product_code
         FROM opportunity_changes c JOIN products p ON p.id = c.product_id
        WHERE c.xid < pg_snapshot_xmin(pg_current_snapshot())
          AND ($1::xid8 IS NULL OR (c.xid, c.seq) > ($1::xid8, $2::bigint))
        ORDER BY c.xid, c.seq
        LIMIT $3`,
      [after?.xid ?? null, after?.seq ?? null, limit],
    );
  },
};
