import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddStalePersonsIndex1795440568318 implements MigrationInterface {
  name = 'AddStalePersonsIndex1795440568318';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE INDEX \"IDX_persons_opportunities_stale\" ON \"persons\"  (\"opportunities_stale_since\") WHERE \"opportunities_stale_since\" IS NOT NULL");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"public\".\"IDX_persons_opportunities_stale\"");
  }
}
