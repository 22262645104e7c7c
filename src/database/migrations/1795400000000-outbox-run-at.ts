import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Delayed outbox work (escalation and overdue timers). */
export class OutboxRunAt1795400000000 implements MigrationInterface {
  name = 'OutboxRunAt1795400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox" ADD "run_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox" DROP COLUMN "run_at"`);
  }
}
