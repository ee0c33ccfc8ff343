import type { EntityManager } from 'typeorm';

/** A person or company whose opportunities a change made stale, with the change number it carries. */
export interface ChangeMark {
  id: string;
  /** bigint from refresh_change_seq, as the driver returns it: a decimal string. */
  change: string;
}

/**
 * The SQL of change capture. Every function takes the writer's EntityManager: the mark is written in
 * the same transaction as the change it records, so it commits (or rolls back) with it.
 */
export const ChangesRepository = {
  /** Gives each person a new change number; keeps the time of their oldest unreflected change. */
  async markPersons(tx: EntityManager, personIds: readonly string[]): Promise<void> {
    if (personIds.length === 0) return;
    await tx.query(
      `UPDATE persons SET refresh_change = nextval('refresh_change_seq'), refresh_change_at = COALESCE(refresh_change_at, now())
        WHERE id = ANY($1::uuid[])`,
      [[...new Set(personIds)]],
    );
  },

  /** The same for companies; `null` marks every company (a full refresh). Returns how many were marked. */
  async markCompanies(tx: EntityManager, companyIds: readonly string[] | null): Promise<number> {
    if (companyIds !== null && companyIds.length === 0) return 0;
    const [, count] = await tx.query(
      `UPDATE corporate_clients SET refresh_change = nextval('refresh_change_seq'), refresh_change_at = COALESCE(refresh_change_at, now())
        WHERE $1::uuid[] IS NULL OR id = ANY($1::uuid[])`,
      [companyIds === null ? null : [...new Set(companyIds)]],
    );
    return count as number;
  },

  /** The marks of these persons as they are now (those without a mark are left out). */
  async personMarks(db: EntityManager, personIds: readonly string[]): Promise<ChangeMark[]> {
    if (personIds.length === 0) return [];
    return db.query(`SELECT id, refresh_change::text AS change FROM persons WHERE id = ANY($1::uuid[]) AND refresh_change IS NOT NULL`, [personIds]);
  },

  /**
   * Records that these persons were decided at `decidedAt`, and clears the marks that still hold the
   * numbers the refresh read: a change recorded meanwhile has a higher number and keeps its mark
   * (integers compared in SQL: no clock is involved).
   */
  async clearPersons(db: EntityManager, personIds: readonly string[], marks: readonly ChangeMark[], decidedAt: Date): Promise<void> {
    if (personIds.length === 0) return;
    const read = new Map(marks.map((m) => [m.id, m.change]));
    await db.query(
      `UPDATE persons p SET decided_at = $2,
              refresh_change = CASE WHEN p.refresh_change = m.change THEN NULL ELSE p.refresh_change END,
              refresh_change_at = CASE WHEN p.refresh_change = m.change THEN NULL ELSE p.refresh_change_at END
         FROM unnest($1::uuid[], $3::bigint[]) AS m(id, change)
        WHERE p.id = m.id`,
      [personIds, decidedAt, personIds.map((id) => read.get(id) ?? null)],
    );
  },

  async companyMark(db: EntityManager, companyId: string): Promise<string | null> {
    const [row] = await db.query(`SELECT refresh_change::text AS change FROM corporate_clients WHERE id = $1`, [companyId]);
    return row?.change ?? null;
  },

  /** Clears a company's mark if it still holds `change` (null: nothing to clear), and records when it was decided. */
  async clearCompany(db: EntityManager, companyId: string, change: string | null, decidedAt: Date): Promise<void> {
    await db.query(
      `UPDATE corporate_clients SET decided_at = $3,
              refresh_change = CASE WHEN refresh_change = $2::bigint THEN NULL ELSE refresh_change END,
              refresh_change_at = CASE WHEN refresh_change = $2::bigint THEN NULL ELSE refresh_change_at END
        WHERE id = $1`,
      [companyId, change, decidedAt],
    );
  },
};
