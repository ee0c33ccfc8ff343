import { Args, Query, Resolver } from '@nestjs/graphql';
import { CurrentViewer } from '../auth/current-viewer.decorator';
import type { Viewer } from '../auth/viewer';
import { OpportunityChangesArgs } from './dto/opportunity-changes.args';
import { OpportunityChangePageModel } from './models/opportunity-change.model';
import { OpportunityChangesService } from './opportunity-changes.service';

@Resolver()
export class OpportunityChangesResolver {
  constructor(private readonly changes: OpportunityChangesService) {}

  @Query(() => OpportunityChangePageModel, {
    description: 'Every change to every opportunity (created, rescored, expired, status changed) in a durable order, resumable from any cursor: no gaps, no repeats.',
  })
  opportunityChanges(@CurrentViewer() viewer: Viewer, @Args() args: OpportunityChangesArgs): Promise<OpportunityChangePageModel> {
    return this.changes.page(viewer, args.after, args.first);
  }
}
