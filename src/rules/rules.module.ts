import { Module } from '@nestjs/common';
import { RulesResolver } from './rules.resolver';
import { RulesService } from './rules.service';

@Module({ providers: [RulesService, RulesResolver], exports: [RulesService] })
export class RulesModule {}
