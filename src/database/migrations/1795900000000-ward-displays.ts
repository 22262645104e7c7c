import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Paired ward displays (device authorization grant): their ward, who paired them, last contact, revocation. */
export class WardDisplays1795900000000 implements MigrationInterface {
  name = 'WardDisplays1795900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "ward_display" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "ward_id" character varying(64) NOT NULL,
      "name" character varying(120) NOT NULL,
      "paired_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "paired_by_id" character varying(200) NOT NULL,
      "paired_by_name" character varying(200) NOT NULL,
      "last_contact_at" TIMESTAMP WITH TIME ZONE,
      "session_key" character varying(200) NOT NULL,
      "revoked_at" TIMESTAMP WITH TIME ZONE,
      "revoked_by_id" character varying(200),
      CONSTRAINT "PK_ward_display" PRIMARY KEY ("id"))`);
    await queryRunner.query(
      `CREATE INDEX "IDX_ward_display_ward" ON "ward_display" ("ward_id", "paired_at")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "ward_display"`);
  }
}
