import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency keys belong to the manager who sends them: one manager's key never collides with
 * another's. Unique on (manager, key) instead of the key alone.
 */
export class IdempotencyKeysPerManager1796176000000 implements MigrationInterface {
  name = 'IdempotencyKeysPerManager1796176000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "opportunity_outcomes" DROP CONSTRAINT "UQ_bdaf58bef0d767dc20e6c707e68"');
    await queryRunner.query('ALTER TABLE "opportunity_outcomes" ADD CONSTRAINT "UQ_opportunity_outcomes_manager_key" UNIQUE ("manager_id", "idempotency_key")');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "opportunity_outcomes" DROP CONSTRAINT "UQ_opportunity_outcomes_manager_key"');
    await queryRunner.query('ALTER TABLE "opportunity_outcomes" ADD CONSTRAINT "UQ_bdaf58bef0d767dc20e6c707e68" UNIQUE ("idempotency_key")');
  }
}
