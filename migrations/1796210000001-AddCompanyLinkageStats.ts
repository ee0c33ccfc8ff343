import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Per-company linkage statistics kept by the refresh worker, so `linkageStats` reads one row. */
export class AddCompanyLinkageStats1796210000001 implements MigrationInterface {
  name = 'AddCompanyLinkageStats1796210000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "company_linkage_stats" ("corporate_client_id" uuid NOT NULL, "employees" integer NOT NULL, "payroll" integer NOT NULL, "payroll_with_card" integer NOT NULL, "penetration" jsonb NOT NULL, "open" integer NOT NULL, "accepted" integer NOT NULL, "declined" integer NOT NULL, "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_company_linkage_stats" PRIMARY KEY ("corporate_client_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "company_linkage_stats" ADD CONSTRAINT "FK_56279f2207d82f5ebd6ac51bf09" FOREIGN KEY ("corporate_client_id") REFERENCES "corporate_clients"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "company_linkage_stats"');
  }
}
