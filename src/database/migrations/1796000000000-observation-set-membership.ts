import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A reading belongs to exactly one observation set (reading.set_id), and a reading waiting for assessment is marked
 * (assessment_pending): the worker places and scores pending readings per patient, and a sweep in PostgreSQL finds
 * any left behind (a lost queue job), which is also how far behind scoring is.
 */
export class ObservationSetMembership1796000000000 implements MigrationInterface {
  name = 'ObservationSetMembership1796000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "reading" ADD "set_id" uuid`);
    await queryRunner.query(`ALTER TABLE "reading" ADD "assessment_pending" boolean NOT NULL DEFAULT false`);
    // Readings already scored keep the set they were scored in.
    await queryRunner.query(
      `UPDATE "reading" r SET "set_id" = s."id" FROM "observation_set" s, jsonb_array_elements(s."readings") e
       WHERE (e->>'readingId')::bigint = r."id" AND r."set_id" IS NULL`,
    );
    // Current scorable readings that were never in a set (a later reading of the same parameter displaced them) are
    // assessed again as sets of their own.
    await queryRunner.query(
      `UPDATE "reading" SET "assessment_pending" = true
       WHERE "set_id" IS NULL AND "is_current" AND "status" = 'scored' AND "effective_precision" = 'instant'`,
    );
    await queryRunner.query(
      `CREATE INDEX "IX_reading_set" ON "reading" ("set_id") WHERE "set_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IX_reading_assessment_pending" ON "reading" ("patient_id", "recorded_at") WHERE "assessment_pending"`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IX_reading_assessment_pending"`);
    await queryRunner.query(`DROP INDEX "public"."IX_reading_set"`);
    await queryRunner.query(`ALTER TABLE "reading" DROP COLUMN "assessment_pending"`);
    await queryRunner.query(`ALTER TABLE "reading" DROP COLUMN "set_id"`);
  }
}
