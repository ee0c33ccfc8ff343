import { ErrorCode } from './error-code';

/**
 * A domain error with a stable code. Messages must be safe to show to the caller: no personal
 * data, no SQL, no stack traces.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  static notFound(what: string, key: string): AppError {
    return new AppError(ErrorCode.NOT_FOUND, `${what} ${key} was not found`);
  }

  static badInput(message: string, fields?: string[]): AppError {
    return new AppError(ErrorCode.BAD_USER_INPUT, message, fields ? { fields } : undefined);
  }
}
