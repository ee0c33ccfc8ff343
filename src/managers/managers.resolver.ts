import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentViewer } from '../auth/current-viewer.decorator';
import type { Viewer } from '../auth/viewer';
import { UpsertManagerInput } from './dto/upsert-manager.input';
import { ManagerModel } from './models/manager.model';
import { ManagersService } from './managers.service';

@Resolver(() => ManagerModel)
export class ManagersResolver {
  constructor(private readonly managers: ManagersService) {}

  @Query(() => ManagerModel, { description: 'The bank user the token names: role and branch decide what they may see.' })
  me(@CurrentViewer() viewer: Viewer): Promise<ManagerModel> {
    return this.managers.me(viewer);
  }

  @Mutation(() => ManagerModel, { description: 'Creates or updates a bank user by their staff or system id (ADMIN).' })
  upsertManager(@CurrentViewer() viewer: Viewer, @Args('input', { description: 'The record, keyed by its external id.' }) input: UpsertManagerInput): Promise<ManagerModel> {
    return this.managers.upsert(viewer, input);
  }
}
