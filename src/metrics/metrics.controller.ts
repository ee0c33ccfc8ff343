import { Controller, Get, Req, Res } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppConfig } from '../config/app-config';
import { MetricsService } from './metrics.service';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * GET /metrics in Prometheus's text format: served only with METRICS_ENABLED, and with
 * METRICS_TOKEN set only to `Authorization: Bearer <METRICS_TOKEN>` (never a manager's token).
 */
@Controller()
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
  ) {}

  @Get('metrics')
  async scrape(@Req() req: IncomingMessage, @Res() res: ServerResponse): Promise<void> {
    const answer = (status: number, type: string, body: string) => {
      res.statusCode = status;
      res.setHeader('content-type', type);
      res.end(body);
    };
    if (!this.config.METRICS_ENABLED) return answer(404, 'text/plain; charset=utf-8', 'not found');
    const token = this.config.METRICS_TOKEN;
    if (token !== undefined && !sameSecret(req.headers.authorization ?? '', `Bearer ${token}`)) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      return answer(401, 'text/plain; charset=utf-8', 'the metrics token is required (Authorization: Bearer <METRICS_TOKEN>)');
    }
    answer(200, this.metrics.registry.contentType, await this.metrics.registry.metrics());
  }
}
