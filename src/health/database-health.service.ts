import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import type { EmbeddedPostgresStatus } from '../database/embedded-postgres';

/** The embedded PostgreSQL's supervisor, when this process uses one (absent with DATABASE_URL). */
export const EMBEDDED_POSTGRES = Symbol('EMBEDDED_POSTGRES');

export interface EmbeddedPostgresState {
  status(): EmbeddedPostgresStatus;
}

const PROBE_EVERY_MS = 1000;
const PROBE_TIMEOUT_MS = 2000;

export interface HealthVerdict {
  ok: boolean;
  reason?: string;
}

/**
 * Watches the database once a second, so that liveness can tell "down for a moment" from "down for
 * good": readiness fails as soon as the database does not answer (or the embedded server is being
 * restarted); liveness fails only when the service cannot recover on its own — the embedded server's
 * restarts are exhausted, or the database has not answered for DATABASE_LIVENESS_TIMEOUT_MS — so that
 * an orchestrator restarts the instance.
 */
@Injectable()
export class DatabaseHealth implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Health');
  private timer?: NodeJS.Timeout;
  private probing = false;
  private downSince?: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    @Optional() @Inject(EMBEDDED_POSTGRES) private readonly embedded?: EmbeddedPostgresState,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.probe(), PROBE_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** One `select 1`, bounded: true when the database answered. */
  async probe(): Promise<boolean> {
    if (this.probing) return this.downSince === undefined;
    this.probing = true;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.dataSource.query('select 1'),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), PROBE_TIMEOUT_MS);
        }),
      ]);
      if (this.downSince !== undefined) this.logger.log(`the database answers again after ${Date.now() - this.downSince} ms`);
      this.downSince = undefined;
      return true;
    } catch {
      if (this.downSince === undefined) {
        this.downSince = Date.now();
        this.logger.warn('the database does not answer');
      }
      return false;
    } finally {
      clearTimeout(timer);
      this.probing = false;
    }
  }

  async readiness(): Promise<HealthVerdict> {
    const embedded = this.embedded?.status();
    if (embedded && embedded !== 'up') return { ok: false, reason: `embedded database ${embedded}` };
    return (await this.probe()) ? { ok: true } : { ok: false, reason: 'database not reachable' };
  }

  liveness(): HealthVerdict {
    if (this.embedded?.status() === 'failed') return { ok: false, reason: 'embedded database could not be restarted' };
    const limit = this.config.DATABASE_LIVENESS_TIMEOUT_MS;
    if (limit > 0 && this.downSince !== undefined && Date.now() - this.downSince > limit) return { ok: false, reason: `database not reachable for more than ${limit} ms` };
    return { ok: true };
  }
}
