import { CurrentViewer } from '../auth/current-viewer.decorator';
import type { Viewer } from '../auth/viewer';
import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { UpsertCorporateClientInput } from './dto/upsert-corporate-client.input';
import { BranchModel } from '../branches/models/branch.model';
import { BranchesService } from '../branches/branches.service';
import { RecordKeyArgs, recordKey } from '../common/dto/record-key.args';
import { ManagerModel } from '../managers/models/manager.model';
import { ManagersService } from '../managers/managers.service';
import { HoldingModel } from '../products/models/holding.model';
import { ProductsService } from '../products/products.service';
import { CorporateClientModel, WorkforceSummaryModel } from './models/corporate-client.model';
import { CorporateClientsService } from './corporate-clients.service';
import { MyClientConnectionModel } from './models/my-client.model';
import { PageArgs } from '../common/pagination/pagination';

@Resolver(() => CorporateClientModel)
export class CorporateClientsResolver {
  constructor(
    private readonly clients: CorporateClientsService,
    private readonly branches: BranchesService,
    private readonly managers: ManagersService,
    private readonly products: ProductsService,
  ) {}

  @Query(() => CorporateClientModel, { description: 'One corporate client, by internal id or external id.' })
  corporateClient(@CurrentViewer() viewer: Viewer, @Args() args: RecordKeyArgs): Promise<CorporateClientModel> {
    return this.clients.read(viewer, recordKey(args));
  }

  @Query(() => MyClientConnectionModel, {
    description: "A corporate RM's own clients (a branch manager: the branch's clients), by name, with headcount, payroll employees, card matching rate and open opportunities.",
  })
  myClients(@CurrentViewer() viewer: Viewer, @Args() args: PageArgs): Promise<MyClientConnectionModel> {
    return this.clients.myClients(viewer, args);
  }

  @Mutation(() => CorporateClientModel, { description: 'Creates or updates a corporate client by its external id.' })
  upsertCorporateClient(@CurrentViewer() viewer: Viewer, @Args('input', { description: 'The record, keyed by its external id.' }) input: UpsertCorporateClientInput): Promise<CorporateClientModel> {
    return this.clients.upsert(viewer, input);
  }

  @ResolveField(() => BranchModel, { description: 'The branch that serves the company.' })
  branch(@Parent() client: CorporateClientModel): Promise<BranchModel> {
    return this.branches.get(client.branchId);
  }

  @ResolveField(() => ManagerModel, { nullable: true, description: 'The corporate relationship manager responsible for the company.' })
  corporateRm(@Parent() client: CorporateClientModel): Promise<ManagerModel | null> {
    return this.managers.find(client.corporateRmId);
  }

  @ResolveField(() => WorkforceSummaryModel, { description: "Headcount of the company's current employments." })
  workforce(@Parent() client: CorporateClientModel): Promise<WorkforceSummaryModel> {
    return this.clients.workforce(client.id);
  }

  @ResolveField(() => [HoldingModel], { description: "The company's products at the bank, open and closed." })
  holdings(@Parent() client: CorporateClientModel): Promise<HoldingModel[]> {
    return this.products.holdingsOf({ corporateClientId: client.id });
  }
}
