import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { dataVersion } from '../common/data-version';
import { NotificationsService } from '../notifications/notifications.service';

/**
 * Cached lead pages are dropped on every instance when opportunities change anywhere: a refresh or
 * an outcome commits an `opportunities.changed` notification, and a re-opened notification channel
 * (`resync`) may have missed some.
 */
@Injectable()
export class LeadCacheInvalidation implements OnModuleInit, OnModuleDestroy {
  private unsubscribe: (() => void)[] = [];

  constructor(private readonly notifications: NotificationsService) {}

  onModuleInit(): void {
    this.unsubscribe = [this.notifications.on('opportunities.changed', () => dataVersion.bump()), this.notifications.on('resync', () => dataVersion.bump())];
  }

  onModuleDestroy(): void {
    for (const off of this.unsubscribe) off();
  }
}
