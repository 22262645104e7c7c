import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which EPR owns a patient's demographics and which placed her on her ward (docs/integration.md, "Who may change
 * what"). Patients already known are owned by the first source that identified them.
 */
export class PatientOwnership1795615000000 implements MigrationInterface {
  name = 'PatientOwnership1795615000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "patient" ADD "registered_by" character varying(256)`);
    await queryRunner.query(`ALTER TABLE "patient" ADD "location_source" character varying(256)`);
    await queryRunner.query(
      `UPDATE "patient" p SET "registered_by" = (SELECT min(i."source_system") FROM "patient_identity" i WHERE i."patient_id" = p."id")`,
    );
    await queryRunner.query(
      `UPDATE "patient" SET "location_source" = "registered_by" WHERE "ward_id" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "patient" DROP COLUMN "location_source"`);
    await queryRunner.query(`ALTER TABLE "patient" DROP COLUMN "registered_by"`);
  }
}
