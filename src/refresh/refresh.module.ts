import { Module } from '@nestjs/common';
import { OpportunitiesModule } from '../opportunities/opportunities.module';
import { RefreshResolver } from './refresh.resolver';
import { RefreshService } from './refresh.service';
import { RefreshWorker } from './refresh-worker.service';
import { RefresherService } from './refresher.service';

/** The refresh: the worker that writes decisions, and its API (refreshOpportunities, refreshStatus). */
@Module({
  imports: [OpportunitiesModule],
  providers: [RefresherService, RefreshWorker, RefreshService, RefreshResolver],
  exports: [RefresherService],
})
export class RefreshModule {}
