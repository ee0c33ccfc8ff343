import { type DynamicModule, Global, Module } from '@nestjs/common';
import { RequestTracker } from '../common/request-lifecycle';
import { DatabaseHealth, EMBEDDED_POSTGRES, type EmbeddedPostgresState } from './database-health.service';
import { HealthController } from './health.controller';

/** Liveness, readiness and the requests in flight (global: the HTTP setup and the shutdown use the tracker). */
@Global()
@Module({})
export class HealthModule {
  /** `embedded`: the embedded PostgreSQL's supervisor, when the process started or attached to one. */
  static forRoot(embedded?: EmbeddedPostgresState): DynamicModule {
    return {
      module: HealthModule,
      controllers: [HealthController],
      providers: [DatabaseHealth, RequestTracker, ...(embedded ? [{ provide: EMBEDDED_POSTGRES, useValue: embedded }] : [])],
      exports: [DatabaseHealth, RequestTracker],
    };
  }
}
