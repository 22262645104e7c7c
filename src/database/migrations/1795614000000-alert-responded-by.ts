import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Who responded to an alert (attending, escalating, not required), so every screen can show who is attending. */
export class AlertRespondedBy1795614000000 implements MigrationInterface {
  name = 'AlertRespondedBy1795614000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "alert" ADD "responded_by" character varying(256)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "alert" DROP COLUMN "responded_by"`);
  }
}
