import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The partial index of carried-forward fields grows to every sparse field looked up by patient
 * (SPARSE_READING_FIELDS): each assessment reads her gestations, and the pathways her context readings; through the
 * index of her current readings by time, both walked every reading of her stay.
 */
export class SparseFieldIndex1796600000000 implements MigrationInterface {
  name = 'SparseFieldIndex1796600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IX_reading_carried_forward"`);
    await queryRunner.query(
      `CREATE INDEX "IX_reading_sparse_fields" ON "reading" ("patient_id", "field", "effective_at", "id") WHERE "is_current" AND "field" IN ('spo2Scale', 'gestationalAgeDays', 'gestationalAgeAtBirthDays', 'birthWeightGrams', 'carbonMonoxidePpm', 'smokingStatus')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IX_reading_sparse_fields"`);
    await queryRunner.query(
      `CREATE INDEX "IX_reading_carried_forward" ON "reading" ("patient_id", "field", "effective_at", "id") WHERE "is_current" AND "field" IN ('spo2Scale')`,
    );
  }
}
