import { Module } from '@nestjs/common';
import { RulesModule } from '../rules/rules.module';
import { OpportunitiesResolver } from './opportunities.resolver';
import { OpportunitiesService } from './opportunities.service';
import { OutcomesService } from './outcomes.service';
import { OpportunityEngineService } from './opportunity-engine.service';
import { OpportunityChangesResolver } from './opportunity-changes.resolver';
import { OpportunityChangesService } from './opportunity-changes.service';
import { ReasonCatalogue } from './reason-catalogue';
import { SubjectsRepository } from './subjects.repository';

@Module({
  imports: [RulesModule],
  providers: [SubjectsRepository, ReasonCatalogue, OpportunityEngineService, OpportunitiesService, OutcomesService, OpportunitiesResolver, OpportunityChangesService, OpportunityChangesResolver],
  exports: [OpportunityEngineService, OpportunitiesService, OutcomesService],
})
export class OpportunitiesModule {}
