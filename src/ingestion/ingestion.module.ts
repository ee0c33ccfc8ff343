import { Module } from '@nestjs/common';
import { BatchMutationsService, BatchUpsertService } from './batch-upsert.service';
import { CsvImportService } from './csv-import.service';
import { IngestionResolver } from './ingestion.resolver';

/** The set-based write path for many records: the CSV feed and the batch mutations. */
@Module({
  providers: [BatchUpsertService, BatchMutationsService, CsvImportService, IngestionResolver],
  exports: [BatchUpsertService, CsvImportService],
})
export class IngestionModule {}
