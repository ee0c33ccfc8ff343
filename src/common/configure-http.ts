import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from '../config/app-config';

/** HTTP settings shared by the server and the tests: the request body limit. */
export function configureHttp(app: INestApplication, config: Pick<AppConfig, 'REQUEST_BODY_LIMIT_KB'>): void {
  (app as NestExpressApplication).useBodyParser('json', { limit: `${config.REQUEST_BODY_LIMIT_KB}kb` });
}
