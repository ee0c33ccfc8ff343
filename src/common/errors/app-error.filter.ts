import { Catch } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import { QueryFailedError } from 'typeorm';
import { AppError } from './app-error';

/**
 * Domain errors are answers, not failures: hand them to the GraphQL error formatter unchanged
 * instead of letting Nest log them as unexpected exceptions. Failed queries too: the formatter maps
 * them (SERVICE_UNAVAILABLE for timeouts and lost connections, CONFLICT, BAD_USER_INPUT) and logs
 * the others with their SQL state only — Nest's own handler would log the query's parameters.
 */
@Catch(AppError, QueryFailedError)
export class AppErrorFilter implements GqlExceptionFilter {
  catch(exception: AppError | QueryFailedError): AppError | QueryFailedError {
    return exception;
  }
}
