/**
 * The service's logger: pino (structured, redacting), bridged into Nest by nestjs-pino, with one
 * request log line per HTTP request and a correlation id (`reqId`) on every line written while
 * handling it. Log lines carry ids, counts, SQL states and constraint names, never personal data:
 * request logs hold the method and path (no query string, no headers, no body), errors keep their
 * type and stack but database errors lose their message, parameters, `detail` and `where`.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DynamicModule, LoggerService } from '@nestjs/common';
import { Logger as NestPinoLogger, LoggerModule, PinoLogger } from 'nestjs-pino';
import { pino, type DestinationStream, type Logger as Pino, type LevelWithSilent } from 'pino';
import type { Options as PinoHttpOptions } from 'pino-http';
import type { AppConfig } from '../config/app-config';

export type RootLogger = Pino;
type LogConfig = Pick<AppConfig, 'LOG_FORMAT' | 'LOG_LEVEL'>;

/** Nest's level names (what LOG_LEVEL takes) in pino's terms. */
const PINO_LEVEL: Record<AppConfig['LOG_LEVEL'], LevelWithSilent> = { error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' };

/** The header a caller (or a proxy) may set to correlate its logs with ours; echoed in every response. */
export const REQUEST_ID_HEADER = 'x-request-id';
const REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/** The caller's request id when it is short, printable and plain; otherwise a new one. */
export function requestIdFrom(header: string | string[] | undefined): string {
  const given = (Array.isArray(header) ? header[0] : header)?.trim();
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * What must never reach a log line even if some code hands it to the logger: credentials, cookies,
 * request bodies and GraphQL variables, SQL parameters and the database's own error details (they
 * quote the failing row).
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'authorization',
  'cookie',
  'body',
  'req.body',
  'req.query',
  'query',
  'variables',
  '*.variables',
  '*.body',
  'parameters',
  '*.parameters',
  'detail',
  '*.detail',
  'where',
  '*.where',
  'err.driverError',
];

const SQLSTATE = /^[0-9A-Z]{5}$/;
type MaybeDatabaseError = Error & { code?: unknown; constraint?: unknown; table?: unknown; driverError?: { code?: unknown; constraint?: unknown; table?: unknown } };

/**
 * Errors as log fields. A database error (TypeORM's QueryFailedError or pg's DatabaseError) keeps
 * its SQL state, constraint and table only: its message may quote a value (`invalid input syntax for
 * type uuid: "…"`) and its other fields carry the statement's parameters and the failing row.
 */
export function serializeError(value: unknown): Record<string, unknown> {
  if (!(value instanceof Error)) return { type: typeof value, message: 'non-error thrown' };
  const e = value as MaybeDatabaseError;
  const driver = e.driverError ?? e;
  if (e.driverError !== undefined || e.name === 'QueryFailedError' || (typeof driver.code === 'string' && SQLSTATE.test(driver.code) && 'severity' in driver)) {
    return {
      type: e.name,
      sqlState: typeof driver.code === 'string' ? driver.code : undefined,
      constraint: typeof driver.constraint === 'string' ? driver.constraint : undefined,
      table: typeof driver.table === 'string' ? driver.table : undefined,
    };
  }
  return { type: e.name, message: e.message, stack: e.stack, ...(typeof e.code === 'string' ? { code: e.code } : {}) };
}

/** An HTTP request as a log field: method and path only (a query string may hold personal data). */
function serializeRequest(req: IncomingMessage & { originalUrl?: string }): Record<string, unknown> {
  const url = req.originalUrl ?? req.url ?? '';
  return { method: req.method, path: url.split('?')[0] };
}

const serializeResponse = (res: ServerResponse) => ({ statusCode: res.statusCode });

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/**
 * LOG_FORMAT=text: each JSON line from pino rewritten as one readable line
 * (`12:00:01.234 INFO  [Context] message reqId=… key=value`), for people at a terminal.
 */
export function textDestination(out: { write(chunk: string): unknown } = process.stdout): DestinationStream {
  return {
    write(line: string) {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line);
      } catch {
        out.write(line);
        return;
      }
      const { time, level, msg, context, reqId, err, pid: _pid, hostname: _host, ...rest } = entry;
      const clock = new Date(Number(time)).toISOString().slice(11, 23);
      const fields = Object.entries({ reqId, ...rest })
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
      const stack = err && typeof err === 'object' ? (err as { stack?: string; sqlState?: string }).stack ?? JSON.stringify(err) : undefined;
      out.write(
        `${clock} ${(LEVEL_NAMES[Number(level)] ?? String(level)).padEnd(5)} ${context ? `[${String(context)}] ` : ''}${String(msg ?? '')}${fields.length ? ` ${fields.join(' ')}` : ''}${stack ? `\n${stack}` : ''}\n`,
      );
    },
  };
}

/**
 * The root pino logger. Lines go through `process.stdout.write` (JSON, or text for LOG_FORMAT=text)
 * unless a destination is given.
 */
export function createRootLogger(config: LogConfig, destination?: DestinationStream): RootLogger {
  const stream = destination ?? (config.LOG_FORMAT === 'text' ? textDestination() : { write: (line: string) => process.stdout.write(line) });
  return pino(
    {
      level: PINO_LEVEL[config.LOG_LEVEL],
      base: undefined,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: serializeError, error: serializeError, req: serializeRequest, res: serializeResponse },
    },
    stream,
  );
}

/** A Nest LoggerService over the root logger (for start-up, before the application exists). */
export function createLogger(root: RootLogger): LoggerService {
  return new NestPinoLogger(new PinoLogger({ pinoHttp: { logger: root } }), {});
}

/** Paths whose requests are not logged one by one (probes call them every few seconds). */
const QUIET_PATHS = new Set(['/health', '/ready']);
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;

/**
 * nestjs-pino: Nest's logger becomes pino, every request is logged once when it ends (method, path,
 * status, time, GraphQL operation name) and every line logged while handling it carries its `reqId`.
 */
export function loggerModule(root: RootLogger): DynamicModule {
  const http: PinoHttpOptions = {
    logger: root,
    quietReqLogger: true,
    wrapSerializers: false,
    serializers: { err: serializeError, req: serializeRequest, res: serializeResponse },
    genReqId: (req, res) => {
      const id = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
      res.setHeader(REQUEST_ID_HEADER, id);
      return id;
    },
    customProps: (req) => {
      const name = (req as IncomingMessage & { body?: { operationName?: unknown } }).body?.operationName;
      return typeof name === 'string' && OPERATION_NAME.test(name) ? { operation: name } : {};
    },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    customSuccessMessage: () => 'request completed',
    customErrorMessage: () => 'request failed',
    autoLogging: { ignore: (req) => QUIET_PATHS.has((req.url ?? '').split('?')[0]!) },
  };
  return LoggerModule.forRoot({ pinoHttp: http });
}
