import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Pathway prompts are alerts with a prompt code and a due time; one open prompt per patient and code. */
export class PathwayPrompts1795500000000 implements MigrationInterface {
  name = 'PathwayPrompts1795500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "alert" ADD "prompt_code" character varying(64) NOT NULL DEFAULT ''`,
    );
    await queryRunner.query(`ALTER TABLE "alert" ADD "due_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`DROP INDEX "public"."UQ_alert_open_per_patient_kind"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_alert_open_per_patient_kind" ON "alert" ("patient_id", "kind", "prompt_code") WHERE "state" IN ('raised', 'acknowledged', 'attending') AND "patient_id" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "alert" WHERE "kind" = 'prompt'`);
    await queryRunner.query(`DROP INDEX "public"."UQ_alert_open_per_patient_kind"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_alert_open_per_patient_kind" ON "alert" ("patient_id", "kind") WHERE "state" IN ('raised', 'acknowledged', 'attending') AND "patient_id" IS NOT NULL`,
    );
    await queryRunner.query(`ALTER TABLE "alert" DROP COLUMN "due_at"`);
    await queryRunner.query(`ALTER TABLE "alert" DROP COLUMN "prompt_code"`);
  }
}
