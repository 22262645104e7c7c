import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The logical keys of a Bundle's resources locked and their stored versions read in one round trip. The read is a
 * separate statement inside a VOLATILE function, so it takes its snapshot after the locks are granted and sees the
 * version a concurrent delivery of the same resource committed while this one waited (one SELECT that locked and
 * read would read with a snapshot from before the wait): the same pattern as beacon_lock_audit_chain.
 */
export class ResourceVersionLock1796500000000 implements MigrationInterface {
  name = 'ResourceVersionLock1796500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION beacon_lock_resource_versions(keys text[]) RETURNS SETOF fhir_resource
      LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtextextended(key, 0)) FROM unnest(keys) WITH ORDINALITY AS k(key, n) ORDER BY n;
        RETURN QUERY SELECT * FROM fhir_resource WHERE logical_key = ANY(keys);
      END
      $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION beacon_lock_resource_versions(text[])`);
  }
}
