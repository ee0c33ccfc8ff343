import { Module } from '@nestjs/common';
import { DemoBankService } from './demo-bank.service';

@Module({ providers: [DemoBankService], exports: [DemoBankService] })
export class DemoModule {}
