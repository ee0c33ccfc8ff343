import { Body, Controller, Get, HttpCode, NotFoundException, Post } from '@nestjs/common';
import { DevSignInService, type DevSignInManager } from './dev-sign-in.service';

/**
 * The console's sign-in page outside production: the demo managers by role, and a development
 * token for the one chosen. Never registered when NODE_ENV is production (ConsoleModule).
 */
@Controller('console/dev')
export class DevSignInController {
  constructor(private readonly signIn: DevSignInService) {}

  @Get('managers')
  managers(): Promise<{ managers: DevSignInManager[] }> {
    return this.signIn.managers();
  }

  @Post('sign-in')
  @HttpCode(200)
  async token(@Body() body: unknown): Promise<{ token: string }> {
    const externalId = typeof (body as { externalId?: unknown })?.externalId === 'string' ? (body as { externalId: string }).externalId : '';
    const token = await this.signIn.tokenFor(externalId);
    if (!token) throw new NotFoundException({ message: 'no such manager, or tokens come from the identity provider' });
    return { token };
  }
}
