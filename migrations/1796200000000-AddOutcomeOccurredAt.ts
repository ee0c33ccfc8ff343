import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outcomes get a time of their own: when the call or the decision happened, which may be before it
 * was recorded (a call-centre log imported the next day). Existing outcomes happened when they were
 * recorded. Nullable, backfilled, then NOT NULL.
 */
export class AddOutcomeOccurredAt1796200000000 implements MigrationInterface {
  name = 'AddOutcomeOccurredAt1796200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "opportunity_outcomes" ADD "occurred_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('UPDATE "opportunity_outcomes" SET "occurred_at" = "recorded_at"');
    await queryRunner.query('ALTER TABLE "opportunity_outcomes" ALTER COLUMN "occurred_at" SET DEFAULT now()');
    await queryRunner.query('ALTER TABLE "opportunity_outcomes" ALTER COLUMN "occurred_at" SET NOT NULL');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "opportunity_outcomes" DROP COLUMN "occurred_at"');
  }
}
