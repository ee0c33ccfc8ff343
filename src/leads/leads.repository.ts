import type { EntityManager } from 'typeorm';
import type { LeadScope } from '../auth/access.service';
import type { Freshness } from '../opportunities/opportunities.repository';

const CURRENT = `(e.end_date IS NULL OR e.end_date > current_date)`;

/** The SQL of the lead lists' freshness (the ranking SQL lives beside it in LeadsService until it moves here). */
export const LeadsRepository = {
  /** Employee prospects of one company: its last refresh; pending: its own change and its changed employees. */
  async companyEmployeesFreshness(db: EntityManager, companyId: string): Promise<Freshness> {
    const [row] = await db.query(
      `SELECT c.decided_at AS fresh,
              (c.refresh_change IS NOT NULL)::int
              + (SELECT count(*) FROM persons p
                  WHERE p.refresh_change IS NOT NULL
                    AND EXISTS (SELECT 1 FROM employments e WHERE e.person_id = p.id AND e.corporate_client_id = c.id AND e.role = 'EMPLOYEE' AND ${CURRENT}))::int AS pending
         FROM corporate_clients c WHERE c.id = $1`,
      [companyId],
    );
    return { freshAsOf: row?.fresh ?? null, pendingChanges: row?.pending ?? 0 };
  },

  /**
   * Executive and corporate leads of a scope: the oldest last refresh among the companies in scope;
   * pending: changed companies in scope and their changed owners and executives.
   */
  async leadersFreshness(db: EntityManager, scope: LeadScope): Promise<Freshness> {
    const [row] = await db.query(
      `WITH scope AS (
         SELECT c.id, c.decided_at, c.refresh_change FROM corporate_clients c
          WHERE ($1::uuid IS NULL OR c.id = $1::uuid)
            AND ($2::uuid IS NULL OR c.branch_id = $2::uuid)
            AND ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM employments e JOIN persons p ON p.id = e.person_id
                                              WHERE e.corporate_client_id = c.id AND e.role IN ('EXECUTIVE', 'OWNER') AND ${CURRENT} AND p.retail_rm_id = $3::uuid))
            AND ($5::uuid IS NULL OR c.branch_id = $4::uuid OR EXISTS (SELECT 1 FROM employments e JOIN persons p ON p.id = e.person_id
                                              WHERE e.corporate_client_id = c.id AND e.role IN ('EXECUTIVE', 'OWNER') AND ${CURRENT} AND p.retail_rm_id = $5::uuid)))
       SELECT (SELECT min(decided_at) FROM scope) AS fresh,
              (SELECT count(*) FROM scope WHERE refresh_change IS NOT NULL)::int
              + (SELECT count(DISTINCT p.id) FROM persons p
                  WHERE p.refresh_change IS NOT NULL
                    AND ($3::uuid IS NULL OR p.retail_rm_id = $3::uuid)
                    AND EXISTS (SELECT 1 FROM employments e JOIN scope s ON s.id = e.corporate_client_id
                                 WHERE e.person_id = p.id AND e.role IN ('EXECUTIVE', 'OWNER') AND ${CURRENT}))::int AS pending`,
      [scope.corporateClientId ?? null, scope.branchId ?? null, scope.retailRmId ?? null, scope.reach?.branchId ?? null, scope.reach?.retailRmId ?? null],
    );
    return { freshAsOf: row?.fresh ?? null, pendingChanges: row?.pending ?? 0 };
  },
};
