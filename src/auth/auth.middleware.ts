import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppConfig } from '../config/app-config';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-code';
import { MetricsService } from '../metrics/metrics.service';
import { AuthService } from './auth.service';
import { RateLimiter } from './rate-limiter';
import type { Viewer } from './viewer';

export type AuthenticatedRequest = IncomingMessage & { viewer?: Viewer };

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

/**
 * Routes that answer without a manager's token, by exact path and method: liveness, readiness and
 * the metrics endpoint (protected by its own METRICS_TOKEN). Nothing under them reaches GraphQL.
 */
const OPEN_ROUTES = new Set(['GET /health', 'GET /ready', 'GET /metrics']);

function isOpen(req: IncomingMessage): boolean {
  // originalUrl: the whole path, whatever prefix the middleware was mounted on.
  const url = (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url ?? '';
  const end = url.indexOf('?');
  return OPEN_ROUTES.has(`${req.method} ${end < 0 ? url : url.slice(0, end)}`);
}

/**
 * In front of every route (GraphQL in particular): no request reaches GraphQL without a valid token naming a known manager
 * (401 UNAUTHENTICATED), and a manager over the rate limit is turned away before any parsing or
 * database work (429 RATE_LIMITED with Retry-After). Answers are GraphQL-shaped error responses.
 */
@Injectable()
export class AuthMiddleware implements NestMiddleware {
  private readonly limiter: RateLimiter;
  /** Integrations (SYSTEM) push data in bulk: their own, higher limit. */
  private readonly systemLimiter: RateLimiter;

  constructor(
    private readonly auth: AuthService,
    config: AppConfig,
    private readonly metrics: MetricsService,
  ) {
    this.limiter = new RateLimiter(config.RATE_LIMIT_PER_MINUTE, config.RATE_LIMIT_BURST);
    this.systemLimiter = new RateLimiter(config.RATE_LIMIT_SYSTEM_PER_MINUTE, Math.max(1, Math.ceil(config.RATE_LIMIT_SYSTEM_PER_MINUTE / 10)));
  }

  async use(req: AuthenticatedRequest, res: ServerResponse, next: (error?: unknown) => void): Promise<void> {
    if (isOpen(req)) return next();
    let viewer: Viewer;
    try {
      viewer = await this.auth.authenticate(req.headers.authorization);
    } catch (error) {
      if (!(error instanceof AppError)) return next(error);
      this.metrics.refused(error.code);
      res.setHeader('WWW-Authenticate', 'Bearer');
      answer(res, 401, { errors: [{ message: error.message, extensions: { code: error.code } }] });
      return;
    }
    const wait = (viewer.role === 'SYSTEM' ? this.systemLimiter : this.limiter).take(viewer.managerId);
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
