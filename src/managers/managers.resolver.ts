import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { UpsertManagerInput } from './dto/upsert-manager.input';
import { ManagerModel } from './models/manager.model';
import { ManagersService } from './managers.service';

@Resolver(() => ManagerModel)
export class ManagersResolver {
  constructor(private readonly managers: ManagersService) {}

  @Mutation(() => ManagerModel, { description: 'Creates or updates a bank user by their staff or system id.' })
  upsertManager(@Args('input', { description: 'The record, keyed by its external id.' }) input: UpsertManagerInput): Promise<ManagerModel> {
    return this.managers.upsert(input);
  }
}
