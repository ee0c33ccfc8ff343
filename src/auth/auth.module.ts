import { Global, Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessService } from './access.service';
import { AuthMiddleware } from './auth.middleware';
import { AuthService } from './auth.service';
import { RateLimitService } from './rate-limit.service';
import { RolesGuard } from './roles.guard';

/** Authentication (bearer tokens in front of /graphql), the role guard, and scope checks for services. */
@Global()
@Module({
  providers: [AuthService, AccessService, RateLimitService, AuthMiddleware, { provide: APP_GUARD, useClass: RolesGuard }],
  exports: [AuthService, AccessService],
})
export class AuthModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(AuthMiddleware).forRoutes({ path: 'graphql', method: RequestMethod.ALL });
  }
}
