import { useCallback, useEffect, useState } from 'react';
import { gql, type Connection, type LeadFilter, type Opportunity } from './api';
import { useI18n } from './i18n';

export const CATEGORIES = ['ADVISORY', 'AUTO_LOAN', 'CREDIT_CARD', 'DEBIT_CARD', 'DEPOSIT', 'E_BANKING', 'INSURANCE', 'MORTGAGE', 'PAYROLL_SERVICE', 'PERSONAL_LOAN', 'POS', 'RETENTION', 'SETTLEMENT', 'WEALTH'];
export const SEGMENTS = ['MASS', 'AFFLUENT', 'HIGH_NET_WORTH'];

/**
 * A paged GraphQL list: cursors kept as a stack so "previous" goes back exactly; `reload` refetches
 * the current page (after an outcome).
 */
export function usePaged<D, N>(query: string, variables: Record<string, unknown>, pick: (data: D) => Connection<N>) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [data, setData] = useState<D | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(variables);
  useEffect(() => setCursors([null]), [key]);
  const after = cursors[cursors.length - 1];
  useEffect(() => {
    let live = true;
    gql<D>(query, { ...variables, after }).then(
      (d) => live && (setData(d), setError(null)),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query, key, after, tick]);
  const connection = data ? pick(data) : null;
  return {
    data,
    connection,
    error,
    page: cursors.length,
    next: () => connection?.pageInfo.endCursor && setCursors([...cursors, connection.pageInfo.endCursor]),
    previous: () => cursors.length > 1 && setCursors(cursors.slice(0, -1)),
    reload: useCallback(() => setTick((n) => n + 1), []),
  };
}

export function Pager({ list }: { list: { connection: Connection<unknown> | null; page: number; next(): void; previous(): void } }) {
  const { t, number } = useI18n();
  if (!list.connection) return null;
  return (
    <div className="pager">
      <button type="button" onClick={list.previous} disabled={list.page <= 1}>
        {t('previous')}
      </button>
      <span aria-live="polite">{t('totalCount', { count: number(list.connection.totalCount) })}</span>
      <button type="button" onClick={list.next} disabled={!list.connection.pageInfo.hasNextPage}>
        {t('next')}
      </button>
    </div>
  );
}

/** Category, minimum score and segment; applied on submit. */
export function Filters({ value, onChange }: { value: LeadFilter; onChange(f: LeadFilter): void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState({ productCategory: value.productCategory ?? '', segment: value.segment ?? '', minScore: value.minScore?.toString() ?? '' });
  return (
    <form
      className="filters"
      aria-label={t('filters')}
      onSubmit={(e) => {
        e.preventDefault();
        const min = Number(draft.minScore);
        onChange({
          ...(draft.productCategory ? { productCategory: draft.productCategory } : {}),
          ...(draft.segment ? { segment: draft.segment } : {}),
          ...(draft.minScore !== '' && Number.isFinite(min) ? { minScore: min } : {}),
        });
      }}
    >
      <label>
        {t('category')}
        <select value={draft.productCategory} onChange={(e) => setDraft({ ...draft, productCategory: e.target.value })} name="productCategory">
          <option value="">{t('anyCategory')}</option>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('segment')}
        <select value={draft.segment} onChange={(e) => setDraft({ ...draft, segment: e.target.value })} name="segment">
          <option value="">{t('anySegment')}</option>
          {SEGMENTS.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('minScore')}
        <input type="number" min="0" step="0.1" value={draft.minScore} onChange={(e) => setDraft({ ...draft, minScore: e.target.value })} name="minScore" />
      </label>
      <button type="submit">{t('apply')}</button>
    </form>
  );
}

/** A party's offers, each with its reasons as sentences. */
export function Offers({ opportunities }: { opportunities: Opportunity[] }) {
  const { number, te } = useI18n();
  return (
    <ul className="offers">
      {opportunities.map((o) => (
        <li key={o.id} data-opportunity={o.id}>
          <strong>{o.product.name}</strong> <span className="score">{number(o.score, 1)}</span> <span className={`status s-${o.status}`}>{te('status_', o.status)}</span>
          <ul className="reasons">
            {o.reasons.map((r, i) => (
              <li key={i}>{r.text}</li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}

/** Downloads rows as CSV (RFC 4180 quoting, UTF-8 with a byte order mark for spreadsheet programs). */
export function downloadCsv(fileName: string, header: string[], rows: (string | number)[][]): void {
  const cell = (v: string | number) => {
    const s = String(v);
    // A leading =, +, - or @ would be run as a formula by spreadsheet programs.
    const safe = /^[=+\-@]/.test(s) && typeof v === 'string' ? `'${s}` : s;
    return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const text = [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
  const url = URL.createObjectURL(new Blob(['\ufeff' + text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function ErrorNote({ error }: { error: string | null }) {
  const { t } = useI18n();
  return error ? <p role="alert">{t('error', { message: error })}</p> : null;
}
