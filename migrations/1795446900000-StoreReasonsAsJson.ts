import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Opportunity reasons as `json` (the text as written) instead of `jsonb`: they are written and read
 * whole, never searched, and the compact stored explanations (see src/opportunities/reason-storage.ts)
 * take 173 bytes a row as text against 311 as jsonb. Rewrites the table once.
 */
export class StoreReasonsAsJson1795446900000 implements MigrationInterface {
  name = 'StoreReasonsAsJson1795446900000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "opportunities" ALTER COLUMN "reasons" TYPE json USING "reasons"::json');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "opportunities" ALTER COLUMN "reasons" TYPE jsonb USING "reasons"::jsonb');
  }
}
