import { Catch } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import { AppError } from './app-error';

/**
 * Domain errors are answers, not failures: hand them to the GraphQL error formatter unchanged
 * instead of letting Nest log them as unexpected exceptions.
 */
@Catch(AppError)
export class AppErrorFilter implements GqlExceptionFilter {
  catch(exception: AppError): AppError {
    return exception;
  }
}
