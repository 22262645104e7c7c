import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A chain's lock and its newest hash in one round trip: every clinical transaction appends to a chain, so two
 * statements there were two waits for the client while holding the chain's lock. The lookup is a separate statement
 * inside a VOLATILE function, which takes a fresh snapshot after the lock is granted, so it sees the events the
 * lock's previous holder committed (one SELECT with the lock inside would read with a snapshot from before it).
 */
export class AuditChainTail1796200000000 implements MigrationInterface {
  name = 'AuditChainTail1796200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION beacon_lock_audit_chain(chain_name text) RETURNS text
      LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtextextended('audit-chain:' || chain_name, 0));
        RETURN (SELECT hash FROM audit_event WHERE chain = chain_name ORDER BY id DESC LIMIT 1);
      END
      $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION beacon_lock_audit_chain(text)`);
  }
}
