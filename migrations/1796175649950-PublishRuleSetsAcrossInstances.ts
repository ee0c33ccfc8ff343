import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rule sets published in the database: the latest publication is what every instance serves; the
 * latest rejection is what every instance reports; each instance's heartbeat says what it serves.
 */
export class PublishRuleSetsAcrossInstances1796175649950 implements MigrationInterface {
  name = 'PublishRuleSetsAcrossInstances1796175649950';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"rule_set_publications\" (\"id\" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, \"version\" character varying(64) NOT NULL, \"published_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"trigger\" character varying(16) NOT NULL, \"instance_id\" character varying(200) NOT NULL, CONSTRAINT \"CHK_rule_set_publications_trigger\" CHECK (\"trigger\" IN ('STARTUP', 'FILE_CHANGE', 'MANUAL')), CONSTRAINT \"PK_35025276e74aabcd059c21c75ce\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE TABLE \"rule_set_rejections\" (\"id\" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, \"attempted_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"trigger\" character varying(16) NOT NULL, \"instance_id\" character varying(200) NOT NULL, \"errors\" jsonb NOT NULL, CONSTRAINT \"CHK_rule_set_rejections_trigger\" CHECK (\"trigger\" IN ('STARTUP', 'FILE_CHANGE', 'MANUAL')), CONSTRAINT \"PK_9a953f3a9cbce0790f2f14ce420\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE TABLE \"service_instances\" (\"id\" character varying(200) NOT NULL, \"serving_version\" character varying(64), \"started_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"last_seen_at\" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT \"PK_e953014223dbd76e755016bb507\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("ALTER TABLE \"rule_set_publications\" ADD CONSTRAINT \"FK_2f6070ad2f29d53edc4930e092a\" FOREIGN KEY (\"version\") REFERENCES \"rule_set_versions\"(\"version\") ON DELETE RESTRICT ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"rule_set_publications\" DROP CONSTRAINT \"FK_2f6070ad2f29d53edc4930e092a\"");
    await queryRunner.query("DROP TABLE \"service_instances\"");
    await queryRunner.query("DROP TABLE \"rule_set_rejections\"");
    await queryRunner.query("DROP TABLE \"rule_set_publications\"");
  }
}
