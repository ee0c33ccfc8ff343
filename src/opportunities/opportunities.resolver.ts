import { CurrentViewer } from '../auth/current-viewer.decorator';
import type { Viewer } from '../auth/viewer';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { OpportunitiesArgs, PreviewOpportunitiesArgs, RecordOutcomeInput, WhyNotArgs } from './dto/opportunity.args';
import { OpportunityPreviewModel } from './models/opportunity-preview.model';
import { OpportunityListModel, OpportunityModel, OutcomeResultModel } from './models/opportunity.model';
import { WhyNotAnswerModel } from './models/why-not.model';
import { OpportunitiesService } from './opportunities.service';
import { OutcomesService } from './outcomes.service';

@Resolver(() => OpportunityModel)
export class OpportunitiesResolver {
  constructor(
    private readonly service: OpportunitiesService,
    private readonly outcomes: OutcomesService,
  ) {}

  @Query(() => OpportunityListModel, { description: "A party's opportunities, best first, as the last refresh decided them, with how fresh that is: what other systems pull for one person or company." })
  opportunities(@CurrentViewer() viewer: Viewer, @Args() args: OpportunitiesArgs): Promise<OpportunityListModel> {
    return this.service.listForViewer(viewer, args.partyId, args.status, args.linkage);
  }

  @Query(() => [WhyNotAnswerModel], { description: 'Why a product is, or is not, offered to a person or company: the stage that stops it, per route.' })
  whyNot(@CurrentViewer() viewer: Viewer, @Args() args: WhyNotArgs): Promise<WhyNotAnswerModel[]> {
    return this.service.whyNotForApi(viewer, args.partyId, args.productCode, args.asOf ?? undefined);
  }

  @Query(() => [OpportunityPreviewModel], { description: 'The opportunities a refresh as of a day would keep for a person or company, best first, computed on demand and written nowhere: to check a policy boundary (e.g. the end of a cooling-off) without waiting for it.' })
  previewOpportunities(@CurrentViewer() viewer: Viewer, @Args() args: PreviewOpportunitiesArgs): Promise<OpportunityPreviewModel[]> {
    return this.service.previewForApi(viewer, args.partyId, args.asOf);
  }

  @Mutation(() => OutcomeResultModel, { description: 'Records what happened (CONTACTED, ACCEPTED, DECLINED). The same idempotency key records once.' })
  recordOutcome(@CurrentViewer() viewer: Viewer, @Args('input', { description: 'What happened.' }) input: RecordOutcomeInput): Promise<OutcomeResultModel> {
    return this.outcomes.recordForViewer(viewer, input);
  }
}
