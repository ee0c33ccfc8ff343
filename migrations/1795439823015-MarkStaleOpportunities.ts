import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MarkStaleOpportunities1795439823015 implements MigrationInterface {
  name = 'MarkStaleOpportunities1795439823015';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"persons\" ADD \"opportunities_stale_since\" TIMESTAMP WITH TIME ZONE");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"persons\" DROP COLUMN \"opportunities_stale_since\"");
  }
}
