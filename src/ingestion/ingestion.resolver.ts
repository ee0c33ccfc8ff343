import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CurrentViewer } from '../auth/current-viewer.decorator';
import type { Viewer } from '../auth/viewer';
import { corporateClientBatch, employmentBatch, holdingBatch, personBatch } from './batch-entities';
import { BatchMutationsService } from './batch-upsert.service';
import { UpsertCorporateClientsArgs, UpsertEmploymentsArgs, UpsertHoldingsArgs, UpsertPersonsArgs } from './dto/batch-upsert.args';
import { BatchUpsertResultModel } from './models/batch-upsert-result.model';

const ANSWER = 'One result per input, in order: created, updated, unchanged, or rejected with its code, field and reason. Valid items are applied even when others are rejected.';

@Resolver()
export class IngestionResolver {
  constructor(private readonly batches: BatchMutationsService) {}

  @Mutation(() => [BatchUpsertResultModel], { description: `Creates or updates up to 1000 persons in one set-based write. ${ANSWER}` })
  upsertPersons(@CurrentViewer() viewer: Viewer, @Args() args: UpsertPersonsArgs): Promise<BatchUpsertResultModel[]> {
    return this.batches.upsert(viewer, 'upsertPersons', personBatch, args.inputs);
  }

  @Mutation(() => [BatchUpsertResultModel], { description: `Creates or updates up to 1000 employments in one set-based write. ${ANSWER}` })
  upsertEmployments(@CurrentViewer() viewer: Viewer, @Args() args: UpsertEmploymentsArgs): Promise<BatchUpsertResultModel[]> {
    return this.batches.upsert(viewer, 'upsertEmployments', employmentBatch, args.inputs);
  }

  @Mutation(() => [BatchUpsertResultModel], { description: `Creates or updates up to 1000 holdings in one set-based write. ${ANSWER}` })
  upsertHoldings(@CurrentViewer() viewer: Viewer, @Args() args: UpsertHoldingsArgs): Promise<BatchUpsertResultModel[]> {
    return this.batches.upsert(viewer, 'upsertHoldings', holdingBatch, args.inputs);
  }

  @Mutation(() => [BatchUpsertResultModel], { description: `Creates or updates up to 1000 corporate clients in one set-based write. ${ANSWER}` })
  upsertCorporateClients(@CurrentViewer() viewer: Viewer, @Args() args: UpsertCorporateClientsArgs): Promise<BatchUpsertResultModel[]> {
    return this.batches.upsert(viewer, 'upsertCorporateClients', corporateClientBatch, args.inputs);
  }
}
