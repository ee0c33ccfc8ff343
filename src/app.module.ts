import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { InputValidationPipe } from './common/validation/input-validation.pipe';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { AppErrorFilter } from './common/errors/app-error.filter';
import { responseCachePlugin } from './common/response-cache.plugin';
import { queryCostPlugin, queryLimitRules } from './common/graphql/query-limits';
import { GraphQLModule } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { ErrorCode } from './common/errors/error-code';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { assertNoPendingMigrations, runMigrationsOnce } from './database/migrations-runner';
import { RequestDeadlineInterceptor } from './common/request-lifecycle';
import type { EmbeddedPostgresState } from './health/database-health.service';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { dataSourceOptions } from './database/data-source.options';
import { formatGraphQLError } from './common/errors/graphql-error.formatter';
import { DecimalScalar } from './common/scalars/decimal.scalar';
import { JsonScalar } from './common/scalars/json.scalar';
import { describeRootTypes } from './common/graphql/root-descriptions';
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
import { ChangesModule } from './changes/changes.module';
import { RefreshQueueModule } from './refresh/refresh-queue.module';
import { RefreshModule } from './refresh/refresh.module';
import type { AuthenticatedRequest } from './auth/auth.middleware';
import type { Viewer } from './auth/viewer';
import { roleMayCall } from './auth/access-policy';
import { AuditService, type AuditEntry } from './audit/audit.service';
import { createRootLogger, loggerModule, type RootLogger } from './common/logger';
import { MetricsModule } from './metrics/metrics.module';
import { MetricsService } from './metrics/metrics.service';
import { metricsPlugin } from './metrics/metrics.plugin';

/** A GraphQL request without a verified viewer: HTTP 401, like the middleware's answer. */
function unauthenticatedRequest(): GraphQLError {
  return new GraphQLError('a bearer token is required (Authorization: Bearer <token>)', {
    extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } },
  });
}

export interface AppModuleOptions {
  config: AppConfig;
  /** The database to use, already resolved (DATABASE_URL or the embedded server). */
  databaseUrl: string;
  /** Apply pending migrations when the data source opens (default: MIGRATIONS_RUN). */
  migrationsRun?: boolean;
  /** The root logger (default: one made from the configuration). */
  logger?: RootLogger;
  /** The embedded PostgreSQL's supervisor, for readiness and liveness (absent with DATABASE_URL). */
  embedded?: EmbeddedPostgresState;
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    const { config } = options;
    const production = config.NODE_ENV === 'production';
    const limits = {
      maxDepth: config.GRAPHQL_MAX_DEPTH,
      maxAliases: config.GRAPHQL_MAX_ALIASES,
      maxCost: config.GRAPHQL_MAX_COST,
      maxOperations: config.GRAPHQL_MAX_OPERATIONS,
      maxTokens: config.GRAPHQL_MAX_TOKENS,
    };
    return {
      module: AppModule,
      imports: [
        // First, so that every request gets its id before any other middleware logs.
        loggerModule(options.logger ?? createRootLogger(config)),
        ConfigModule.forRoot(config),
        TypeOrmModule.forRootAsync({
          useFactory: () => ({
            ...dataSourceOptions({
              url: options.databaseUrl,
              poolSize: config.DATABASE_POOL_SIZE,
              connectTimeoutMs: config.DATABASE_CONNECT_TIMEOUT_MS,
              statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
              lockTimeoutMs: config.DATABASE_LOCK_TIMEOUT_MS,
            }),
            retryAttempts: 0,
          }),
          // Pending migrations are applied once across instances (advisory lock), or, with
          // MIGRATIONS_RUN=false, the start is refused while one is pending.
          dataSourceFactory: async (typeOrmOptions) => {
            const migrate = options.migrationsRun ?? config.MIGRATIONS_RUN;
            if (migrate) await runMigrationsOnce(options.databaseUrl, (m) => new Logger('Migrations').log(m));
            const dataSource = await new DataSource(typeOrmOptions!).initialize();
            if (!migrate) await assertNoPendingMigrations(dataSource).catch(async (error) => {
              await dataSource.destroy();
              throw error;
            });
            return dataSource;
          },
        }),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [AuditService, MetricsService],
          useFactory: (audit: AuditService, metrics: MetricsService): ApolloDriverConfig => ({
            autoSchemaFile: true,
            sortSchema: true,
            transformSchema: describeRootTypes,
            resolvers: { Decimal: DecimalScalar, JSON: JsonScalar },
            path: '/graphql',
            // AuthMiddleware verified the token: resolvers read the viewer here, and cached responses
            // are kept per viewer (what a list shows depends on who asks). A request that reached
            // GraphQL without a viewer is refused here too, whatever path it came by.
            context: ({ req }: { req: AuthenticatedRequest }) => {
              if (!req.viewer) throw unauthenticatedRequest();
              const { managerId, role, branchId } = req.viewer;
              return { req, viewer: req.viewer, viewerKey: `${managerId}|${role}|${branchId ?? ''}` };
            },
            playground: false,
            introspection: !production,
            // No per-field cache-control bookkeeping (we set no cache hints) and compact JSON responses:
            // both cost more than the lead lists' own work under load.
            plugins: [
              ApolloServerPluginCacheControlDisabled(),
              metricsPlugin(metrics),
              queryCostPlugin(limits),
              // The product catalogue is read far more often than it changes. Lead lists are not cached
              // here: their one cache is LeadsService's, after the viewer's access was checked, dropped on
              // every instance when opportunities change (LeadCacheInvalidation).
              responseCachePlugin({
                rootFields: new Set(['products']),
                ttlMs: 2000,
                size: 1000,
                // Served only to a viewer whose role may call the fields now (demoted managers included).
                authorize: (context, fields) => {
                  const viewer = (context as { viewer?: Viewer }).viewer;
                  return viewer !== undefined && fields.every((field) => roleMayCall(viewer.role, field));
                },
                // An answer served from the cache replays the audit entries it wrote when computed.
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
            // Query limits (see query-limits.ts): tokens while parsing, then the expanded selection
            // count (fragments memoised, before our rules run), then depth, aliases, operations, cost.
            parseOptions: { maxTokens: config.GRAPHQL_MAX_TOKENS },
            maxRecursiveSelections: config.GRAPHQL_MAX_COST,
            validationRules: queryLimitRules(limits),
            // No "Did you mean …?" in production: it would leak the schema that introspection hides.
            hideSchemaDetailsFromClientErrors: production,
            includeStacktraceInErrorResponses: false,
            formatError: (formatted, error) => {
              const shaped = formatGraphQLError(formatted, error, { exposeDetails: config.NODE_ENV === 'development' });
              // In production an error carries its code and message only.
              return production ? { message: shaped.message, extensions: { code: shaped.extensions?.code, ...(shaped.extensions?.fields ? { fields: shaped.extensions.fields } : {}) } } : shaped;
            },
          }),
        }),
        NotificationsModule,
        RefreshQueueModule,
        ChangesModule,
        MetricsModule,
        AuthModule,
        AuditModule,
        HealthModule.forRoot(options.embedded),
        BranchesModule,
        ManagersModule,
        ProductsModule,
        CorporateClientsModule,
        PeopleModule,
        DemoModule,
        RulesModule,
        OpportunitiesModule,
        RefreshModule,
        LeadsModule,
        IngestionModule,
        ConsoleModule.forRoot({ production }),
      ],
      providers: [
        // Every argument and input class is validated with class-validator; failures answer BAD_USER_INPUT.
        { provide: APP_PIPE, useValue: new InputValidationPipe({ transform: true, whitelist: true, forbidUnknownValues: false, stopAtFirstError: false }) },
        { provide: APP_FILTER, useClass: AppErrorFilter },
        // Every root field answers within REQUEST_TIMEOUT_MS of the request's arrival.
        { provide: APP_INTERCEPTOR, useClass: RequestDeadlineInterceptor },
      ],
    };
  }
}
