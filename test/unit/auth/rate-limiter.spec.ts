import { RateLimiter } from '../../../src/auth/rate-limiter';

describe('RateLimiter', () => {
  it('allows a burst, then the steady rate, and says how long to wait', () => {
    let now = 0;
    const limiter = new RateLimiter(60, 3, () => now); // one a second, bursts of 3
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0]);
    expect(limiter.take('a')).toBe(1);
    now += 1000;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBeGreaterThan(0);
  });

  it('keeps one bucket per manager', () => {
    const limiter = new RateLimiter(60, 1, () => 0);
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBeGreaterThan(0);
    expect(limiter.take('b')).toBe(0);
  });

  it('never refills above the burst', () => {
    let now = 0;
    const limiter = new RateLimiter(60, 2, () => now);
    now += 3_600_000;
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')].filter((w) => w === 0)).toHaveLength(2);
  });

  it('is off at 0 requests a minute', () => {
    const limiter = new RateLimiter(0, 1, () => 0);
    for (let i = 0; i < 1000; i++) expect(limiter.take('a')).toBe(0);
  });
});
