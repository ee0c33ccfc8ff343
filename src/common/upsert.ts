import type { EntityManager } from 'typeorm';
import { AppError } from './errors/app-error';
import { ErrorCode } from './errors/error-code';
import { dataVersion } from './data-version';

/**
 * Creates or updates one row by its external id in one statement. Columns given as `undefined` are
 * left as they are on update (and take their defaults on insert), so a feed can send only what it
 * knows; `null` clears a nullable column. A row whose given columns already hold the given values is
 * not written at all (`updated_at` stays, nothing is marked stale). Returns the row's id, whether it
 * was created, and whether it was created or changed.
 *
 * `fixed` columns (a record's owner) cannot change: the update happens only where the stored row
 * already has the given values, in the same statement as the insert, so concurrent writers cannot
 * move a row between owners; a row that belongs to another owner answers CONFLICT with `conflict`.
 */
export async function upsertByExternalId(
  db: EntityManager,
  table: string,
  externalId: string,
  values: Record<string, unknown>,
  owner?: { fixed: string[]; conflict: string },
): Promise<{ id: string; created: boolean; changed: boolean }> {
  const given = Object.entries(values).filter(([, v]) => v !== undefined);
  const columns = ['external_id', ...given.map(([c]) => c)];
  const params = [externalId, ...given.map(([, v]) => v)];
  const placeholders = columns.map((_, i) => `$${i + 1}`);
  const updates = given.map(([c]) => `"${c}" = EXCLUDED."${c}"`);
  const sameOwner = owner?.fixed.length ? owner.fixed.map((c) => `"${table}"."${c}" IS NOT DISTINCT FROM EXCLUDED."${c}"`) : [];
  // Compared as the column types (numeric 8000 equals 8000.00), in the database.
  const differs = given.length === 0 ? 'false' : `ROW(${given.map(([c]) => `"${table}"."${c}"`).join(', ')}) IS DISTINCT FROM ROW(${given.map(([c]) => `EXCLUDED."${c}"`).join(', ')})`;
  const [row] = await db.query(
    `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${placeholders.join(', ')})
     ON CONFLICT (external_id) DO UPDATE SET ${[...updates, 'updated_at = now()'].join(', ')} WHERE ${[...sameOwner, differs].join(' AND ')}
     RETURNING id, (xmax = 0) AS created`,
    params,
  );
  if (!row) {
    // Not written: either it belongs to another owner, or nothing differed and the row stays as it was.
    const fixed = owner?.fixed ?? [];
    const [stored] = await db.query(
      `SELECT id${fixed.map((c, i) => `, "${c}" IS NOT DISTINCT FROM $${i + 2} AS same_${i}`).join('')} FROM "${table}" WHERE external_id = $1`,
      [externalId, ...fixed.map((c) => values[c])],
    );
    if (!stored || fixed.some((_, i) => !stored[`same_${i}`])) throw new AppError(ErrorCode.CONFLICT, owner?.conflict ?? `${externalId} could not be written`);
    return { id: stored.id, created: false, changed: false };
  }
  dataVersion.bump();
  return { id: row.id, created: row.created, changed: true };
}

/** Resolves a referenced record's external id to our id, or answers NOT_FOUND naming the field. */
export async function idByExternalId(db: EntityManager, table: string, what: string, field: string, externalId: string): Promise<string> {
  const [row] = await db.query(`SELECT id FROM "${table}" WHERE external_id = $1`, [externalId]);
  if (!row) throw new AppError(ErrorCode.NOT_FOUND, `${what} with external id ${externalId} was not found`, { fields: [field] });
  return row.id;
}

/** Like idByExternalId, for optional references: undefined stays undefined, null clears. */
export async function optionalIdByExternalId(db: EntityManager, table: string, what: string, field: string, externalId: string | null | undefined): Promise<string | null | undefined> {
  if (externalId === undefined || externalId === null) return externalId;
  return idByExternalId(db, table, what, field, externalId);
}
