/** Calendar helpers on ISO dates (YYYY-MM-DD), in UTC, free of time-zone surprises. */
export const toIsoDate = (d: Date): string => d.toISOString().slice(0, 10);
export const todayIso = (): string => toIsoDate(new Date());

const digit = (s: string, i: number) => s.charCodeAt(i) - 48;
/** [year, month, day] of 'YYYY-MM-DD' without allocating substrings (it runs per employee per fact). */
const parts = (iso: string): [number, number, number] => [
  digit(iso, 0) * 1000 + digit(iso, 1) * 100 + digit(iso, 2) * 10 + digit(iso, 3),
  digit(iso, 5) * 10 + digit(iso, 6),
  digit(iso, 8) * 10 + digit(iso, 9),
];

/** Whole years between birth date and `on`. */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = parts(birthDate);
  const [y, m, d] = parts(on);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** Whole months from `from` to `on` (0 when `on` is earlier). */
export function monthsBetween(from: string, on: string): number {
  const [fy, fm, fd] = parts(from);
  const [y, m, d] = parts(on);
  return Math.max(0, (y - fy) * 12 + (m - fm) - (d < fd ? 1 : 0));
}

/** Days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const [fy, fm, fd] = parts(from);
  const [y, m, d] = parts(to);
  return Math.round((Date.UTC(y, m - 1, d) - Date.UTC(fy, fm - 1, fd)) / 86_400_000);
}

export function addDays(iso: string, days: number): string {
  return toIsoDate(new Date(Date.parse(iso + 'T00:00:00Z') + days * 86_400_000));
}
