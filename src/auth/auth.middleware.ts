import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-code';
import { httpErrorResponse } from '../common/errors/graphql-error.formatter';
import { MetricsService } from '../metrics/metrics.service';
import { AuthService } from './auth.service';
import { RateLimitService } from './rate-limit.service';
import type { Viewer } from './viewer';

export type AuthenticatedRequest = IncomingMessage & { viewer?: Viewer };

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

/**
 * Routes that answer without a manager's token, by exact path and method: liveness, readiness, the
 * metrics endpoint (protected by its own METRICS_TOKEN) and, outside production, the console's
 * development sign-in. The console's static page and assets are served before this middleware. Nothing under them reaches GraphQL.
 */
const OPEN_ROUTES = new Set([
  'GET /health',
  'GET /ready',
  'GET /metrics',
  // The console's development sign-in (registered only outside production).
  'GET /console/dev/managers',
  'POST /console/dev/sign-in',
]);

function isOpen(req: IncomingMessage): boolean {
  // originalUrl: the whole path, whatever prefix the middleware was mounted on.
  const url = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '';
  const end = url.indexOf('?');
  return OPEN_ROUTES.has(`${req.method} ${end < 0 ? url : url.slice(0, end)}`);
}

/**
 * In front of every route (GraphQL in particular): no request reaches GraphQL without a valid token naming a known manager
 * (401 UNAUTHENTICATED), and a manager over the rate limit (counted across instances) is turned away before any parsing or
 * database work (429 RATE_LIMITED with Retry-After). Answers are GraphQL-shaped error responses.
 */
@Injectable()
export class AuthMiddleware implements NestMiddleware {
  constructor(
    private readonly auth: AuthService,
    /** Per manager, counted across every instance; integrations (SYSTEM) have their own, higher limit. */
    private readonly limits: RateLimitService,
    private readonly metrics: MetricsService,
  ) {}

  async use(req: AuthenticatedRequest, res: ServerResponse, next: (error?: unknown) => void): Promise<void> {
    if (isOpen(req)) return next();
    let viewer: Viewer;
    try {
      viewer = await this.auth.authenticate(req.headers.authorization);
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== ErrorCode.UNAUTHENTICATED) {
        // The database is away (SERVICE_UNAVAILABLE, 503) or something broke: a GraphQL-shaped answer.
        const { status, body } = httpErrorResponse(error);
        if (status === 503) res.setHeader('Retry-After', '5');
        this.metrics.refused(status === 503 ? ErrorCode.SERVICE_UNAVAILABLE : ErrorCode.INTERNAL_SERVER_ERROR);
        answer(res, status, body);
        return;
      }
      this.metrics.refused(error.code);
      res.setHeader('WWW-Authenticate', 'Bearer');
      answer(res, 401, { errors: [{ message: error.message, extensions: { code: error.code } }] });
      return;
    }
    const wait = await this.limits.take(viewer);
    if (wait > 0) {
      this.metrics.refused(ErrorCode.RATE_LIMITED);
      res.setHeader('Retry-After', String(wait));
      answer(res, 429, { errors: [{ message: `too many requests: try again in ${wait} s`, extensions: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds: wait } }] });
      return;
    }
    req.viewer = { ...viewer, trail: [] };
    next();
  }
}
