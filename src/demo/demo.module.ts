import { Module } from '@nestjs/common';
import { OpportunitiesModule } from '../opportunities/opportunities.module';
import { DemoBankService } from './demo-bank.service';

@Module({ imports: [OpportunitiesModule], providers: [DemoBankService], exports: [DemoBankService] })
export class DemoModule {}
