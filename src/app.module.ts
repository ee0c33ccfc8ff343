import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { type DynamicModule, Module } from '@nestjs/common';
import { InputValidationPipe } from './common/validation/input-validation.pipe';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AppErrorFilter } from './common/errors/app-error.filter';
import { responseCachePlugin } from './common/response-cache.plugin';
import { queryLimitsRule } from './common/graphql/query-limits';
import { GraphQLModule } from '@nestjs/graphql';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { dataSourceOptions } from './database/data-source.options';
import { formatGraphQLError } from './common/errors/graphql-error.formatter';
import { DecimalScalar } from './common/scalars/decimal.scalar';
import { JsonScalar } from './common/scalars/json.scalar';
import { BranchesModule } from './branches/branches.module';
import { CorporateClientsModule } from './corporate-clients/corporate-clients.module';
import { DemoModule } from './demo/demo.module';
import { HealthModule } from './health/health.module';
import { ManagersModule } from './managers/managers.module';
import { PeopleModule } from './people/people.module';
import { ProductsModule } from './products/products.module';
import { RulesModule } from './rules/rules.module';
import { OpportunitiesModule } from './opportunities/opportunities.module';
import { LeadsModule } from './leads/leads.module';
import { IngestionModule } from './ingestion/ingestion.module';
import { AuthModule } from './auth/auth.module';
import { AuditModule } from './audit/audit.module';
import { NotificationsModule } from './notifications/notifications.module';
import { ConsoleModule } from './console/console.module';
import type { AuthenticatedRequest } from './auth/auth.middleware';
import type { Viewer } from './auth/viewer';
import { AuditService, type AuditEntry } from './audit/audit.service';
import { createRootLogger, loggerModule, type RootLogger } from './common/logger';

export interface AppModuleOptions {
  config: AppConfig;
  /** The database to use, already resolved (DATABASE_URL or the embedded server). */
  databaseUrl: string;
  /** Apply pending migrations when the data source opens (default true). */
  migrationsRun?: boolean;
  /** The root logger (default: one made from the configuration). */
  logger?: RootLogger;
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    const { config } = options;
    const production = config.NODE_ENV === 'production';
    return {
      module: AppModule,
      imports: [
        // First, so that every request gets its id before any other middleware logs.
        loggerModule(options.logger ?? createRootLogger(config)),
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot({
          ...dataSourceOptions({
            url: options.databaseUrl,
            poolSize: config.DATABASE_POOL_SIZE,
            connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
          }),
          migrationsRun: options.migrationsRun ?? true,
          retryAttempts: 0,
        }),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [AuditService],
          useFactory: (audit: AuditService): ApolloDriverConfig => ({
            autoSchemaFile: true,
            sortSchema: true,
            resolvers: { Decimal: DecimalScalar, JSON: JsonScalar },
            path: '/graphql',
            // AuthMiddleware verified the token: resolvers read the viewer here, and cached responses
            // are kept per viewer (what a list shows depends on who asks).
            context: ({ req }: { req: AuthenticatedRequest }) => ({ req, viewer: req.viewer, viewerKey: req.viewer?.managerId ?? 'anonymous' }),
            playground: false,
            introspection: !production,
            // No per-field cache-control bookkeeping (we set no cache hints) and compact JSON responses:
            // both cost more than the lead lists' own work under load.
            plugins: [
              ApolloServerPluginCacheControlDisabled(),
              // Lead lists are read far more often than they change.
              responseCachePlugin({
                rootFields: new Set(['employeeProspects', 'executiveLeads', 'corporateLeads', 'products']),
                ttlMs: 2000,
                size: 1000,
                // A lead list served from the cache is still a view: its audit entries are written again.
                sideEffects: {
                  capture: (context) => [...((context as { viewer?: Viewer }).viewer?.trail ?? [])],
                  replay: async (context, trail) => {
                    const viewer = (context as { viewer?: Viewer }).viewer;
                    if (viewer && (trail as AuditEntry[]).length > 0) await audit.write(viewer, trail as AuditEntry[]);
                  },
                },
              }),
              ...(production ? [] : [ApolloServerPluginLandingPageLocalDefault({ embed: true })]),
            ],
            stringifyResult: (result) => JSON.stringify(result),
            validationRules: [
              queryLimitsRule({
                maxDepth: config.GRAPHQL_MAX_DEPTH,
                maxAliases: config.GRAPHQL_MAX_ALIASES,
                maxCost: config.GRAPHQL_MAX_COST,
                maxOperations: config.GRAPHQL_MAX_OPERATIONS,
              }),
            ],
            includeStacktraceInErrorResponses: false,
            formatError: (formatted, error) => {
              const shaped = formatGraphQLError(formatted, error, { exposeDetails: config.NODE_ENV === 'development' });
              // In production an error carries its code and message only.
              return production ? { message: shaped.message, extensions: { code: shaped.extensions?.code, ...(shaped.extensions?.fields ? { fields: shaped.extensions.fields } : {}) } } : shaped;
            },
          }),
        }),
        NotificationsModule,
        AuthModule,
        AuditModule,
        HealthModule,
        BranchesModule,
        ManagersModule,
        ProductsModule,
        CorporateClientsModule,
        PeopleModule,
        DemoModule,
        RulesModule,
        OpportunitiesModule,
        LeadsModule,
        IngestionModule,
        ConsoleModule.forRoot({ production }),
      ],
      providers: [
        // Every argument and input class is validated with class-validator; failures answer BAD_USER_INPUT.
        { provide: APP_PIPE, useValue: new InputValidationPipe({ transform: true, whitelist: true, forbidUnknownValues: false, stopAtFirstError: false }) },
        { provide: APP_FILTER, useClass: AppErrorFilter },
      ],
    };
  }
}
