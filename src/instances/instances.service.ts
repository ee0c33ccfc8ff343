import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { NotificationsService } from '../notifications/notifications.service';
import { InstancesRepository } from './instances.repository';
import type { ServiceInstanceModel } from './models/service-instance.model';

/** Heartbeats missed before an instance is shown as stale. */
const STALE_AFTER_BEATS = 3;
/** An instance not seen for this long is forgotten (it crashed or was killed). */
const FORGET_AFTER_SECONDS = 3600;

/**
 * This instance's entry in `service_instances`: written at start, whenever the rule set it serves
 * changes, and every INSTANCE_HEARTBEAT_SECONDS; removed on a clean shutdown. Its id is the one the
 * notification channel sends with.
 */
@Injectable()
export class InstancesService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(InstancesService.name);
  private readonly startedAt = new Date();
  private servingVersion: string | null = null;
  private timer?: NodeJS.Timeout;
  private beating: Promise<void> = Promise.resolve();
  private stopped = false;
  private failing = false;
  readonly id: string;

  constructor(
    private readonly config: AppConfig,
    private readonly repository: InstancesRepository,
    notifications: NotificationsService,
  ) {
    this.id = notifications.instanceId;
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.beat(), this.config.INSTANCE_HEARTBEAT_SECONDS * 1000);
    this.timer.unref();
    void this.beat();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.beating;
    await this.repository.remove(this.id).catch(() => undefined);
  }

  /** Records the rule set version this instance now serves (written at once). */
  report(servingVersion: string): Promise<void> {
    this.servingVersion = servingVersion;
    return this.beat();
  }

  /** Every instance on this database with the version it serves and when it was last seen. */
  list(): Promise<ServiceInstanceModel[]> {
    return this.repository.list(STALE_AFTER_BEATS * this.config.INSTANCE_HEARTBEAT_SECONDS);
  }

  private beat(): Promise<void> {
    if (this.stopped) return this.beating;
    // Beats never overlap: a slow one delays the next.
    this.beating = this.beating.then(async () => {
      if (this.stopped) return;
      try {
        await this.repository.heartbeat(this.id, this.servingVersion, this.startedAt);
        await this.repository.removeUnseenFor(FORGET_AFTER_SECONDS);
        if (this.failing) this.logger.log('instance heartbeat written again');
        this.failing = false;
      } catch (error) {
        if (!this.failing) this.logger.warn(`instance heartbeat failed (${(error as Error).name}); retrying every ${this.config.INSTANCE_HEARTBEAT_SECONDS} s`);
        this.failing = true;
      }
    });
    return this.beating;
  }
}
