/**
 * Shared start-up for the server and the CLIs that need the whole application: validated config,
 * the database (DATABASE_URL or embedded: started here, or shared with the process of ours that runs
 * it), the Nest application, and an orderly shutdown that also stops the embedded database when
 * this process started it.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplication, LoggerService } from '@nestjs/common';
import { AppModule } from './app.module';
import { AppConfig, assertCanServe, ConfigValidationError, loadConfig } from './config/app-config';
import { createLogger, createRootLogger } from './common/logger';
import { configureHttp } from './common/configure-http';
import { DatabaseUnavailableError, resolveDatabase, type ResolvedDatabase } from './database/database-connection';
import { EmbeddedPostgresError } from './database/embedded-postgres';
import { MigrationsPendingError } from './database/migrations-runner';
import { RuleSetInvalidError } from './rule-engine/rules';

export interface Started {
  app: INestApplication;
  config: AppConfig;
  db: ResolvedDatabase;
  logger: LoggerService;
  close(): Promise<void>;
}

/** Errors whose message says everything: printed as one line, without a stack trace. */
export function isExpectedStartupError(error: unknown): error is Error {
  return (
    error instanceof ConfigValidationError ||
    error instanceof DatabaseUnavailableError ||
    error instanceof EmbeddedPostgresError ||
    error instanceof RuleSetInvalidError ||
    error instanceof MigrationsPendingError
  );
}

export async function startApplication(overrides: NodeJS.ProcessEnv = {}, options: { serve?: boolean } = {}): Promise<Started> {
  const config = loadConfig({ ...process.env, ...overrides });
  if (options.serve) assertCanServe(config);
  const root = createRootLogger(config);
  const logger = createLogger(root);
  const db = await resolveDatabase(config, (m) => logger.log(m, 'Database'), { supervise: options.serve });
  let app: INestApplication | undefined;
  try {
    app = await NestFactory.create(AppModule.forRoot({ config, databaseUrl: db.url, logger: root, embedded: db.embedded }), { logger, abortOnError: false });
    configureHttp(app, config);
    await app.init();
  } catch (error) {
    await app?.close().catch(() => undefined);
    await db.embedded?.stop();
    throw error;
  }
  const started = app;
  let closing: Promise<void> | undefined;
  return {
    app: started,
    config,
    db,
    logger,
    close: () =>
      (closing ??= (async () => {
        await started.close();
        await db.embedded?.stop();
      })()),
  };
}
