import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddLeadRankIndex1795440474270 implements MigrationInterface {
  name = 'AddLeadRankIndex1795440474270';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE INDEX \"IDX_opportunities_lead_rank\" ON \"opportunities\"  (\"via_corporate_client_id\", \"linkage\", \"score\", \"party_id\") WHERE \"status\" IN ('OPEN', 'CONTACTED')");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"public\".\"IDX_opportunities_lead_rank\"");
  }
}
