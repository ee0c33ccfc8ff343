import { CurrentViewer } from '../auth/current-viewer.decorator';
import type { Viewer } from '../auth/viewer';
import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { UpsertEmploymentInput } from './dto/upsert-employment.input';
import { UpsertPersonInput } from './dto/upsert-person.input';
import { BranchModel } from '../branches/models/branch.model';
import { BranchesService } from '../branches/branches.service';
import { RecordKeyArgs, recordKey } from '../common/dto/record-key.args';
import { ManagerModel } from '../managers/models/manager.model';
import { ManagersService } from '../managers/managers.service';
import { HoldingModel } from '../products/models/holding.model';
import { ProductsService } from '../products/products.service';
import { EmploymentModel } from './models/employment.model';
import { PersonModel } from './models/person.model';
import { PeopleService } from './people.service';

@Resolver(() => PersonModel)
export class PeopleResolver {
  constructor(
    private readonly people: PeopleService,
    private readonly branches: BranchesService,
    private readonly managers: ManagersService,
    private readonly products: ProductsService,
  ) {}

  @Query(() => PersonModel, { description: 'One person, by internal id or external id.' })
  person(@CurrentViewer() viewer: Viewer, @Args() args: RecordKeyArgs): Promise<PersonModel> {
    return this.people.read(viewer, recordKey(args));
  }

  @Mutation(() => PersonModel, { description: 'Creates or updates a person by customer number.' })
  upsertPerson(@CurrentViewer() viewer: Viewer, @Args('input', { description: 'The record, keyed by its external id.' }) input: UpsertPersonInput): Promise<PersonModel> {
    return this.people.upsertPerson(viewer, input);
  }

  @Mutation(() => EmploymentModel, { description: "Creates or updates a person's employment by its external id." })
  upsertEmployment(@CurrentViewer() viewer: Viewer, @Args('input', { description: 'The record, keyed by its external id.' }) input: UpsertEmploymentInput): Promise<EmploymentModel> {
    return this.people.upsertEmployment(viewer, input);
  }

  @ResolveField(() => [EmploymentModel], { description: "The person's employments, current first." })
  employments(@Parent() person: PersonModel): Promise<EmploymentModel[]> {
    return this.people.employmentsOf(person.id, person);
  }

  @ResolveField(() => [HoldingModel], { description: "The person's products at the bank, open and closed." })
  holdings(@Parent() person: PersonModel): Promise<HoldingModel[]> {
    return this.products.holdingsOf({ personId: person.id }, person);
  }

  @ResolveField(() => BranchModel, { nullable: true, description: 'Home branch.' })
  branch(@Parent() person: PersonModel): Promise<BranchModel | null> {
    return this.branches.find(person.branchId);
  }

  @ResolveField(() => ManagerModel, { nullable: true, description: 'The retail relationship manager looking after the person.' })
  retailRm(@Parent() person: PersonModel): Promise<ManagerModel | null> {
    return this.managers.find(person.retailRmId);
  }
}
