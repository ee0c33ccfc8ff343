import { Global, Module } from '@nestjs/common';
import { ChangesService } from './changes.service';

/** Change capture, used by every module that writes data opportunities depend on. */
@Global()
@Module({ providers: [ChangesService], exports: [ChangesService] })
export class ChangesModule {}
