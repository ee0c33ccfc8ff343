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

/** A column filled from another table's key (a reference given by external id or code). */
export interface BatchReference {
  table: string;
  /** The referenced table's key column (`external_id`, or `code` for products). */
  key: string;
  /** The input field named in a NOT_FOUND answer. */
  field: string;
  /** The NOT_FOUND message for a key that does not exist. */
  notFound: (key: string) => string;
}

/** One table as the set-based upsert writes it. */
export interface BatchTable {
  table: string;
  /** Reference columns by column name. */
  references?: Record<string, BatchReference>;
  /** Columns that cannot change (a record's owner), as in upsertByExternalId. */
  owner?: { fixed: string[]; conflict: string };
  /** Stored columns returned with every written row (what change capture needs). */
  returning?: string[];
}

/** One record for upsertManyByExternalId: `undefined` keeps a column, `null` clears it. */
export interface BatchRow {
  /** The caller's position for this row; outcomes carry it back. */
  index: number;
  externalId: string;
  values: Record<string, unknown>;
  /** Reference columns by column name, as the referenced record's key. */
  refs?: Record<string, string | null | undefined>;
}

export type BatchOutcome =
  | { index: number; outcome: 'inserted' | 'updated'; id: string; row: Record<string, unknown> }
  | { index: number; outcome: 'unchanged'; id: string }
  | { index: number; outcome: 'rejected'; code: ErrorCode; message: string; field?: string };

const columnTypes = new Map<string, Promise<Map<string, string>>>();

/** The SQL types of a table's columns, read once per process from the catalogue. */
function typesOf(db: EntityManager, table: string): Promise<Map<string, string>> {
  let types = columnTypes.get(table);
  if (!types) {
    types = db
      .query(`SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped`, [table])
      .then((rows: { name: string; type: string }[]) => new Map(rows.map((r) => [r.name, r.type])));
    types.catch(() => columnTypes.delete(table));
    columnTypes.set(table, types);
  }
  return types;
}

/**
 * The set-based form of upsertByExternalId, with the same rules: omitted columns are kept, an owner
 * cannot change, and a row whose given columns already hold the given values is not written (nothing
 * to capture). Rows are grouped by the columns they give; each group is one statement that resolves
 * the references, checks the owner and writes, all in SQL. A key repeated in `rows` is rejected
 * (the first applies). Outcomes come back in the rows' order.
 */
export async function upsertManyByExternalId(db: EntityManager, spec: BatchTable, rows: readonly BatchRow[]): Promise<BatchOutcome[]> {
  const outcomes: BatchOutcome[] = [];
  const seen = new Set<string>();
  const groups = new Map<string, BatchRow[]>();
  for (const row of rows) {
    if (seen.has(row.externalId)) {
      outcomes.push({ index: row.index, outcome: 'rejected', code: ErrorCode.CONFLICT, message: `${row.externalId} is repeated; its first occurrence applies`, field: 'externalId' });
      continue;
    }
    seen.add(row.externalId);
    const shape = JSON.stringify([given(row.values), given(row.refs ?? {})]);
    const group = groups.get(shape);
    if (group) group.push(row);
    else groups.set(shape, [row]);
  }
  const types = await typesOf(db, spec.table);
  for (const group of groups.values()) outcomes.push(...(await upsertShape(db, spec, types, group)));
  if (outcomes.some((o) => o.outcome === 'inserted' || o.outcome === 'updated')) dataVersion.bump();
  return outcomes.sort((a, b) => a.index - b.index);
}

function given(values: Record<string, unknown>): string[] {
  return Object.keys(values)
    .filter((k) => values[k] !== undefined)
    .sort();
}

async function upsertShape(db: EntityManager, spec: BatchTable, types: Map<string, string>, rows: BatchRow[]): Promise<BatchOutcome[]> {
  const q = (c: string): string => `"${c.replace(/"/g, '""')}"`;
  const typeOf = (c: string): string => {
    const type = types.get(c);
    if (!type) throw new Error(`${spec.table} has no column ${c}`);
    return type;
  };
  const valueColumns = given(rows[0].values);
  const refColumns = given(rows[0].refs ?? {});
  const written = [...valueColumns, ...refColumns];
  const references = spec.references ?? {};
  const fixed = spec.owner?.fixed ?? [];
  const returning = spec.returning ?? [];
  const records = rows.map((r) => {
    const record: Record<string, unknown> = { '#': r.index, external_id: r.externalId };
    for (const c of valueColumns) record[c] = r.values[c];
    for (const c of refColumns) record[`ref:${c}`] = r.refs![c];
    return record;
  });
  const recordset = ['"#" int', 'external_id text', ...valueColumns.map((c) => `${q(c)} ${typeOf(c)}`), ...refColumns.map((c) => `${q(`ref:${c}`)} text`)];
  const joins = refColumns.map((c, i) => `LEFT JOIN ${q(references[c].table)} ref${i} ON ref${i}.${q(references[c].key)} = input.${q(`ref:${c}`)}`);
  const resolvedRefs = refColumns.map((c, i) => `ref${i}.id AS ${q(c)}`);
  const refsFound = refColumns.map((c) => `(r.${q(`ref:${c}`)} IS NULL OR r.${q(c)} IS NOT NULL)`);
  const missing = refColumns.length === 0 ? 'NULL' : `CASE ${refColumns.map((c) => `WHEN r.${q(`ref:${c}`)} IS NOT NULL AND r.${q(c)} IS NULL THEN '${c}'`).join(' ')} END`;
  const sameOwner = fixed.filter((c) => written.includes(c)).map((c) => `t.${q(c)} IS NOT DISTINCT FROM EXCLUDED.${q(c)}`);
  const storedSameOwner = fixed.filter((c) => written.includes(c)).map((c) => `s.${q(c)} IS NOT DISTINCT FROM r.${q(c)}`);
  const differs = written.length === 0 ? 'false' : `ROW(${written.map((c) => `t.${q(c)}`).join(', ')}) IS DISTINCT FROM ROW(${written.map((c) => `EXCLUDED.${q(c)}`).join(', ')})`;
  const sql = `
    WITH input AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(${recordset.join(', ')})),
    r AS (SELECT input.*${resolvedRefs.map((s) => `, ${s}`).join('')} FROM input ${joins.join(' ')}),
    written AS (
      INSERT INTO ${q(spec.table)} AS t (external_id${written.map((c) => `, ${q(c)}`).join('')})
      SELECT external_id${written.map((c) => `, ${q(c)}`).join('')} FROM r WHERE ${refsFound.length ? refsFound.join(' AND ') : 'true'} ORDER BY external_id
      ON CONFLICT (external_id) DO UPDATE SET ${[...written.map((c) => `${q(c)} = EXCLUDED.${q(c)}`), 'updated_at = now()'].join(', ')}
      WHERE ${[...sameOwner, differs].join(' AND ')}
      RETURNING t.id, t.external_id, (t.xmax = 0) AS created${returning.map((c) => `, t.${q(c)}`).join('')}
    )
    SELECT r."#" AS index, w.id, w.created, s.id AS stored_id, ${missing} AS missing,
           ${storedSameOwner.length ? storedSameOwner.join(' AND ') : 'true'} AS same_owner,
           r.${q('external_id')} AS external_id${refColumns.map((c) => `, r.${q(`ref:${c}`)} AS ${q(`ref:${c}`)}`).join('')}${returning.map((c) => `, w.${q(c)} AS ${q(`w:${c}`)}`).join('')}
      FROM r LEFT JOIN written w ON w.external_id = r.external_id LEFT JOIN ${q(spec.table)} s ON s.external_id = r.external_id`;
  const result: Record<string, any>[] = await db.query(sql, [JSON.stringify(records)]);
  return result.map((row): BatchOutcome => {
    const index = Number(row.index);
    if (row.id) {
      const stored = Object.fromEntries(returning.map((c) => [c, row[`w:${c}`]]));
      return { index, outcome: row.created ? 'inserted' : 'updated', id: row.id, row: stored };
    }
    if (row.missing) {
      const ref = references[row.missing];
      return { index, outcome: 'rejected', code: ErrorCode.NOT_FOUND, message: ref.notFound(row[`ref:${row.missing}`]), field: ref.field };
    }
    if (row.stored_id && row.same_owner) return { index, outcome: 'unchanged', id: row.stored_id };
    return { index, outcome: 'rejected', code: ErrorCode.CONFLICT, message: spec.owner?.conflict.replace('{externalId}', row.external_id) ?? `${row.external_id} could not be written`, field: 'externalId' };
  });
}
