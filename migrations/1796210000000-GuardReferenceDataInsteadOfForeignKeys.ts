import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Opportunities stop checking their product and rule set version by foreign key: each check was an
 * index lookup per written row (about a third of what PostgreSQL spends writing a refresh), for
 * reference data that never changes under them. Products are the seeded catalogue (rules name them
 * by code, validated when a rule set loads; the refresh takes the ids from the table itself), and a
 * rule set version is an immutable hash that is recorded before it can be published or served.
 *
 * What the foreign keys' ON DELETE RESTRICT gave is kept by a deletion guard: deleting a product or
 * a rule set version that an opportunity references, or changing its key, is refused with the same
 * SQL state (23503, foreign_key_violation). The person and company foreign keys stay (they cascade
 * erasure).
 */
export class GuardReferenceDataInsteadOfForeignKeys1796210000000 implements MigrationInterface {
  name = 'GuardReferenceDataInsteadOfForeignKeys1796210000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "opportunities" DROP CONSTRAINT "FK_cc31cb849bd7c6349641e26c11d"');
    await queryRunner.query('ALTER TABLE "opportunities" DROP CONSTRAINT "FK_8ea8c52cea3e978dafba2760970"');
    await queryRunner.query(`
      CREATE FUNCTION "refuse_referenced_product_removal"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM opportunities WHERE product_id = OLD.id) THEN
          RAISE EXCEPTION 'product % is referenced by opportunities', OLD.code USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION "refuse_referenced_rule_set_version_removal"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM opportunities WHERE rule_set_version = OLD.version) THEN
          RAISE EXCEPTION 'rule set version % is referenced by opportunities', OLD.version USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER "TRG_products_referenced" BEFORE DELETE OR UPDATE OF "id" ON "products"
      FOR EACH ROW EXECUTE FUNCTION "refuse_referenced_product_removal"()`);
    await queryRunner.query(`CREATE TRIGGER "TRG_rule_set_versions_referenced" BEFORE DELETE OR UPDATE OF "version" ON "rule_set_versions"
      FOR EACH ROW EXECUTE FUNCTION "refuse_referenced_rule_set_version_removal"()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER "TRG_rule_set_versions_referenced" ON "rule_set_versions"');
    await queryRunner.query('DROP TRIGGER "TRG_products_referenced" ON "products"');
    await queryRunner.query('DROP FUNCTION "refuse_referenced_rule_set_version_removal"()');
    await queryRunner.query('DROP FUNCTION "refuse_referenced_product_removal"()');
    await queryRunner.query(
      'ALTER TABLE "opportunities" ADD CONSTRAINT "FK_8ea8c52cea3e978dafba2760970" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "opportunities" ADD CONSTRAINT "FK_cc31cb849bd7c6349641e26c11d" FOREIGN KEY ("rule_set_version") REFERENCES "rule_set_versions"("version") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
  }
}
