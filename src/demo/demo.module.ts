import { Module } from '@nestjs/common';
import { RefreshModule } from '../refresh/refresh.module';
import { DemoBankService } from './demo-bank.service';

@Module({ imports: [RefreshModule], providers: [DemoBankService], exports: [DemoBankService] })
export class DemoModule {}
