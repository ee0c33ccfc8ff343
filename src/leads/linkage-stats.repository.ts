import type { EntityManager } from 'typeorm';

/** One company's card matching, product penetration and opportunity outcomes. */
export interface LinkageStatsRow {
  employees: number;
  payroll: number;
  payroll_with_card: number;
  penetration: { category: string; holders: number }[];
  open: number;
  accepted: number;
  declined: number;
}

const CURRENT = `(e.end_date IS NULL OR e.end_date > current_date)`;

/**
 * The figures aggregated from employments, holdings and opportunities, in one statement (one
 * snapshot). O(company size): a 200,000-employee client takes seconds, so reads use the kept row.
 */
const AGGREGATE = `
  SELECT w.employees, w.payroll, w.payroll_with_card, COALESCE(pen.penetration, '[]'::jsonb) AS penetration, o.open, o.accepted, o.declined
    FROM (SELECT count(*)::int AS employees,
                 count(*) FILTER (WHERE e.salary_paid_here)::int AS payroll,
                 count(*) FILTER (WHERE e.salary_paid_here AND EXISTS (
                   SELECT 1 FROM holdings h JOIN products p ON p.id = h.product_id
                    WHERE h.person_id = e.person_id AND h.closed_at IS NULL AND p.category = 'DEBIT_CARD'))::int AS payroll_with_card
            FROM employments e
           WHERE e.corporate_client_id = $1 AND e.role = 'EMPLOYEE' AND ${CURRENT}) w,
         (SELECT jsonb_agg(jsonb_build_object('category', x.category, 'holders', x.holders) ORDER BY x.category) AS penetration
            FROM (SELECT p.category, count(DISTINCT e.person_id)::int AS holders
                    FROM employments e
                    JOIN holdings h ON h.person_id = e.person_id AND h.closed_at IS NULL
                    JOIN products p ON p.id = h.product_id
                   WHERE e.corporate_client_id = $1 AND e.role = 'EMPLOYEE' AND ${CURRENT}
                   GROUP BY p.category) x) pen,
         (SELECT count(*) FILTER (WHERE status IN ('OPEN', 'CONTACTED'))::int AS open,
                 count(*) FILTER (WHERE status = 'ACCEPTED')::int AS accepted,
                 count(*) FILTER (WHERE status = 'DECLINED')::int AS declined
            FROM opportunities WHERE via_corporate_client_id = $1) o`;

/**
 * `company_linkage_stats`: the refresh worker recomputes a company's row (a `refresh-stats` job,
 * queued after each refresh and outcome that may move the figures); `linkageStats` reads the row.
 */
export const LinkageStatsRepository = {
  /** Aggregated now, from the data itself (read only). */
  async aggregate(db: EntityManager, companyId: string): Promise<LinkageStatsRow> {
    const [row] = await db.query(AGGREGATE, [companyId]);
    return row;
  },

  /** The kept row, or null when the company's figures were never computed. */
  async kept(db: EntityManager, companyId: string): Promise<LinkageStatsRow | null> {
    const [row] = await db.query(
      `SELECT employees, payroll, payroll_with_card, penetration, open, accepted, declined FROM company_linkage_stats WHERE corporate_client_id = $1`,
      [companyId],
    );
    return row ?? null;
  },

  /** Recomputes and keeps one company's row (nothing for a company that no longer exists). */
  async recompute(db: EntityManager, companyId: string): Promise<void> {
    await db.query(
      `INSERT INTO company_linkage_stats (corporate_client_id, employees, payroll, payroll_with_card, penetration, open, accepted, declined, computed_at)
       SELECT $1, a.employees, a.payroll, a.payroll_with_card, a.penetration, a.open, a.accepted, a.declined, now()
         FROM (${AGGREGATE}) a
        WHERE EXISTS (SELECT 1 FROM corporate_clients WHERE id = $1)
       ON CONFLICT (corporate_client_id) DO UPDATE
          SET employees = EXCLUDED.employees, payroll = EXCLUDED.payroll, payroll_with_card = EXCLUDED.payroll_with_card, penetration = EXCLUDED.penetration,
              open = EXCLUDED.open, accepted = EXCLUDED.accepted, declined = EXCLUDED.declined, computed_at = EXCLUDED.computed_at`,
      [companyId],
    );
  },

  /** Every company these persons are or were employed by (their figures may move with the persons). */
  async companiesOfPersons(db: EntityManager, personIds: readonly string[]): Promise<string[]> {
    const rows: { id: string }[] = await db.query('SELECT DISTINCT corporate_client_id AS id FROM employments WHERE person_id = ANY($1::uuid[])', [personIds]);
    return rows.map((r) => r.id);
  },
};
