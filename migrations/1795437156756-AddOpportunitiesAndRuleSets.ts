import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddOpportunitiesAndRuleSets1795437156756 implements MigrationInterface {
  name = 'AddOpportunitiesAndRuleSets1795437156756';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"rule_set_versions\" (\"version\" character varying(64) NOT NULL, \"files\" jsonb NOT NULL, \"rule_count\" integer NOT NULL, \"first_served_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"last_activated_at\" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT \"PK_4200d64a67f3c22999a933dfa0b\" PRIMARY KEY (\"version\"))");
    await queryRunner.query("CREATE TABLE \"opportunities\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"party_type\" character varying(8) NOT NULL, \"party_id\" uuid NOT NULL, \"person_id\" uuid, \"corporate_client_id\" uuid, \"linkage\" character varying(24) NOT NULL, \"via_corporate_client_id\" uuid NOT NULL, \"via_person_id\" uuid NOT NULL, \"via_role\" character varying(16) NOT NULL, \"product_id\" uuid NOT NULL, \"rule_id\" character varying(100) NOT NULL, \"rule_set_version\" character varying(64) NOT NULL, \"score\" numeric(18,4) NOT NULL, \"reasons\" jsonb NOT NULL, \"status\" character varying(12) NOT NULL DEFAULT 'OPEN', \"status_changed_at\" TIMESTAMP WITH TIME ZONE, \"expired_at\" TIMESTAMP WITH TIME ZONE, \"last_refreshed_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"row_version\" integer NOT NULL, CONSTRAINT \"CHK_opportunities_party\" CHECK ((\"party_type\" = 'PERSON' AND \"person_id\" IS NOT NULL) OR (\"party_type\" = 'COMPANY' AND \"corporate_client_id\" IS NOT NULL)), CONSTRAINT \"CHK_opportunities_via_role\" CHECK (\"via_role\" IN ('EMPLOYEE', 'EXECUTIVE', 'OWNER')), CONSTRAINT \"CHK_opportunities_linkage\" CHECK (\"linkage\" IN ('EMPLOYEE_PROSPECT', 'EXECUTIVE_LEAD', 'CORPORATE_LEAD')), CONSTRAINT \"CHK_opportunities_party_type\" CHECK (\"party_type\" IN ('PERSON', 'COMPANY')), CONSTRAINT \"CHK_opportunities_status\" CHECK (\"status\" IN ('OPEN', 'CONTACTED', 'ACCEPTED', 'DECLINED', 'EXPIRED')), CONSTRAINT \"PK_4bd9cd12ddc0ff48a5a97ddebce\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_a4cbc27983a6e8a5f8d95ca6a8\" ON \"opportunities\"  (\"party_id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_opportunities_via_client_status\" ON \"opportunities\"  (\"via_corporate_client_id\", \"status\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"UQ_opportunities_live_party_product\" ON \"opportunities\"  (\"party_id\", \"product_id\") WHERE \"status\" IN ('OPEN', 'CONTACTED')");
    await queryRunner.query("CREATE TABLE \"opportunity_outcomes\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"opportunity_id\" uuid NOT NULL, \"outcome\" character varying(12) NOT NULL, \"note\" character varying(2000), \"manager_id\" uuid, \"idempotency_key\" character varying(100) NOT NULL, \"recorded_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"UQ_bdaf58bef0d767dc20e6c707e68\" UNIQUE (\"idempotency_key\"), CONSTRAINT \"CHK_opportunity_outcomes_outcome\" CHECK (\"outcome\" IN ('CONTACTED', 'ACCEPTED', 'DECLINED')), CONSTRAINT \"PK_ed3277774591fefa63f0564806b\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_9b71a990f27898d5558e4d4f73\" ON \"opportunity_outcomes\"  (\"opportunity_id\") ");
    await queryRunner.query("ALTER TABLE \"opportunities\" ADD CONSTRAINT \"FK_08dca2db999686b6a734119a06e\" FOREIGN KEY (\"person_id\") REFERENCES \"persons\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"opportunities\" ADD CONSTRAINT \"FK_b502cb356222c024903b1cba1e1\" FOREIGN KEY (\"corporate_client_id\") REFERENCES \"corporate_clients\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"opportunities\" ADD CONSTRAINT \"FK_8ea8c52cea3e978dafba2760970\" FOREIGN KEY (\"product_id\") REFERENCES \"products\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"opportunities\" ADD CONSTRAINT \"FK_cc31cb849bd7c6349641e26c11d\" FOREIGN KEY (\"rule_set_version\") REFERENCES \"rule_set_versions\"(\"version\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"opportunity_outcomes\" ADD CONSTRAINT \"FK_9b71a990f27898d5558e4d4f735\" FOREIGN KEY (\"opportunity_id\") REFERENCES \"opportunities\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"opportunity_outcomes\" ADD CONSTRAINT \"FK_b59fd8b955e4389345d825b6406\" FOREIGN KEY (\"manager_id\") REFERENCES \"managers\"(\"id\") ON DELETE SET NULL ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"opportunity_outcomes\" DROP CONSTRAINT \"FK_b59fd8b955e4389345d825b6406\"");
    await queryRunner.query("ALTER TABLE \"opportunity_outcomes\" DROP CONSTRAINT \"FK_9b71a990f27898d5558e4d4f735\"");
    await queryRunner.query("ALTER TABLE \"opportunities\" DROP CONSTRAINT \"FK_cc31cb849bd7c6349641e26c11d\"");
    await queryRunner.query("ALTER TABLE \"opportunities\" DROP CONSTRAINT \"FK_8ea8c52cea3e978dafba2760970\"");
    await queryRunner.query("ALTER TABLE \"opportunities\" DROP CONSTRAINT \"FK_b502cb356222c024903b1cba1e1\"");
    await queryRunner.query("ALTER TABLE \"opportunities\" DROP CONSTRAINT \"FK_08dca2db999686b6a734119a06e\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_9b71a990f27898d5558e4d4f73\"");
    await queryRunner.query("DROP TABLE \"opportunity_outcomes\"");
    await queryRunner.query("DROP INDEX \"public\".\"UQ_opportunities_live_party_product\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_opportunities_via_client_status\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_a4cbc27983a6e8a5f8d95ca6a8\"");
    await queryRunner.query("DROP TABLE \"opportunities\"");
    await queryRunner.query("DROP TABLE \"rule_set_versions\"");
  }
}
