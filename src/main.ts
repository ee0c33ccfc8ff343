import { startApplication, isExpectedStartupError } from './bootstrap';
import { DemoBankService } from './demo/demo-bank.service';
import { AuthService } from './auth/auth.service';
import { RequestTracker } from './common/request-lifecycle';

async function main(): Promise<void> {
  const started = await startApplication({}, { serve: true });
  const { app, config, db, logger } = started;
  let stopping = false;
  // SIGTERM/SIGINT: stop taking requests (readiness fails, the listener closes), let those in flight
  // finish within SHUTDOWN_GRACE_MS, then close the application and stop the embedded database.
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const requests = app.get(RequestTracker);
    logger.log(`${signal} received: finishing ${requests.inFlightCount} request(s) in flight (at most ${config.SHUTDOWN_GRACE_MS} ms), then shutting down`, 'Main');
    try {
      const cut = await requests.drain(app.getHttpServer(), config.SHUTDOWN_GRACE_MS);
      if (cut > 0) logger.warn(`${cut} request(s) still running after ${config.SHUTDOWN_GRACE_MS} ms were cut`, 'Main');
      await started.close();
      process.exit(0);
    } catch (error) {
      logger.error(`shutdown failed: ${(error as Error).message}`, undefined, 'Main');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  try {
    await app.get(DemoBankService).loadIfEmpty();
    await app.listen(config.PORT, config.HOST);
  } catch (error) {
    await started.close();
    throw error;
  }
  const shownHost = config.HOST === '0.0.0.0' ? 'localhost' : config.HOST;
  logger.log(
    `cross-sell engine ready: GraphQL at http://${shownHost}:${config.PORT}/graphql (database ${db.embedded ? 'embedded ' : ''}${db.display}, ${config.NODE_ENV})`,
    'Main',
  );
  if (config.NODE_ENV === 'development') await printSampleTokens(app.get(AuthService), `http://${shownHost}:${config.PORT}/graphql`);
}

/** Development only: one ready token per role, so the demo bank can be explored at once. */
async function printSampleTokens(auth: AuthService, url: string): Promise<void> {
  const tokens = await auth.sampleTokens();
  if (tokens.length === 0) return;
  const lines = tokens.map((t) => `  ${t.role.padEnd(15)} ${t.externalId.padEnd(14)} ${t.token}`);
  process.stdout.write(
    `\nDevelopment tokens (one per role; \`npm run token -- <managerExternalId>\` makes more):\n${lines.join('\n')}\n` +
      `Try: curl -s ${url} -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" -d '{"query":"{ me { externalId role } }"}'\n\n`,
  );
}

main().catch((error) => {
  if (isExpectedStartupError(error)) {
    console.error(`cannot start: ${error.message}`);
  } else {
    console.error('cannot start:', error);
  }
  process.exit(1);
});
