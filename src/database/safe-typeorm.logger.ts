import { Logger as NestLogger } from '@nestjs/common';
import type { Logger as TypeOrmLogger, QueryRunner } from 'typeorm';

/**
 * TypeORM's logging without personal data: a failed query is logged with its SQL state, constraint
 * and the statement's first words, never with its parameters (names, salaries, balances) nor the
 * server's message (which may quote a value).
 */
export class SafeTypeOrmLogger implements TypeOrmLogger {
  private readonly logger = new NestLogger('Database');

  logQuery(): void {}

  logQueryError(error: string | Error, query: string, _parameters?: unknown[], _runner?: QueryRunner): void {
    const e = error as Error & { code?: string; constraint?: string; table?: string };
    const statement = query.replace(/\s+/g, ' ').trim().split(' ').slice(0, 4).join(' ');
    this.logger.warn(`query failed: SQL state ${e.code ?? 'unknown'}${e.constraint ? `, constraint ${e.constraint}` : ''}${e.table ? `, table ${e.table}` : ''} (${statement} …)`);
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn(`slow query (${time} ms): ${query.replace(/\s+/g, ' ').trim().split(' ').slice(0, 6).join(' ')} …`);
  }

  logSchemaBuild(): void {}

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
  }
}
