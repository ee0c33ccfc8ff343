import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/**
 * Nest's logger, as JSON lines (LOG_FORMAT=json) or text. Log messages must never carry
 * personal data: ids and counts only.
 */
export function createLogger(config: Pick<AppConfig, 'LOG_FORMAT' | 'LOG_LEVEL'>): ConsoleLogger {
  const upTo = LEVELS.indexOf(config.LOG_LEVEL);
  return new ConsoleLogger({
    json: config.LOG_FORMAT === 'json',
    colors: config.LOG_FORMAT === 'text' && Boolean(process.stdout.isTTY),
    logLevels: LEVELS.slice(0, upTo + 1),
  });
}
