import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Chart sign-offs: the governance record live mode checks each chart's content hash against, with the signed content. */
export class ChartSignOff1795700000000 implements MigrationInterface {
  name = 'ChartSignOff1795700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "chart_sign_off" ("id" BIGSERIAL NOT NULL, "chart_id" character varying(32) NOT NULL, "chart_version" character varying(64) NOT NULL, "content_sha256" character(64) NOT NULL, "source_sha256" character(64) NOT NULL, "signed_by" character varying(200) NOT NULL, "role" character varying(200) NOT NULL, "signed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "file" character varying(500) NOT NULL, "cases_sha256" character(64) NOT NULL, "cases_passed" integer NOT NULL, "content" jsonb NOT NULL, CONSTRAINT "PK_chart_sign_off" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_chart_sign_off_chart" ON "chart_sign_off" ("chart_id", "chart_version") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_chart_sign_off_chart"`);
    await queryRunner.query(`DROP TABLE "chart_sign_off"`);
  }
}
