import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { DataSource as TypeOrmDataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { ManagerRateLimiter, type RateLimitStore } from '../../src/auth/rate-limiter';
import { dataSourceOptions } from '../../src/database/data-source.options';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

/** One per 10 s, bursts of 4: within a test nothing refills. */
const LIMIT = { perMinute: 6, burst: 4 };

async function alternate(limiters: ManagerRateLimiter[], key: string, count: number): Promise<number[]> {
  const waits: number[] = [];
  for (let i = 0; i < count; i++) waits.push(await limiters[i % limiters.length]!.take(key));
  return waits;
}

describe('rate limits in PostgreSQL (rate-limiter-flexible)', () => {
  let db: TestDatabase;
  let first: DataSource;
  let second: DataSource;
  const poolOf = (ds: DataSource): RateLimitStore => ({ kind: 'postgres', pool: (ds.driver as PostgresDriver).master });

  beforeAll(async () => {
    db = await createTestDatabase();
    first = await db.dataSource();
    // A second instance: its own connection pool on the same database.
    second = new TypeOrmDataSource({ ...dataSourceOptions({ url: db.url, poolSize: 2 }), logging: false });
    await second.initialize();
  });
  afterAll(async () => {
    if (second?.isInitialized) await second.destroy();
    await db?.drop();
  });

  it('counts one manager once across two instances, in the table the migration created', async () => {
    const a = new ManagerRateLimiter('manager', LIMIT, poolOf(first));
    const b = new ManagerRateLimiter('manager', LIMIT, poolOf(second));
    const waits = await alternate([a, b], 'manager-1', 8);
    expect(waits.slice(0, 4)).toEqual([0, 0, 0, 0]);
    for (const wait of waits.slice(4)) expect(wait).toBeGreaterThanOrEqual(1);
    expect(await a.take('manager-2')).toBe(0);
    const rows: { key: string }[] = await first.query(`SELECT key FROM rate_limits ORDER BY key`);
    expect(rows.map((r) => r.key)).toEqual(expect.arrayContaining(['manager:manager-1', 'manager-burst:manager-1', 'manager:manager-2']));
  });

  it('keeps limiting, per instance, while the database cannot be reached', async () => {
    const away = new TypeOrmDataSource({ ...dataSourceOptions({ url: db.url, poolSize: 1 }), logging: false });
    await away.initialize();
    const limiter = new ManagerRateLimiter('manager', LIMIT, poolOf(away));
    await away.destroy(); // every query on its pool now fails
    const waits = await alternate([limiter], 'manager-3', 6);
    expect(waits.slice(0, 4)).toEqual([0, 0, 0, 0]);
    expect(waits[4]).toBeGreaterThanOrEqual(1);
  });
});

// Redis is optional and runs beside the PostgreSQL server of the server lane (CI starts both).
if (process.env.TEST_PG_LANE === 'server') {
  describe('rate limits in Redis (server lane)', () => {
    const url = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
    let clients: Redis[] = [];
    afterAll(async () => {
      for (const c of clients) await c.quit();
    });

    it('counts one manager once across two instances', async () => {
      clients = [new Redis(url, { enableOfflineQueue: true, maxRetriesPerRequest: 1 }), new Redis(url, { enableOfflineQueue: true, maxRetriesPerRequest: 1 })];
      const name = `test-${randomUUID().slice(0, 8)}`; // Redis outlives test databases
      const [a, b] = clients.map((client) => new ManagerRateLimiter(name, LIMIT, { kind: 'redis', client }));
      const waits = await alternate([a!, b!], 'manager-1', 8);
      expect(waits.slice(0, 4)).toEqual([0, 0, 0, 0]);
      for (const wait of waits.slice(4)) expect(wait).toBeGreaterThanOrEqual(1);
      expect(await clients[0]!.exists(`${name}:manager-1`)).toBe(1);
    });
  });
}
