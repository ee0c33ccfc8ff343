/**
 * Requests from arrival to answer: how many are in flight (so a shutdown can let them finish), whether
 * the instance is draining (new requests are turned away with 503 and `Connection: close`), and each
 * GraphQL request's deadline (REQUEST_TIMEOUT_MS, answered with SERVICE_UNAVAILABLE).
 */
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Observable, TimeoutError, catchError, throwError, timeout } from 'rxjs';
import { AppConfig } from '../config/app-config';
import { AppError } from './errors/app-error';
import { ErrorCode } from './errors/error-code';

type TrackedRequest = IncomingMessage & { receivedAt?: number };

@Injectable()
export class RequestTracker {
  private readonly inFlight = new Set<ServerResponse>();
  private drainingSince?: number;
  private idleWaiters: Array<() => void> = [];

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** Express middleware: counts the request until its response is finished or its connection closed. */
  readonly middleware = (req: TrackedRequest, res: ServerResponse, next: () => void): void => {
    req.receivedAt = Date.now();
    if (this.draining) {
      // Liveness and readiness keep answering (readiness says 503 itself) while the instance drains.
      if (req.url === '/health' || req.url === '/ready') return next();
      res.statusCode = 503;
      res.setHeader('connection', 'close');
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.end(JSON.stringify({ errors: [{ message: 'the service is shutting down: try another instance', extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } }] }));
      return;
    }
    this.inFlight.add(res);
    const done = () => {
      if (!this.inFlight.delete(res)) return;
      if (this.inFlight.size === 0) this.wakeIdleWaiters();
    };
    res.once('finish', done);
    res.once('close', done);
    next();
  };

  /**
   * Stops taking requests and waits for those in flight, at most `graceMs`. The server stops accepting
   * connections, idle keep-alive connections are closed, and answers still to come tell their client
   * to close; whatever is left after the grace period is cut. Resolves with the number cut.
   */
  async drain(server: Server | undefined, graceMs: number): Promise<number> {
    this.drainingSince ??= Date.now();
    for (const res of this.inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
    server?.close();
    server?.closeIdleConnections();
    if (this.inFlight.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => this.idleWaiters.push(resolve)),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, graceMs);
        }),
      ]);
      clearTimeout(timer);
    }
    const cut = this.inFlight.size;
    server?.closeAllConnections();
    return cut;
  }

  private wakeIdleWaiters(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }
}

const LONG_RUNNING = 'requestLifecycle:longRunning';

/** Marks a root field whose work may outlast REQUEST_TIMEOUT_MS (a full refresh): no deadline. */
export const LongRunning = (): MethodDecorator => SetMetadata(LONG_RUNNING, true);

/**
 * Each root field of a GraphQL request must answer within REQUEST_TIMEOUT_MS of the request's
 * arrival; past it the field answers SERVICE_UNAVAILABLE (the database statements behind it are
 * bounded by statement_timeout and lock_timeout).
 */
@Injectable()
export class RequestDeadlineInterceptor implements NestInterceptor {
  constructor(
    private readonly config: AppConfig,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const limit = this.config.REQUEST_TIMEOUT_MS;
    if (limit === 0 || context.getType<string>() !== 'graphql' || this.reflector.get<boolean>(LONG_RUNNING, context.getHandler())) return next.handle();
    const req = GqlExecutionContext.create(context).getContext<{ req?: TrackedRequest }>().req;
    const remaining = Math.max(1, limit - (Date.now() - (req?.receivedAt ?? Date.now())));
    return next.handle().pipe(
      timeout({ first: remaining }),
      catchError((error: unknown) =>
        throwError(() => (error instanceof TimeoutError ? new AppError(ErrorCode.SERVICE_UNAVAILABLE, `the request took longer than ${limit} ms: try again shortly`) : error)),
      ),
    );
  }
}
