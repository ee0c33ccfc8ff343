import { ManagerRateLimiter, rateLimitWindows } from '../../../src/auth/rate-limiter';

const memory = { kind: 'memory' as const };

describe('rate limit windows', () => {
  it('allow the steady rate in the shortest whole-second window and the rest of the burst per minute', () => {
    expect(rateLimitWindows({ perMinute: 600, burst: 60 })).toEqual({ steady: { points: 10, duration: 1 }, burst: { points: 50, duration: 60 } });
    expect(rateLimitWindows({ perMinute: 6, burst: 2 })).toEqual({ steady: { points: 1, duration: 10 }, burst: { points: 1, duration: 60 } });
    expect(rateLimitWindows({ perMinute: 12_000, burst: 1_200 }).steady).toEqual({ points: 200, duration: 1 });
    expect(rateLimitWindows({ perMinute: 600, burst: 5 })).toEqual({ steady: { points: 10, duration: 1 } });
  });
});

describe('ManagerRateLimiter (memory store)', () => {
  it('allows a burst, then says how many seconds to wait', async () => {
    const limiter = new ManagerRateLimiter('t1', { perMinute: 6, burst: 4 }, memory); // one per 10 s, bursts of 4
    const waits = [];
    for (let i = 0; i < 6; i++) waits.push(await limiter.take('a'));
    expect(waits.slice(0, 4)).toEqual([0, 0, 0, 0]);
    expect(waits[4]).toBeGreaterThanOrEqual(1);
    expect(waits[4]).toBeLessThanOrEqual(10);
    expect(waits[5]).toBeGreaterThanOrEqual(1);
  });

  it('keeps one count per manager', async () => {
    const limiter = new ManagerRateLimiter('t2', { perMinute: 6, burst: 2 }, memory);
    expect([await limiter.take('a'), await limiter.take('a')]).toEqual([0, 0]);
    expect(await limiter.take('a')).toBeGreaterThan(0);
    expect(await limiter.take('b')).toBe(0);
  });

  it('is off at 0 requests a minute', async () => {
    const limiter = new ManagerRateLimiter('t3', { perMinute: 0, burst: 1 }, memory);
    expect(limiter.enabled).toBe(false);
    for (let i = 0; i < 1000; i++) expect(await limiter.take('a')).toBe(0);
  });
});
