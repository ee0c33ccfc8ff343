/** Calendar helpers on ISO dates (YYYY-MM-DD), in UTC, free of time-zone surprises. */
export const toIsoDate = (d: Date): string => d.toISOString().slice(0, 10);
export const todayIso = (): string => toIsoDate(new Date());

const parts = (iso: string) => iso.split('-').map(Number) as [number, number, number];

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
  return Math.round((Date.parse(to + 'T00:00:00Z') - Date.parse(from + 'T00:00:00Z')) / 86_400_000);
}

export function addDays(iso: string, days: number): string {
  return toIsoDate(new Date(Date.parse(iso + 'T00:00:00Z') + days * 86_400_000));
}
