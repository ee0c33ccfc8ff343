import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BranchesModule } from '../branches/branches.module';
import { CorporateClientsModule } from '../corporate-clients/corporate-clients.module';
import { ManagersModule } from '../managers/managers.module';
import { ProductsModule } from '../products/products.module';
import { EmploymentEntity } from './employment.entity';
import { EmploymentsResolver } from './employments.resolver';
import { PeopleResolver } from './people.resolver';
import { PeopleService } from './people.service';
import { PersonEntity } from './person.entity';

@Module({
  imports: [TypeOrmModule.forFeature([PersonEntity, EmploymentEntity]), BranchesModule, ManagersModule, ProductsModule, CorporateClientsModule],
  providers: [PeopleService, PeopleResolver, EmploymentsResolver],
  exports: [PeopleService],
})
export class PeopleModule {}
