import { Global, Module } from '@nestjs/common';
import { RefreshQueue } from './refresh-queue.service';

/** The job queue, for every module that enqueues refresh work (change capture, rules, the API). */
@Global()
@Module({ providers: [RefreshQueue], exports: [RefreshQueue] })
export class RefreshQueueModule {}
