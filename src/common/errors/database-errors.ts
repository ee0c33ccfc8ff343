import { QueryFailedError } from 'typeorm';

/** What a caller is told while the database is away or too slow; safe to show, names nothing. */
export const DATABASE_UNAVAILABLE_MESSAGE = 'the service cannot reach its database right now: try again shortly';

/** Network errors of a connection that failed or was cut. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);

/**
 * SQL states that mean "not now" rather than "not this": the connection or the server is going away
 * (class 08, 57P01–57P05), the server is out of a resource (class 53), or a statement was stopped by
 * statement_timeout / lock_timeout / idle-in-transaction timeout (57014, 55P03, 25P03).
 */
function unavailableSqlState(code: string): boolean {
  return code.startsWith('08') || code.startsWith('53') || /^57P0[1-5]$/.test(code) || code === '57014' || code === '55P03' || code === '25P03';
}

/** pg's messages for a connection that broke or could not be had (they carry no code). */
const CONNECTION_MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error/i,
  /Client was closed and is not queryable/i,
  /Cannot use a pool after calling end/i,
  /Connection is not established/i,
];

/**
 * True when an error says the database is unreachable, restarting, or too slow (timeouts), so the
 * caller should get SERVICE_UNAVAILABLE and may retry, instead of INTERNAL_SERVER_ERROR. Errors raised
 * while acquiring a connection are not wrapped by TypeORM: a PostgreSQL refusal at that point (the
 * database does not accept connections) counts as unavailable too.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const wrapped = error instanceof QueryFailedError;
  const cause = wrapped ? ((error as QueryFailedError & { driverError?: unknown }).driverError ?? error) : error;
  if (!(cause instanceof Error)) return false;
  const code = (cause as NodeJS.ErrnoException).code;
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code)) {
      if (unavailableSqlState(code)) return true;
      // Refused at connection time (TypeORM does not wrap those): authentication, the database is
      // gone or does not accept connections.
      return !wrapped && (code.startsWith('28') || code === '3D000' || code === '55000');
    }
  }
  return CONNECTION_MESSAGES.some((pattern) => pattern.test(cause.message));
}
