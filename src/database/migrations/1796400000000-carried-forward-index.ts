import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The index for a patient's latest reading of a parameter covers only the parameters carried forward into a set
 * (CARRIED_FORWARD: the SpO2 scale), not every reading: each of the six or seven vital signs of every set is
 * inserted, then updated when it is placed in its set, and every index on `reading` is written both times. The
 * lookup names the field as a literal, so PostgreSQL can use this partial index.
 */
export class CarriedForwardIndex1796400000000 implements MigrationInterface {
  name = 'CarriedForwardIndex1796400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IX_reading_patient_field_time"`);
    await queryRunner.query(
      `CREATE INDEX "IX_reading_carried_forward" ON "reading" ("patient_id", "field", "effective_at", "id") WHERE "is_current" AND "field" IN ('spo2Scale')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IX_reading_carried_forward"`);
    await queryRunner.query(
      `CREATE INDEX "IX_reading_patient_field_time" ON "reading" ("patient_id", "field", "effective_at", "id") WHERE "is_current"`,
    );
  }
}
