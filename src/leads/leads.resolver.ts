import { Args, Query, Resolver } from '@nestjs/graphql';
import { EmployeeProspectsArgs } from './dto/employee-prospects.args';
import { EmployeeProspectConnectionModel } from './models/employee-prospect.model';
import { LeadsService } from './leads.service';

@Resolver()
export class LeadsResolver {
  constructor(private readonly leads: LeadsService) {}

  @Query(() => EmployeeProspectConnectionModel, {
    description: "For a corporate RM: the client's current employees ranked by their best opportunity, each with their opportunities. Salaries are shown as bands.",
  })
  employeeProspects(@Args() args: EmployeeProspectsArgs): Promise<EmployeeProspectConnectionModel> {
    return this.leads.employeeProspects(args);
  }
}
