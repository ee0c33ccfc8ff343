import { Controller, Get, HttpCode, ServiceUnavailableException } from '@nestjs/common';
import { RequestTracker } from '../common/request-lifecycle';
import { DatabaseHealth } from './database-health.service';

/**
 * Liveness and readiness for the orchestrator; they answer without a token.
 * - /health (liveness): 503 only when the instance cannot recover by itself, so restart it.
 * - /ready (readiness): 503 while the database does not answer or the instance is shutting down, so
 *   send requests elsewhere for now.
 */
@Controller()
export class HealthController {
  constructor(
    private readonly database: DatabaseHealth,
    private readonly requests: RequestTracker,
  ) {}

  @Get('health')
  @HttpCode(200)
  health(): { status: 'ok' } {
    const verdict = this.database.liveness();
    if (!verdict.ok) throw new ServiceUnavailableException({ status: 'failing', reason: verdict.reason });
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(): Promise<{ status: 'ready' }> {
    if (this.requests.draining) throw new ServiceUnavailableException({ status: 'unavailable', reason: 'shutting down' });
    const verdict = await this.database.readiness();
    if (!verdict.ok) throw new ServiceUnavailableException({ status: 'unavailable', reason: verdict.reason });
    return { status: 'ready' };
  }
}
