import { BadRequestException, HttpException, Logger } from '@nestjs/common';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { AppError } from './app-error';
import { ErrorCode } from './error-code';

const logger = new Logger('GraphQLErrors');

/** Codes graphql-js and Apollo assign themselves; their messages are safe to pass on. */
const FRAMEWORK_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

function fromValidation(exception: BadRequestException): { message: string; fields: string[] } {
  const response = exception.getResponse() as { message?: string | string[] };
  const messages = Array.isArray(response.message) ? response.message : [response.message ?? exception.message];
  const fields = messages.map((m) => String(m).split(' ')[0]).filter((f): f is string => Boolean(f));
  return { message: messages.join('; '), fields: [...new Set(fields)] };
}

/**
 * The single mapping from errors to GraphQL responses. Unknown errors become
 * INTERNAL_SERVER_ERROR with a generic message; the details go to the server log only.
 */
export function formatGraphQLError(
  formatted: GraphQLFormattedError,
  error: unknown,
  options: { exposeDetails: boolean },
): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };

  if (original instanceof AppError) {
    return { ...base, message: original.message, extensions: { code: original.code, ...(original.details ?? {}) } };
  }
  if (original instanceof BadRequestException) {
    const { message, fields } = fromValidation(original);
    return { ...base, message, extensions: { code: ErrorCode.BAD_USER_INPUT, fields } };
  }
  if (original instanceof HttpException) {
    const status = original.getStatus();
    const code =
      status === 401 ? ErrorCode.UNAUTHENTICATED : status === 403 ? ErrorCode.FORBIDDEN : status === 404 ? ErrorCode.NOT_FOUND : status === 429 ? ErrorCode.RATE_LIMITED : ErrorCode.BAD_USER_INPUT;
    return { ...base, message: original.message, extensions: { code } };
  }
  // Errors graphql-js raised itself (parse, validation, variable coercion, scalar parsing) carry
  // safe messages about the query, never about data.
  if (original instanceof GraphQLError) {
    const frameworkCode = formatted.extensions?.code;
    const code = typeof frameworkCode === 'string' && FRAMEWORK_CODES.has(frameworkCode) ? frameworkCode : 'GRAPHQL_VALIDATION_FAILED';
    return { ...base, extensions: { code } };
  }
  logger.error(`unexpected error at ${formatted.path?.join('.') ?? '(request)'}: ${original instanceof Error ? original.stack ?? original.message : String(original)}`);
  return {
    message: options.exposeDetails && original instanceof Error ? original.message : 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
