import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795000000000 implements MigrationInterface {
  name = 'InitialSchema1795000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "clinical_configuration" (
        "id" BIGSERIAL NOT NULL,
        "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "clinical_mode" character varying(8) NOT NULL,
        "charts" jsonb NOT NULL,
        "ward_config" jsonb NOT NULL,
        "sha256" character(64) NOT NULL,
        CONSTRAINT "PK_clinical_configuration" PRIMARY KEY ("id")
      )`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "clinical_configuration"`);
  }
}
