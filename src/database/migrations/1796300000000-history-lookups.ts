import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Lookups that stay small however long a stay is. A patient's latest reading of one parameter (a value carried
 * forward into a set, a pathway's CO reading or gestation) is found at the end of her readings of that parameter, not
 * by walking every reading she has had. Her open alerts are found through her own alerts: the unique index covers
 * only open alerts, which a statement prepared once cannot prove for states passed as a value, so such a plan read
 * the whole alert table.
 */
export class HistoryLookups1796300000000 implements MigrationInterface {
  name = 'HistoryLookups1796300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IX_reading_patient_field_time" ON "reading" ("patient_id", "field", "effective_at", "id") WHERE "is_current"`,
    );
    await queryRunner.query(`CREATE INDEX "IX_alert_patient" ON "alert" ("patient_id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IX_alert_patient"`);
    await queryRunner.query(`DROP INDEX "public"."IX_reading_patient_field_time"`);
  }
}
