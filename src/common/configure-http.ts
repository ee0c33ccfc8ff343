import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from '../config/app-config';
import { RequestTracker } from './request-lifecycle';

/**
 * HTTP settings shared by the server and the tests: requests in flight are tracked (for a graceful
 * shutdown and the request deadline), and the request body limit.
 */
export function configureHttp(app: INestApplication, config: Pick<AppConfig, 'REQUEST_BODY_LIMIT_KB'>): void {
  app.use(app.get(RequestTracker).middleware);
  (app as NestExpressApplication).useBodyParser('json', { limit: `${config.REQUEST_BODY_LIMIT_KB}kb` });
}
