import { Module } from '@nestjs/common';
import { OpportunitiesModule } from '../opportunities/opportunities.module';
import { LeadsResolver } from './leads.resolver';
import { LeadsService } from './leads.service';

@Module({ imports: [OpportunitiesModule], providers: [LeadsService, LeadsResolver] })
export class LeadsModule {}
