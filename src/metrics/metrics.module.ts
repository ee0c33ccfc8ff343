import { Global, Module } from '@nestjs/common';
import { RulesModule } from '../rules/rules.module';
import { RulesService } from '../rules/rules.service';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

/** Prometheus metrics: MetricsService for every module, and GET /metrics. */
@Global()
@Module({
  imports: [RulesModule],
  providers: [
    MetricsService,
    {
      provide: 'METRICS_RULE_SET_VERSION',
      inject: [MetricsService, RulesService],
      useFactory: (metrics: MetricsService, rules: RulesService) => metrics.watchRuleSet(() => rules.current().version),
    },
  ],
  controllers: [MetricsController],
  exports: [MetricsService],
})
export class MetricsModule {}
