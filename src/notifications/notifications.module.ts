import { Global, Module } from '@nestjs/common';
import { NotificationsService } from './notifications.service';

/** The notification channel shared by every feature that must tell other instances of a change. */
@Global()
@Module({ providers: [NotificationsService], exports: [NotificationsService] })
export class NotificationsModule {}
