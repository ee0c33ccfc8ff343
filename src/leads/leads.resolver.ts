import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { ParseUUIDPipe } from '@nestjs/common';
import { LinkageStatsModel } from './models/linkage-stats.model';
import { EmployeeProspectsArgs, ScopedLeadsArgs } from './dto/employee-prospects.args';
import { CorporateLeadConnectionModel, ExecutiveLeadConnectionModel } from './models/lead.model';
import { EmployeeProspectConnectionModel } from './models/employee-prospect.model';
import { LeadsService } from './leads.service';
import { AppError } from '../common/errors/app-error';

@Resolver()
export class LeadsResolver {
  constructor(private readonly leads: LeadsService) {}

  @Query(() => EmployeeProspectConnectionModel, {
    description: "For a corporate RM: the client's current employees ranked by their best opportunity, each with their opportunities. Salaries are shown as bands.",
  })
  employeeProspects(@Args() args: EmployeeProspectsArgs): Promise<EmployeeProspectConnectionModel> {
    return this.leads.employeeProspects(args);
  }

  @Query(() => ExecutiveLeadConnectionModel, {
    description: 'For a retail RM: executives and owners of corporate clients (of a branch or one client), ranked, with wealth, loan and card opportunities.',
  })
  executiveLeads(@Args() args: ScopedLeadsArgs): Promise<ExecutiveLeadConnectionModel> {
    return this.leads.executiveLeads(args);
  }

  @Query(() => CorporateLeadConnectionModel, {
    description: 'The reverse direction: companies reached through owners and executives who bank with us privately, with POS, payroll, settlement and e-banking opportunities.',
  })
  corporateLeads(@Args() args: ScopedLeadsArgs): Promise<CorporateLeadConnectionModel> {
    return this.leads.corporateLeads(args);
  }

  @Query(() => LinkageStatsModel, { description: "A company's payroll employees, card matching rate, product penetration per category, and opportunity outcomes." })
  linkageStats(@Args('corporateClientId', { type: () => ID, description: 'The corporate client.' }, new ParseUUIDPipe({ exceptionFactory: () => AppError.badInput('corporateClientId must be a uuid', ['corporateClientId']) })) id: string): Promise<LinkageStatsModel> {
    return this.leads.linkageStats(id);
  }
}
