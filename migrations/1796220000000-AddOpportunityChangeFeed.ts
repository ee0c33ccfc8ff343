import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The opportunity change feed: every creation, rescoring, expiry and status change of an
 * opportunity, written by statement-level triggers in the writer's own transaction (the refresh,
 * an outcome: every path, set-based through transition tables). Each row carries the id of the
 * transaction that wrote it; readers order by (xid, seq) and read only below the oldest transaction
 * still running, so a row can never appear behind a cursor a reader has already passed.
 */
export class AddOpportunityChangeFeed1796220000000 implements MigrationInterface {
  name = 'AddOpportunityChangeFeed1796220000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "opportunity_changes" (
      "seq" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
      "xid" xid8 NOT NULL DEFAULT pg_current_xact_id(),
      "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "opportunity_id" uuid NOT NULL,
      "kind" character varying(16) NOT NULL,
      "status" character varying(12) NOT NULL,
      "previous_status" character varying(12),
      "score" numeric(18,4) NOT NULL,
      "rule_id" character varying(100) NOT NULL,
      "party_type" character varying(8) NOT NULL,
      "party_id" uuid NOT NULL,
      "product_id" uuid NOT NULL,
      CONSTRAINT "CHK_opportunity_changes_kind" CHECK ("kind" IN ('CREATED', 'RESCORED', 'EXPIRED', 'STATUS_CHANGED')),
      CONSTRAINT "PK_opportunity_changes" PRIMARY KEY ("seq"))`);
    await queryRunner.query(`CREATE INDEX "IDX_opportunity_changes_order" ON "opportunity_changes" ("xid", "seq")`);
    await queryRunner.query(`CREATE FUNCTION opportunity_changes_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO opportunity_changes (opportunity_id, kind, status, score, rule_id, party_type, party_id, product_id)
        SELECT n.id, 'CREATED', n.status, n.score, n.rule_id, n.party_type, n.party_id, n.product_id FROM new_rows n ORDER BY n.id;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE FUNCTION opportunity_changes_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO opportunity_changes (opportunity_id, kind, status, previous_status, score, rule_id, party_type, party_id, product_id)
        SELECT n.id,
               CASE WHEN n.status IS DISTINCT FROM o.status THEN (CASE WHEN n.status = 'EXPIRED' THEN 'EXPIRED' ELSE 'STATUS_CHANGED' END) ELSE 'RESCORED' END,
               n.status, o.status, n.score, n.rule_id, n.party_type, n.party_id, n.product_id
          FROM new_rows n JOIN old_rows o ON o.id = n.id
         WHERE n.status IS DISTINCT FROM o.status OR n.score IS DISTINCT FROM o.score OR n.rule_id IS DISTINCT FROM o.rule_id
         ORDER BY n.id;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER "opportunity_changes_insert" AFTER INSERT ON "opportunities" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION opportunity_changes_on_insert()`);
    await queryRunner.query(`CREATE TRIGGER "opportunity_changes_update" AFTER UPDATE ON "opportunities" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION opportunity_changes_on_update()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "opportunity_changes_update" ON "opportunities"`);
    await queryRunner.query(`DROP TRIGGER "opportunity_changes_insert" ON "opportunities"`);
    await queryRunner.query(`DROP FUNCTION opportunity_changes_on_update()`);
    await queryRunner.query(`DROP FUNCTION opportunity_changes_on_insert()`);
    await queryRunner.query(`DROP TABLE "opportunity_changes"`);
  }
}
