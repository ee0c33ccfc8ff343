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

interface ColumnInfo {
  type: string;
  /** The column's default as an SQL expression, or NULL. */
  default: string;
}

const columnInfo = new Map<string, Promise<Map<string, ColumnInfo>>>();

/** The SQL types and defaults of a table's columns, read once per process from the catalogue. */
function columnsOf(db: EntityManager, table: string): Promise<Map<string, ColumnInfo>> {
  let info = columnInfo.get(table);
  if (!info) {
    info = db
      .query(
        `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, pg_get_expr(d.adbin, d.adrelid) AS "default"
           FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
          WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped`,
        [table],
      )
      .then((rows: { name: string; type: string; default: string | null }[]) => new Map(rows.map((r) => [r.name, { type: r.type, default: r.default ?? 'NULL' }])));
    info.catch(() => columnInfo.delete(table));
    columnInfo.set(table, info);
  }
  return info;
}

/**
 * The set-based form of upsertByExternalId, with the same rules: omitted columns are kept (or take
 * their defaults on insert), an owner cannot change, and a row whose given columns already hold the
 * given values is not written (nothing to capture). One statement for the whole batch resolves the
 * references, updates the existing rows that differ and whose owner is the same, and inserts the new
 * ones, all in SQL; each row says which of its columns it gives. A key repeated in `rows` is rejected
 * (the first applies). Outcomes come back in the rows' order.
 */
export async function upsertManyByExternalId(db: EntityManager, spec: BatchTable, rows: readonly BatchRow[]): Promise<BatchOutcome[]> {
  const outcomes: BatchOutcome[] = [];
  const seen = new Set<string>();
  const unique: BatchRow[] = [];
  for (const row of rows) {
    if (seen.has(row.externalId)) {
      outcomes.push({ index: row.index, outcome: 'rejected', code: ErrorCode.CONFLICT, message: `${row.externalId} is repeated; its first occurrence applies`, field: 'externalId' });
      continue;
    }
    seen.add(row.externalId);
    unique.push(row);
  }
  if (unique.length > 0) outcomes.push(...(await upsertBatch(db, spec, await columnsOf(db, spec.table), unique)));
  if (outcomes.some((o) => o.outcome === 'inserted' || o.outcome === 'updated')) dataVersion.bump();
  return outcomes.sort((a, b) => a.index - b.index);
}

async function upsertBatch(db: EntityManager, spec: BatchTable, columns: Map<string, ColumnInfo>, rows: BatchRow[]): Promise<BatchOutcome[]> {
  const q = (c: string): string => `"${c.replace(/"/g, '""')}"`;
  const info = (c: string): ColumnInfo => {
    const column = columns.get(c);
    if (!column) throw new Error(`${spec.table} has no column ${c}`);
    return column;
  };
  const references = spec.references ?? {};
  const refColumns = Object.keys(references);
  const valueColumns = [...new Set(rows.flatMap((r) => Object.keys(r.values)))].filter((c) => !refColumns.includes(c)).sort();
  const written = [...valueColumns, ...refColumns];
  const fixed = (spec.owner?.fixed ?? []).filter((c) => written.includes(c));
  const returning = spec.returning ?? [];
  const has = (c: string): string => q(`has:${c}`);
  const records = rows.map((r) => {
    const record: Record<string, unknown> = { '#': r.index, external_id: r.externalId };
    for (const c of valueColumns) {
      record[c] = r.values[c] ?? null;
      record[`has:${c}`] = r.values[c] !== undefined;
    }
    for (const c of refColumns) {
      record[`ref:${c}`] = r.refs?.[c] ?? null;
      record[`has:${c}`] = r.refs?.[c] !== undefined;
    }
    return record;
  });
  const recordset = [
    '"#" int',
    'external_id text',
    ...valueColumns.map((c) => `${q(c)} ${info(c).type}`),
    ...refColumns.map((c) => `${q(`ref:${c}`)} text`),
    ...written.map((c) => `${has(c)} boolean`),
  ];
  const joins = refColumns.map((c, i) => `LEFT JOIN ${q(references[c].table)} ref${i} ON ref${i}.${q(references[c].key)} = input.${q(`ref:${c}`)}`);
  const resolvedRefs = refColumns.map((c, i) => `, ref${i}.id AS ${q(c)}`);
  const refsFound = refColumns.map((c) => `(r.${q(`ref:${c}`)} IS NULL OR r.${q(c)} IS NOT NULL)`);
  const missing = refColumns.length === 0 ? 'NULL' : `CASE ${refColumns.map((c) => `WHEN r.${q(`ref:${c}`)} IS NOT NULL AND r.${q(c)} IS NULL THEN '${c}'`).join(' ')} END`;
  // A column's new value: the given one, or the stored one (update) / the default (insert).
  const kept = (c: string, alias: string): string => `CASE WHEN r.${has(c)} THEN r.${q(c)} ELSE ${alias}.${q(c)} END`;
  const orDefault = (c: string): string => `CASE WHEN r.${has(c)} THEN r.${q(c)} ELSE ${info(c).default} END`;
  const sameOwner = fixed.map((c) => `(NOT r.${has(c)} OR s.${q(c)} IS NOT DISTINCT FROM r.${q(c)})`);
  const differs = written.length === 0 ? 'false' : `ROW(${written.map((c) => kept(c, 't')).join(', ')}) IS DISTINCT FROM ROW(${written.map((c) => `t.${q(c)}`).join(', ')})`;
  const sql = `
    WITH input AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(${recordset.join(', ')})),
    r AS (SELECT input.*${resolvedRefs.join('')} FROM input ${joins.join(' ')}),
    updated AS (
      UPDATE ${q(spec.table)} AS t SET ${[...written.map((c) => `${q(c)} = ${kept(c, 't')}`), 'updated_at = now()'].join(', ')}
        FROM r
       WHERE t.external_id = r.external_id AND ${[...refsFound, ...fixed.map((c) => `(NOT r.${has(c)} OR t.${q(c)} IS NOT DISTINCT FROM r.${q(c)})`), differs].join(' AND ')}
      RETURNING t.id, t.external_id, false AS created${returning.map((c) => `, t.${q(c)}`).join('')}
    ),
    inserted AS (
      INSERT INTO ${q(spec.table)} (external_id${written.map((c) => `, ${q(c)}`).join('')})
      SELECT r.external_id${written.map((c) => `, ${orDefault(c)}`).join('')} FROM r
       WHERE ${[...refsFound, `NOT EXISTS (SELECT 1 FROM ${q(spec.table)} e WHERE e.external_id = r.external_id)`].join(' AND ')}
       ORDER BY r.external_id
      ON CONFLICT (external_id) DO NOTHING
      RETURNING id, external_id, true AS created${returning.map((c) => `, ${q(c)}`).join('')}
    ),
    w AS (SELECT * FROM updated UNION ALL SELECT * FROM inserted)
    SELECT r."#" AS index, w.id, w.created, s.id AS stored_id, ${missing} AS missing,
           ${sameOwner.length ? sameOwner.join(' AND ') : 'true'} AS same_owner,
           r.external_id${refColumns.map((c) => `, r.${q(`ref:${c}`)} AS ${q(`ref:${c}`)}`).join('')}${returning.map((c) => `, w.${q(c)} AS ${q(`w:${c}`)}`).join('')}
      FROM r LEFT JOIN w ON w.external_id = r.external_id LEFT JOIN ${q(spec.table)} s ON s.external_id = r.external_id`;
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
