/**
 * The per-manager rate limit, counted by rate-limiter-flexible in a store every instance shares
 * (PostgreSQL or Redis) or in memory (one instance alone). The limit is a steady rate with bursts, in
 * the library's fixed windows: a short window allows the steady rate (`perMinute`), and when it is
 * spent a one-minute window allows the rest of the burst (the library's BurstyRateLimiter). A quiet
 * manager may thus send `burst` requests at once, as with a token bucket; over a long stretch a
 * manager gets at most `perMinute` plus `burst` requests a minute.
 */
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterPostgres, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

export interface RateLimit {
  /** Steady requests a minute; 0 turns the limit off. */
  perMinute: number;
  /** Requests a quiet manager may send at once (the steady window's share included). */
  burst: number;
}

export interface RateLimitWindows {
  steady: { points: number; duration: number };
  /** Absent when the steady window alone already allows the burst. */
  burst?: { points: number; duration: number };
}

/** The table (created by a migration) where the PostgreSQL store keeps its counters. */
export const RATE_LIMIT_TABLE = 'rate_limits';

/**
 * The library's fixed windows for a steady rate with bursts: the steady window is the shortest whole
 * number of seconds that holds at least one request at that rate (1 s from 60 a minute up); the
 * burst window allows, once a minute, what the burst adds to it.
 */
export function rateLimitWindows(limit: RateLimit): RateLimitWindows {
  const duration = Math.max(1, Math.ceil(60 / limit.perMinute));
  const steady = { points: Math.max(1, Math.round((limit.perMinute * duration) / 60)), duration };
  return limit.burst > steady.points ? { steady, burst: { points: limit.burst - steady.points, duration: 60 } } : { steady };
}

/** Where counters live: memory (this process), or a shared client (a pg Pool, an ioredis client). */
export type RateLimitStore = { kind: 'memory' } | { kind: 'postgres'; pool: unknown } | { kind: 'redis'; client: unknown };

function storeLimiter(store: RateLimitStore, keyPrefix: string, window: { points: number; duration: number }): RateLimiterAbstract {
  const options = { keyPrefix, ...window };
  // When the shared store fails (database or Redis away), this instance counts alone meanwhile.
  const insuranceLimiter = new RateLimiterMemory(options);
  switch (store.kind) {
    case 'memory':
      return new RateLimiterMemory(options);
    case 'postgres':
      return new RateLimiterPostgres({ ...options, storeClient: store.pool, storeType: 'pool', tableName: RATE_LIMIT_TABLE, tableCreated: true, insuranceLimiter });
    case 'redis':
      return new RateLimiterRedis({ ...options, storeClient: store.client, insuranceLimiter });
  }
}

/** One limit (managers, or SYSTEM accounts) keyed by manager id. */
export class ManagerRateLimiter {
  private readonly limiter: Pick<BurstyRateLimiter, 'consume'> | undefined;

  /** @param name distinguishes limits in the shared store (`manager`, `system`) */
  constructor(name: string, limit: RateLimit, store: RateLimitStore) {
    if (limit.perMinute <= 0) return;
    const windows = rateLimitWindows(limit);
    const steady = storeLimiter(store, name, windows.steady);
    this.limiter = windows.burst ? new BurstyRateLimiter(steady, storeLimiter(store, `${name}-burst`, windows.burst)) : steady;
  }

  get enabled(): boolean {
    return this.limiter !== undefined;
  }

  /** Takes one request for the key: 0 when allowed, else the whole seconds to wait (at least 1). */
  async take(key: string): Promise<number> {
    if (!this.limiter) return 0;
    try {
      await this.limiter.consume(key);
      return 0;
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      return Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
    }
  }
}
