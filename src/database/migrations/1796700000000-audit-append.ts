import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A transaction's audit events appended in one statement: the chain's lock, its newest hash, each event's link and
 * its row, all in PostgreSQL. The chain's lock is held until commit, so every client round trip after taking it
 * made every other writer of the chain wait (Beacon's own work is one chain: all assessments queued on it). Node
 * sends each event's canonical text split at its previous hash (audit-hash.ts, linkParts); the link is
 * sha256(prev || before || prev || after), the same hash `npm run audit:verify` recomputes. The tail is read by a
 * statement after the lock is granted, so it sees the previous holder's commit (see beacon_lock_audit_chain).
 */
export class AuditAppend1796700000000 implements MigrationInterface {
  name = 'AuditAppend1796700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION beacon_append_audit(chain_name text, genesis text, events jsonb) RETURNS void
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        prev text;
        link text;
        event jsonb;
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtextextended('audit-chain:' || chain_name, 0));
        prev := COALESCE((SELECT hash FROM audit_event WHERE chain = chain_name ORDER BY id DESC LIMIT 1), genesis);
        FOR event IN SELECT e.value FROM jsonb_array_elements(events) WITH ORDINALITY AS e(value, n) ORDER BY e.n LOOP
          link := encode(sha256(convert_to(prev || (event->>'before') || prev || (event->>'after'), 'UTF8')), 'hex');
          INSERT INTO audit_event (occurred_at, recorded_at, type, actor_type, actor_id, patient_id, alert_id,
            resource_id, ward_id, details, chain, prev_hash, hash)
          VALUES ((event->>'occurredAt')::timestamptz, (event->>'recordedAt')::timestamptz, event->>'type',
            event->>'actorType', event->>'actorId', (event->>'patientId')::uuid, (event->>'alertId')::uuid,
            (event->>'resourceId')::uuid, event->>'wardId', event->'details', chain_name, prev, link);
          prev := link;
        END LOOP;
      END
      $$`);
    await queryRunner.query(`DROP FUNCTION beacon_lock_audit_chain(text)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION beacon_lock_audit_chain(chain_name text) RETURNS text
      LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtextextended('audit-chain:' || chain_name, 0));
        RETURN (SELECT hash FROM audit_event WHERE chain = chain_name ORDER BY id DESC LIMIT 1);
      END
      $$`);
    await queryRunner.query(`DROP FUNCTION beacon_append_audit(text, text, jsonb)`);
  }
}
