import { CurrentViewer } from '../auth/current-viewer.decorator';
import type { Viewer } from '../auth/viewer';
import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { UpsertBranchInput } from './dto/upsert-branch.input';
import { BranchModel } from './models/branch.model';
import { BranchesService } from './branches.service';

@Resolver(() => BranchModel)
export class BranchesResolver {
  constructor(private readonly branches: BranchesService) {}

  @Mutation(() => BranchModel, { description: 'Creates or updates a branch by its external id.' })
  upsertBranch(@CurrentViewer() viewer: Viewer, @Args('input', { description: 'The record, keyed by its external id.' }) input: UpsertBranchInput): Promise<BranchModel> {
    return this.branches.upsert(viewer, input);
  }
}
