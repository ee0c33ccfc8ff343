import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentViewer } from '../auth/current-viewer.decorator';
import type { Viewer } from '../auth/viewer';
import { RefreshOpportunitiesArgs, RefreshStatusArgs } from './dto/refresh.args';
import { RefreshRequestModel, RefreshStatusModel } from './models/refresh.model';
import { RefreshService } from './refresh.service';
import { LongRunning } from '../common/request-lifecycle';

@Resolver()
export class RefreshResolver {
  constructor(private readonly refresh: RefreshService) {}

  @Mutation(() => RefreshRequestModel, {
    description: 'Queues a re-evaluation of the opportunities of one corporate client, or of every client when omitted, and answers its job id (with wait: true, once it finished or the wait ran out).',
  })
  @LongRunning() // waiting for the job (wait: true) is bounded by the argument, not REQUEST_TIMEOUT_MS
  refreshOpportunities(@CurrentViewer() viewer: Viewer, @Args() args: RefreshOpportunitiesArgs): Promise<RefreshRequestModel> {
    return this.refresh.request(viewer, args);
  }

  @Query(() => RefreshStatusModel, { description: 'How far the refresh is behind the changes: queue depth, running and dead-lettered jobs, and the changes not yet reflected.' })
  refreshStatus(@CurrentViewer() viewer: Viewer, @Args() args: RefreshStatusArgs): Promise<RefreshStatusModel> {
    return this.refresh.status(viewer, args);
  }
}
