import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BranchesModule } from '../branches/branches.module';
import { ManagersModule } from '../managers/managers.module';
import { ProductsModule } from '../products/products.module';
import { CorporateClientEntity } from './corporate-client.entity';
import { CorporateClientsResolver } from './corporate-clients.resolver';
import { CorporateClientsService } from './corporate-clients.service';
import { CorporateClientsRepository } from './corporate-clients.repository';

@Module({
  imports: [TypeOrmModule.forFeature([CorporateClientEntity]), BranchesModule, ManagersModule, ProductsModule],
  providers: [CorporateClientsService, CorporateClientsRepository, CorporateClientsResolver],
  exports: [CorporateClientsService],
})
export class CorporateClientsModule {}
