import { Module } from '@nestjs/common';
import { OpportunitiesModule } from '../opportunities/opportunities.module';
import { LeadsResolver } from './leads.resolver';
import { LeadsService } from './leads.service';
import { LeadCacheInvalidation } from './lead-cache-invalidation';

@Module({ imports: [OpportunitiesModule], providers: [LeadsService, LeadsResolver, LeadCacheInvalidation] })
export class LeadsModule {}
