import { Global, Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessService } from './access.service';
import { AuthMiddleware } from './auth.middleware';
import { AuthService } from './auth.service';
import { RateLimitService } from './rate-limit.service';
import { RolesGuard } from './roles.guard';

/**
 * Authentication (bearer tokens in front of every route but the open ones, see OPEN_ROUTES), the
 * role guard, and scope checks for services.
 */
@Global()
@Module({
  providers: [AuthService, AccessService, RateLimitService, AuthMiddleware, { provide: APP_GUARD, useClass: RolesGuard }],
  exports: [AuthService, AccessService],
})
export class AuthModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // Every path: Express and Apollo answer variants of /graphql (sub-paths, case, trailing slash,
    // encoded letters), so the token is required everywhere and the few open routes are let through
    // by exact path inside the middleware.
    consumer.apply(AuthMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
