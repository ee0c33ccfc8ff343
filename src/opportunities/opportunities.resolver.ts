import { CurrentViewer } from '../auth/current-viewer.decorator';
import type { Viewer } from '../auth/viewer';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { OpportunitiesArgs, RecordOutcomeInput, RefreshOpportunitiesArgs, WhyNotArgs } from './dto/opportunity.args';
import { OpportunityModel, OutcomeResultModel, RefreshSummaryModel } from './models/opportunity.model';
import { WhyNotAnswerModel } from './models/why-not.model';
import { OpportunitiesService } from './opportunities.service';
import { LongRunning } from '../common/request-lifecycle';

@Resolver(() => OpportunityModel)
export class OpportunitiesResolver {
  constructor(private readonly service: OpportunitiesService) {}

  @Query(() => [OpportunityModel], { description: "A party's opportunities, best first: what other systems pull for one person or company." })
  opportunities(@CurrentViewer() viewer: Viewer, @Args() args: OpportunitiesArgs): Promise<OpportunityModel[]> {
    return this.service.listForViewer(viewer, args.partyId, args.status, args.linkage);
  }

  @Query(() => [WhyNotAnswerModel], { description: 'Why a product is, or is not, offered to a person or company: the stage that stops it, per route.' })
  whyNot(@CurrentViewer() viewer: Viewer, @Args() args: WhyNotArgs): Promise<WhyNotAnswerModel[]> {
    return this.service.whyNotForApi(viewer, args.partyId, args.productCode);
  }

  @Mutation(() => OutcomeResultModel, { description: 'Records what happened (CONTACTED, ACCEPTED, DECLINED). The same idempotency key records once.' })
  recordOutcome(@CurrentViewer() viewer: Viewer, @Args('input', { description: 'What happened.' }) input: RecordOutcomeInput): Promise<OutcomeResultModel> {
    return this.service.recordOutcomeForViewer(viewer, input);
  }

  @Mutation(() => RefreshSummaryModel, { description: 'Re-evaluates the opportunities of one corporate client, or of every client when omitted.' })
  @LongRunning() // a whole-bank refresh may outlast REQUEST_TIMEOUT_MS; each statement stays bounded
  refreshOpportunities(@CurrentViewer() viewer: Viewer, @Args() args: RefreshOpportunitiesArgs): Promise<RefreshSummaryModel> {
    return this.service.refreshForViewer(viewer, args.corporateClientId);
  }
}
