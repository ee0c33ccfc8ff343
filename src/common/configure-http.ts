import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from '../config/app-config';
import { consoleAssetsDir } from '../console/console-assets';

/** HTTP settings shared by the server and the tests: the request body limit, the console's static files at /. */
export function configureHttp(app: INestApplication, config: Pick<AppConfig, 'REQUEST_BODY_LIMIT_KB'>): void {
  (app as NestExpressApplication).useBodyParser('json', { limit: `${config.REQUEST_BODY_LIMIT_KB}kb` });
  // The console page and its assets are public (no personal data in them); its API calls carry the token.
  (app as NestExpressApplication).useStaticAssets(consoleAssetsDir(), { index: 'index.html', maxAge: '1h', setHeaders: noCacheForIndex });
}

/** The page itself is always revalidated, so a new build's hashed assets are picked up at once. */
function noCacheForIndex(res: { setHeader(name: string, value: string): void }, path: string): void {
  if (path.endsWith('.html')) res.setHeader('cache-control', 'no-cache');
}
