import { type DynamicModule, Module } from '@nestjs/common';
import { DevSignInController } from './dev-sign-in.controller';
import { DevSignInRepository } from './dev-sign-in.repository';
import { DevSignInService } from './dev-sign-in.service';

/**
 * The relationship managers' console: its static files are served at / (configureHttp), and
 * outside production this module adds the development sign-in (demo managers by role, a token for
 * the one chosen). In production the module is empty: the routes do not exist.
 */
@Module({})
export class ConsoleModule {
  static forRoot(options: { production: boolean }): DynamicModule {
    if (options.production) return { module: ConsoleModule };
    return { module: ConsoleModule, controllers: [DevSignInController], providers: [DevSignInService, DevSignInRepository] };
  }
}
