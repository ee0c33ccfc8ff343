import { Module } from '@nestjs/common';
import { BatchUpsertService } from './batch-upsert.service';
import { CsvImportService } from './csv-import.service';

/** The set-based write path for many records: the CSV feed and the batch mutations. */
@Module({
  providers: [BatchUpsertService, CsvImportService],
  exports: [BatchUpsertService, CsvImportService],
})
export class IngestionModule {}
