import { BadRequestException, HttpException, Logger } from '@nestjs/common';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { QueryFailedError } from 'typeorm';
import { AppError } from './app-error';
import { ErrorCode } from './error-code';
import { serializeError } from '../logger';
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from './database-errors';

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
  'QUERY_TOO_COMPLEX',
]);

/** Refusals by Apollo's and graphql-js's own limits (recursive selections, tokens). */
function isQueryLimitError(error: GraphQLError): boolean {
  return (
    error.extensions?.validationErrorCode === 'MAX_RECURSIVE_SELECTIONS_EXCEEDED' ||
    /^Syntax Error: Document contains more tha[nt] \d+ tokens/.test(error.message)
  );
}

function fromValidation(exception: BadRequestException): { message: string; fields: string[] } {
  const response = exception.getResponse() as { message?: string | string[] };
  const messages = Array.isArray(response.message) ? response.message : [response.message ?? exception.message];
  const fields = messages.map((m) => String(m).split(' ')[0]).filter((f): f is string => Boolean(f));
  return { message: messages.join('; '), fields: [...new Set(fields)] };
}

/** Constraint names that explain themselves to a caller, with the message to give. */
const CONSTRAINT_MESSAGES: Record<string, string> = {
  CHK_employments_dates: 'endDate must not be before startDate',
  CHK_holdings_dates: 'closedAt must not be before openedAt',
  CHK_holdings_one_owner: 'a holding belongs to exactly one person or one corporate client',
  CHK_persons_credit_score: 'creditScore must be between 300 and 850',
};

/**
 * PostgreSQL's integrity errors are the caller's mistakes, not ours: a duplicate is a CONFLICT, a
 * broken check a BAD_USER_INPUT. The message explains the rule in words, never the data, the SQL or
 * the schema's constraint names.
 */
function fromDatabase(error: unknown): { code: ErrorCode; message: string } | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const driver = (error as QueryFailedError & { driverError?: { code?: string; constraint?: string } }).driverError ?? {};
  const constraint = driver.constraint ?? '';
  switch (driver.code) {
    case '23505':
      return { code: ErrorCode.CONFLICT, message: 'the record conflicts with an existing one' };
    case '23503':
      return { code: ErrorCode.CONFLICT, message: 'the record is referenced by, or refers to, a record that does not allow it' };
    case '23514':
    case '23502':
    case '22P02':
    case '22007':
    case '22008':
    case '22003':
    case '22001':
    case '22021':
    case '22P05':
      return { code: ErrorCode.BAD_USER_INPUT, message: CONSTRAINT_MESSAGES[constraint] ?? 'a value is not allowed' };
    case '40001':
    case '40P01':
      return { code: ErrorCode.CONFLICT, message: 'a concurrent change got in the way: try again' };
    default:
      return undefined;
  }
}

/** The SQL state or network code of an unavailable-database error: never its text (it may quote values). */
export function describeUnavailable(error: unknown): string {
  const cause = error instanceof QueryFailedError ? ((error as QueryFailedError & { driverError?: unknown }).driverError ?? error) : error;
  const code = (cause as { code?: unknown })?.code;
  return typeof code === 'string' ? code : 'connection lost';
}

/**
 * The error response of a request refused before GraphQL ran (in HTTP middleware), in the same
 * GraphQL shape and with the same codes as errors raised by resolvers.
 */
export function httpErrorResponse(error: unknown): { status: number; body: { errors: GraphQLFormattedError[] } } {
  if (isDatabaseUnavailable(error)) {
    logger.warn(`database unavailable before GraphQL: ${describeUnavailable(error)}`);
    return { status: 503, body: { errors: [{ message: DATABASE_UNAVAILABLE_MESSAGE, extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } }] } };
  }
  if (error instanceof AppError) {
    const status = error.code === ErrorCode.SERVICE_UNAVAILABLE ? 503 : error.code === ErrorCode.UNAUTHENTICATED ? 401 : 400;
    return { status, body: { errors: [{ message: error.message, extensions: { code: error.code } }] } };
  }
  logger.error(`unexpected error before GraphQL: ${error instanceof QueryFailedError ? 'database error' : error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return { status: 500, body: { errors: [{ message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }] } };
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
  if (isDatabaseUnavailable(original)) {
    logger.warn(`database unavailable at ${formatted.path?.join('.') ?? '(request)'}: ${describeUnavailable(original)}`);
    return { ...base, message: DATABASE_UNAVAILABLE_MESSAGE, extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } };
  }
  const database = fromDatabase(original);
  if (database) return { ...base, message: database.message, extensions: { code: database.code } };
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
    // The query limits set a precise code (QUERY_TOO_COMPLEX) that Apollo wraps; Apollo's
    // recursive-selection limit and graphql-js's token limit are query limits too.
    if (isQueryLimitError(original)) return { ...base, extensions: { code: ErrorCode.QUERY_TOO_COMPLEX } };
    const frameworkCode = typeof original.extensions?.code === 'string' && FRAMEWORK_CODES.has(original.extensions.code) ? original.extensions.code : formatted.extensions?.code;
    const code = typeof frameworkCode === 'string' && FRAMEWORK_CODES.has(frameworkCode) ? frameworkCode : 'GRAPHQL_VALIDATION_FAILED';
    return { ...base, extensions: { code } };
  }
  // Database errors may quote values from the request: log their SQL state, never their text.
  const safe = serializeError(original);
  const described = 'sqlState' in safe ? `database error ${JSON.stringify(safe)}` : original instanceof Error ? original.stack ?? original.message : 'a non-error was thrown';
  logger.error(`unexpected error at ${formatted.path?.join('.') ?? '(request)'}: ${described}`);
  return {
    message: options.exposeDetails && original instanceof Error ? original.message : 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
