import { CurrentViewer } from '../auth/current-viewer.decorator';
import type { Viewer } from '../auth/viewer';
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
  employeeProspects(@CurrentViewer() viewer: Viewer, @Args() args: EmployeeProspectsArgs): Promise<EmployeeProspectConnectionModel> {
    return this.leads.employeeProspects(viewer, args);
  }

  @Query(() => ExecutiveLeadConnectionModel, {
    description: 'For a retail RM: executives and owners of corporate clients (of a branch or one client), ranked, with wealth, loan and card opportunities.',
  })
  executiveLeads(@CurrentViewer() viewer: Viewer, @Args() args: ScopedLeadsArgs): Promise<ExecutiveLeadConnectionModel> {
    return this.leads.executiveLeads(viewer, args);
  }

  @Query(() => CorporateLeadConnectionModel, {
    description: 'The reverse direction: companies reached through owners and executives who bank with us privately, with POS, payroll, settlement and e-banking opportunities.',
  })
  corporateLeads(@CurrentViewer() viewer: Viewer, @Args() args: ScopedLeadsArgs): Promise<CorporateLeadConnectionModel> {
    return this.leads.corporateLeads(viewer, args);
  }

  @Query(() => LinkageStatsModel, { description: "A company's payroll employees, card matching rate, product penetration per category, and opportunity outcomes." })
  linkageStats(@CurrentViewer() viewer: Viewer, @Args('corporateClientId', { type: () => ID, description: 'The corporate client.' }, new ParseUUIDPipe({ exceptionFactory: () => AppError.badInput('corporateClientId must be a uuid', ['corporateClientId']) })) id: string): Promise<LinkageStatsModel> {
    return this.leads.linkageStats(viewer, id);
  }
}
