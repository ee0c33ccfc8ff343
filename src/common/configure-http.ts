import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import type { AppConfig } from '../config/app-config';
import { RequestTracker } from './request-lifecycle';
import { consoleAssetsDir } from '../console/console-assets';

/** Deepest nesting of arrays and objects a request body may have (GraphQL variables included). */
export const MAX_JSON_DEPTH = 64;

/** How deeply a parsed JSON value nests, stopping once it exceeds `limit`; iterative, so any depth is safe. */
export function jsonDepthExceeds(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth + 1 > limit) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}

/** Refuses a body nested deeper than MAX_JSON_DEPTH before anything recursive (GraphQL's input coercion) sees it. */
function refuseDeepBodies(req: IncomingMessage & { body?: unknown }, res: ServerResponse, next: () => void): void {
  if (!jsonDepthExceeds(req.body, MAX_JSON_DEPTH)) return next();
  res.statusCode = 400;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ errors: [{ message: `the request body is nested deeper than ${MAX_JSON_DEPTH} levels`, extensions: { code: 'BAD_REQUEST' } }] }));
}

/**
 * HTTP settings shared by the server and the tests: security headers (helmet, set for a JSON API;
 * outside production the content security policy is left off so the sandbox page can load its
 * scripts), no X-Powered-By, requests in flight tracked (for a graceful shutdown and the request
 * deadline), the request body limit and its nesting limit.
 */
export function configureHttp(app: INestApplication, config: Pick<AppConfig, 'REQUEST_BODY_LIMIT_KB' | 'NODE_ENV'>): void {
  const express = app as NestExpressApplication;
  express.use(app.get(RequestTracker).middleware);
  express.disable('x-powered-by');
  express.use(
    helmet({
      // The API answers JSON; the console loads only its own scripts, styles and images and talks
      // only to this origin. Nothing may frame either.
      contentSecurityPolicy:
        config.NODE_ENV === 'production'
          ? {
              directives: {
                defaultSrc: ["'none'"],
                scriptSrc: ["'self'"],
                styleSrc: ["'self'"],
                imgSrc: ["'self'", 'data:'],
                fontSrc: ["'self'"],
                connectSrc: ["'self'"],
                baseUri: ["'none'"],
                formAction: ["'self'"],
                frameAncestors: ["'none'"],
              },
            }
          : false,
      crossOriginEmbedderPolicy: false,
    }),
  );
  express.useBodyParser('json', { limit: `${config.REQUEST_BODY_LIMIT_KB}kb` });
  express.use(refuseDeepBodies);
  // The console page and its assets are public (no personal data in them); its API calls carry the token.
  express.useStaticAssets(consoleAssetsDir(), { index: 'index.html', maxAge: '1h', setHeaders: noCacheForIndex });
}

/** The page itself is always revalidated, so a new build's hashed assets are picked up at once. */
function noCacheForIndex(res: { setHeader(name: string, value: string): void }, path: string): void {
  if (path.endsWith('.html')) res.setHeader('cache-control', 'no-cache');
}
