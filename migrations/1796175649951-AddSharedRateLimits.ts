import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The per-manager rate limit counters shared by every instance (rate-limiter-flexible's PostgreSQL
 * store, in the layout it expects: key, points, expire in epoch milliseconds). Created here rather than
 * by the library at run time. UNLOGGED: counters of the current minute need no crash safety and
 * should not cost WAL; after a crash PostgreSQL empties the table and every limit starts afresh.
 */
export class AddSharedRateLimits1796175649951 implements MigrationInterface {
  name = 'AddSharedRateLimits1796175649951';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE UNLOGGED TABLE "rate_limits" ("key" character varying(255) NOT NULL, "points" integer NOT NULL DEFAULT 0, "expire" bigint, CONSTRAINT "PK_rate_limits" PRIMARY KEY ("key"))');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "rate_limits"');
  }
}
