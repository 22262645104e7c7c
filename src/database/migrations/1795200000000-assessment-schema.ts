import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Scored observation sets. */
export class AssessmentSchema1795200000000 implements MigrationInterface {
  name = 'AssessmentSchema1795200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "observation_set" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "patient_id" uuid NOT NULL, "set_key" text NOT NULL, "effective_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ward_id" character varying(64), "patient_group" character varying(16) NOT NULL, "group_assumed" boolean NOT NULL, "chart_id" character varying(16) NOT NULL, "chart_version" character varying(32) NOT NULL, "chart_verification" character varying(16) NOT NULL, "readings" jsonb NOT NULL, "result" jsonb NOT NULL, "total" integer NOT NULL, "clinical_risk" character varying(16) NOT NULL, "escalate" boolean NOT NULL, "response_level" character varying(32) NOT NULL, "complete" boolean NOT NULL, "is_current" boolean NOT NULL DEFAULT true, "times_scored" integer NOT NULL DEFAULT 1, "scored_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_observation_set" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IX_observation_set_patient_time" ON "observation_set" ("patient_id", "effective_at") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_observation_set_key" ON "observation_set" ("patient_id", "set_key") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "observation_set"`);
  }
}
