import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Change capture with change numbers instead of timestamps: a timestamp written by PostgreSQL
 * (microseconds) never equals one read back into JavaScript (milliseconds), so a stale mark
 * compared that way never cleared. Persons and companies carry the number of their latest change
 * not yet reflected in their opportunities (from one sequence), when the oldest such change was
 * recorded, and when their opportunities were last decided.
 */
export class AddChangeNumbers1795500000000 implements MigrationInterface {
  name = 'AddChangeNumbers1795500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE SEQUENCE "refresh_change_seq" AS bigint');
    for (const table of ['persons', 'corporate_clients']) {
      await queryRunner.query(`ALTER TABLE "${table}" ADD "refresh_change" bigint`);
      await queryRunner.query(`ALTER TABLE "${table}" ADD "refresh_change_at" TIMESTAMP WITH TIME ZONE`);
      await queryRunner.query(`ALTER TABLE "${table}" ADD "decided_at" TIMESTAMP WITH TIME ZONE`);
    }
    await queryRunner.query(
      `UPDATE "persons" SET "refresh_change" = nextval('refresh_change_seq'), "refresh_change_at" = "opportunities_stale_since" WHERE "opportunities_stale_since" IS NOT NULL`,
    );
    await queryRunner.query('DROP INDEX "public"."IDX_persons_opportunities_stale"');
    await queryRunner.query('ALTER TABLE "persons" DROP COLUMN "opportunities_stale_since"');
    await queryRunner.query(`CREATE INDEX "IDX_persons_refresh_change" ON "persons" ("refresh_change") WHERE "refresh_change" IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "IDX_corporate_clients_refresh_change" ON "corporate_clients" ("refresh_change") WHERE "refresh_change" IS NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."IDX_corporate_clients_refresh_change"');
    await queryRunner.query('DROP INDEX "public"."IDX_persons_refresh_change"');
    await queryRunner.query('ALTER TABLE "persons" ADD "opportunities_stale_since" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query(`UPDATE "persons" SET "opportunities_stale_since" = COALESCE("refresh_change_at", now()) WHERE "refresh_change" IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "IDX_persons_opportunities_stale" ON "persons" ("opportunities_stale_since") WHERE "opportunities_stale_since" IS NOT NULL`);
    for (const table of ['corporate_clients', 'persons']) {
      await queryRunner.query(`ALTER TABLE "${table}" DROP COLUMN "decided_at"`);
      await queryRunner.query(`ALTER TABLE "${table}" DROP COLUMN "refresh_change_at"`);
      await queryRunner.query(`ALTER TABLE "${table}" DROP COLUMN "refresh_change"`);
    }
    await queryRunner.query('DROP SEQUENCE "refresh_change_seq"');
  }
}
