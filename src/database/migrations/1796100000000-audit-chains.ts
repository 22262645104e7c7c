import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail becomes one hash chain per source (each EPR client, the system's own work, staff, the upstream
 * server) instead of one for everything: a writer holds only its own chain's lock until it commits, so EPRs and the
 * worker no longer queue behind each other's commits. Events written before this migration stay in chain "main".
 */
export class AuditChains1796100000000 implements MigrationInterface {
  name = 'AuditChains1796100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "audit_event" ADD "chain" character varying(300) NOT NULL DEFAULT 'main'`,
    );
    await queryRunner.query(`CREATE INDEX "IX_audit_event_chain" ON "audit_event" ("chain", "id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IX_audit_event_chain"`);
    await queryRunner.query(`ALTER TABLE "audit_event" DROP COLUMN "chain"`);
  }
}
