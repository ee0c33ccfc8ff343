import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { AppConfig } from '../config/app-config';
import { ManagerRateLimiter, type RateLimitStore } from './rate-limiter';
import type { Viewer } from './viewer';

/**
 * The rate limits of managers and of SYSTEM accounts (integrations, with their own higher limit),
 * in the store RATE_LIMIT_STORE names: the application's PostgreSQL pool by default, Redis (the
 * client is loaded only then), or memory.
 */
@Injectable()
export class RateLimitService implements OnModuleDestroy {
  private readonly logger = new Logger(RateLimitService.name);
  private readonly managers: ManagerRateLimiter;
  private readonly systems: ManagerRateLimiter;
  private redis?: Redis;

  constructor(config: AppConfig, @InjectDataSource() dataSource: DataSource) {
    const managers = { perMinute: config.RATE_LIMIT_PER_MINUTE, burst: config.RATE_LIMIT_BURST };
    const systems = { perMinute: config.RATE_LIMIT_SYSTEM_PER_MINUTE, burst: Math.max(1, Math.ceil(config.RATE_LIMIT_SYSTEM_PER_MINUTE / 10)) };
    const store = managers.perMinute > 0 || systems.perMinute > 0 ? this.openStore(config, dataSource) : { kind: 'memory' as const };
    this.managers = new ManagerRateLimiter('manager', managers, store);
    this.systems = new ManagerRateLimiter('system', systems, store);
  }

  /** Counts one request of this viewer: 0 when it may go on, else the seconds to wait. */
  take(viewer: Pick<Viewer, 'role' | 'managerId'>): Promise<number> {
    return (viewer.role === 'SYSTEM' ? this.systems : this.managers).take(viewer.managerId);
  }

  async onModuleDestroy(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }

  private openStore(config: AppConfig, dataSource: DataSource): RateLimitStore {
    switch (config.RATE_LIMIT_STORE) {
      case 'memory':
        return { kind: 'memory' };
      case 'postgres':
        return { kind: 'postgres', pool: (dataSource.driver as PostgresDriver).master };
      case 'redis': {
        // Loaded only when chosen. No offline queue: while Redis is away a count fails at once and
        // this instance counts in memory meanwhile.
        const { Redis: RedisClient } = require('ioredis') as typeof import('ioredis');
        const client = new RedisClient(config.REDIS_URL!, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectionName: 'cross-sell-engine:rate-limits' });
        let warned = false;
        client.on('error', (error: Error) => {
          if (!warned) this.logger.warn(`rate limit store (Redis) unavailable (${error.name}); each instance counts alone until it answers`);
          warned = true;
        });
        client.on('ready', () => (warned = false));
        this.redis = client;
        return { kind: 'redis', client };
      }
    }
  }
}
