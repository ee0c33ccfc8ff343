/**
 * Bands for sensitive amounts: what a corporate RM needs to act ("20–30k / month"), never the exact
 * figure. Framework-free.
 */
const SALARY_EDGES = [2_000, 3_000, 5_000, 7_500, 10_000, 15_000, 20_000, 30_000];

const short = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n % 1000 === 0 ? n / 1000 : (n / 1000).toFixed(1)}k` : String(n));

export function salaryBand(monthly: number | null | undefined): string | null {
  if (monthly === null || monthly === undefined || !Number.isFinite(monthly)) return null;
  if (monthly < SALARY_EDGES[0]!) return `under ${short(SALARY_EDGES[0]!)} / month`;
  for (let i = 1; i < SALARY_EDGES.length; i++) {
    if (monthly < SALARY_EDGES[i]!) return `${short(SALARY_EDGES[i - 1]!)}–${short(SALARY_EDGES[i]!)} / month`;
  }
  return `${short(SALARY_EDGES[SALARY_EDGES.length - 1]!)}+ / month`;
}

const AMOUNT_EDGES = [1_000, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000, 5_000_000];

/** Assets and balances as a band: "50k–100k". */
export function amountBand(amount: number | null | undefined): string | null {
  if (amount === null || amount === undefined || !Number.isFinite(amount)) return null;
  if (amount < AMOUNT_EDGES[0]!) return `under ${short(AMOUNT_EDGES[0]!)}`;
  for (let i = 1; i < AMOUNT_EDGES.length; i++) {
    if (amount < AMOUNT_EDGES[i]!) return `${short(AMOUNT_EDGES[i - 1]!)}–${short(AMOUNT_EDGES[i]!)}`;
  }
  return `${short(AMOUNT_EDGES[AMOUNT_EDGES.length - 1]!)}+`;
}

/** A credit score as a band of 50 points: "650–699". */
export function scoreBand(score: number | null | undefined): string | null {
  if (score === null || score === undefined || !Number.isFinite(score)) return null;
  const low = Math.floor(score / 50) * 50;
  return `${low}–${low + 49}`;
}

/** The band of a sensitive value of the given kind. */
export function band(kind: 'MONTHLY' | 'AMOUNT' | 'SCORE', value: unknown): string | null {
  const n = typeof value === 'number' ? value : null;
  return kind === 'MONTHLY' ? salaryBand(n) : kind === 'SCORE' ? scoreBand(n) : amountBand(n);
}
