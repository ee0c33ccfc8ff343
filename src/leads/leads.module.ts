import { Module } from '@nestjs/common';
import { OpportunitiesModule } from '../opportunities/opportunities.module';
import { LeadsResolver } from './leads.resolver';
import { LeadsService } from './leads.service';
import { LeadCacheInvalidation } from './lead-cache-invalidation';
import { LeadsRepository } from './leads.repository';

@Module({ imports: [OpportunitiesModule], providers: [LeadsRepository, LeadsService, LeadsResolver, LeadCacheInvalidation] })
export class LeadsModule {}
