import { Module } from '@nestjs/common';
import { InstancesModule } from '../instances/instances.module';
import { RuleSetsRepository } from './rule-sets.repository';
import { RulesResolver } from './rules.resolver';
import { RulesService } from './rules.service';

@Module({ imports: [InstancesModule], providers: [RuleSetsRepository, RulesService, RulesResolver], exports: [RulesService] })
export class RulesModule {}
