import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Engine-level guards as catalogue data: age limits per product (null: the decision policy's default
 * for the category), and suitability for products without a risk level (private banking needs a
 * valid assessment and at least C3).
 */
export class AddProductGuards1796180000000 implements MigrationInterface {
  name = 'AddProductGuards1796180000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "products" ADD "min_age" smallint');
    await queryRunner.query('ALTER TABLE "products" ADD "max_age" smallint');
    await queryRunner.query('ALTER TABLE "products" ADD "requires_suitability" boolean NOT NULL DEFAULT false');
    await queryRunner.query('ALTER TABLE "products" ADD "min_risk_tolerance" character varying(2)');
    await queryRunner.query(`ALTER TABLE "products" ADD CONSTRAINT "CHK_products_min_risk_tolerance" CHECK ("min_risk_tolerance" IN ('C1', 'C2', 'C3', 'C4', 'C5'))`);
    await queryRunner.query('ALTER TABLE "products" ADD CONSTRAINT "CHK_products_age_range" CHECK ("min_age" IS NULL OR "max_age" IS NULL OR "min_age" <= "max_age")');
    await queryRunner.query(`UPDATE "products" SET "requires_suitability" = true, "min_risk_tolerance" = 'C3' WHERE "code" = 'PRIVATE_BANKING'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "products" DROP CONSTRAINT "CHK_products_age_range"');
    await queryRunner.query('ALTER TABLE "products" DROP CONSTRAINT "CHK_products_min_risk_tolerance"');
    await queryRunner.query('ALTER TABLE "products" DROP COLUMN "min_risk_tolerance"');
    await queryRunner.query('ALTER TABLE "products" DROP COLUMN "requires_suitability"');
    await queryRunner.query('ALTER TABLE "products" DROP COLUMN "max_age"');
    await queryRunner.query('ALTER TABLE "products" DROP COLUMN "min_age"');
  }
}
