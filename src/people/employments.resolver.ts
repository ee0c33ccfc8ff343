import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CorporateClientModel } from '../corporate-clients/models/corporate-client.model';
import { CorporateClientsService } from '../corporate-clients/corporate-clients.service';
import { EmploymentModel } from './models/employment.model';

@Resolver(() => EmploymentModel)
export class EmploymentsResolver {
  constructor(private readonly clients: CorporateClientsService) {}

  @ResolveField(() => CorporateClientModel, { description: 'The company.' })
  corporateClient(@Parent() employment: EmploymentModel): Promise<CorporateClientModel> {
    return this.clients.get({ id: employment.corporateClientId });
  }
}
