import { type ArgumentsHost, Catch, HttpException, InternalServerErrorException, Logger } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { GqlContextType } from '@nestjs/graphql';
import { serializeError } from '../logger';

/**
 * Every exception passes here, so Nest's own handlers never log one (they log the whole error
 * object: a failed query with its parameters and the failing row). In GraphQL the error goes on
 * unchanged to the one GraphQL error formatter, which maps it and logs unexpected ones safely; on
 * plain HTTP routes an HttpException answers as usual and anything else is logged without its
 * data and answers 500.
 */
@Catch()
export class AppErrorFilter extends BaseExceptionFilter {
  private readonly logger = new Logger('Errors');

  override catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType<GqlContextType>() === 'graphql') return exception;
    if (exception instanceof HttpException) return super.catch(exception, host);
    // Express's own client errors (a body over the limit, malformed JSON) keep their status.
    const status = (exception as { status?: unknown } | null)?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) return super.catch(new HttpException(exception instanceof Error ? exception.message : 'bad request', status), host);
    this.logger.error(`unexpected error: ${JSON.stringify(serializeError(exception))}`);
    return super.catch(new InternalServerErrorException(), host);
  }
}
