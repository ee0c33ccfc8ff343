import { Module } from '@nestjs/common';
import { BranchesModule } from '../branches/branches.module';
import { CorporateClientsModule } from '../corporate-clients/corporate-clients.module';
import { ManagersModule } from '../managers/managers.module';
import { PeopleModule } from '../people/people.module';
import { ProductsModule } from '../products/products.module';
import { CsvImportService } from './csv-import.service';

@Module({
  imports: [BranchesModule, ManagersModule, CorporateClientsModule, PeopleModule, ProductsModule],
  providers: [CsvImportService],
  exports: [CsvImportService],
})
export class IngestionModule {}
