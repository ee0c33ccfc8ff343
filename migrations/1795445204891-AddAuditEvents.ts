import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AddAuditEvents1795445204891 implements MigrationInterface {
  name = 'AddAuditEvents1795445204891';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"audit_events\" (\"id\" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, \"occurred_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"manager_id\" uuid NOT NULL, \"manager_external_id\" character varying(64) NOT NULL, \"role\" character varying(20) NOT NULL, \"action\" character varying(30) NOT NULL, \"operation\" character varying(60) NOT NULL, \"scope\" jsonb NOT NULL, \"person_count\" integer, \"details\" jsonb, CONSTRAINT \"CHK_audit_events_action\" CHECK (\"action\" IN ('LEAD_LIST_VIEWED', 'OUTCOME_RECORDED', 'RULES_RELOADED')), CONSTRAINT \"PK_910f64d901a5c3e9878f0d4a407\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"IDX_4e139cc590fd5127ecc451472e\" ON \"audit_events\"  (\"occurred_at\") ");
    await queryRunner.query("CREATE INDEX \"IDX_audit_events_action\" ON \"audit_events\"  (\"action\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"IDX_audit_events_manager\" ON \"audit_events\"  (\"manager_external_id\", \"id\") ");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"public\".\"IDX_audit_events_manager\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_audit_events_action\"");
    await queryRunner.query("DROP INDEX \"public\".\"IDX_4e139cc590fd5127ecc451472e\"");
    await queryRunner.query("DROP TABLE \"audit_events\"");
  }
}
