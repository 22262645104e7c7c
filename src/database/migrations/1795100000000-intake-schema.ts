import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Intake: resources as received, patients, readings, clinical events, the outbox, the audit trail (append-only:
 * a trigger refuses UPDATE, DELETE and TRUNCATE even for the table's owner), used client assertions and the
 * upstream catch-up cursors.
 */
export class IntakeSchema1795100000000 implements MigrationInterface {
  name = 'IntakeSchema1795100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_event" ("id" BIGSERIAL NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL, "type" character varying(64) NOT NULL, "actor_type" character varying(16) NOT NULL, "actor_id" character varying(256) NOT NULL, "patient_id" uuid, "alert_id" uuid, "resource_id" uuid, "ward_id" character varying(64), "details" jsonb NOT NULL, "prev_hash" character(64) NOT NULL, "hash" character(64) NOT NULL, CONSTRAINT "PK_audit_event" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IX_audit_event_occurred" ON "audit_event"  ("occurred_at") `);
    await queryRunner.query(`CREATE INDEX "IX_audit_event_alert" ON "audit_event"  ("alert_id", "id") `);
    await queryRunner.query(`CREATE INDEX "IX_audit_event_patient" ON "audit_event"  ("patient_id", "id") `);
    await queryRunner.query(
      `CREATE TABLE "used_client_assertion" ("key" character varying(512) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_used_client_assertion" PRIMARY KEY ("key"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IX_used_client_assertion_expiry" ON "used_client_assertion"  ("expires_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "clinical_event" ("id" BIGSERIAL NOT NULL, "patient_id" uuid NOT NULL, "resource_id" uuid NOT NULL, "kind" character varying(32) NOT NULL, "codes" text array NOT NULL, "display" text, "status" character varying(32), "occurred_at" TIMESTAMP WITH TIME ZONE, "ended_at" TIMESTAMP WITH TIME ZONE, "details" jsonb NOT NULL, "is_current" boolean NOT NULL DEFAULT true, CONSTRAINT "PK_clinical_event" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IX_clinical_event_resource" ON "clinical_event"  ("resource_id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IX_clinical_event_patient" ON "clinical_event"  ("patient_id", "occurred_at") WHERE "is_current"`,
    );
    await queryRunner.query(
      `CREATE TABLE "patient_identity" ("source_system" character varying(256) NOT NULL, "source_id" character varying(64) NOT NULL, "patient_id" uuid NOT NULL, CONSTRAINT "PK_patient_identity" PRIMARY KEY ("source_system", "source_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IX_patient_identity_patient" ON "patient_identity"  ("patient_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "patient" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "nhs_number" character varying(10), "name" text, "birth_date" date, "birth_time" TIMESTAMP WITH TIME ZONE, "sex" character varying(16), "mother_patient_id" uuid, "mother_nhs_number" character varying(10), "ward_id" character varying(64), "bed" character varying(64), "location_since" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_patient" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IX_patient_mother_nhs_number" ON "patient"  ("mother_nhs_number") `,
    );
    await queryRunner.query(`CREATE INDEX "IX_patient_ward" ON "patient"  ("ward_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_patient_nhs_number" ON "patient"  ("nhs_number") WHERE "nhs_number" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE TABLE "reading" ("id" BIGSERIAL NOT NULL, "patient_id" uuid NOT NULL, "resource_id" uuid NOT NULL, "field" character varying(48) NOT NULL, "value" jsonb NOT NULL, "unit" character varying(16), "effective_at" TIMESTAMP WITH TIME ZONE NOT NULL, "effective_precision" character varying(8) NOT NULL DEFAULT 'instant', "status" character varying(16) NOT NULL, "is_current" boolean NOT NULL DEFAULT true, "panel_key" text, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_reading" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IX_reading_resource" ON "reading"  ("resource_id") `);
    await queryRunner.query(
      `CREATE INDEX "IX_reading_patient_time" ON "reading"  ("patient_id", "effective_at") WHERE "is_current"`,
    );
    await queryRunner.query(
      `CREATE TABLE "fhir_resource" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "logical_id" uuid NOT NULL, "version_number" integer NOT NULL, "resource_type" character varying(64) NOT NULL, "source_system" character varying(256) NOT NULL, "source_id" character varying(64), "source_version" character varying(64), "source_last_updated" TIMESTAMP WITH TIME ZONE, "logical_key" text NOT NULL, "version_key" text NOT NULL, "content_sha256" character(64) NOT NULL, "fhir_status" character varying(32), "is_current" boolean NOT NULL, "raw" jsonb NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "received_via" character varying(24) NOT NULL, "patient_id" uuid, CONSTRAINT "PK_fhir_resource" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IX_fhir_resource_patient" ON "fhir_resource"  ("patient_id") `);
    await queryRunner.query(`CREATE INDEX "IX_fhir_resource_logical_id" ON "fhir_resource"  ("logical_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_fhir_resource_current" ON "fhir_resource"  ("logical_key") WHERE "is_current"`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_fhir_resource_version" ON "fhir_resource"  ("logical_key", "version_key") `,
    );
    await queryRunner.query(
      `CREATE TABLE "upstream_cursor" ("upstream_url" character varying(512) NOT NULL, "resource_type" character varying(64) NOT NULL, "last_updated" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_upstream_cursor" PRIMARY KEY ("upstream_url", "resource_type"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "outbox" ("id" BIGSERIAL NOT NULL, "topic" character varying(64) NOT NULL, "payload" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "dispatched_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_outbox" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IX_outbox_pending" ON "outbox"  ("id") WHERE "dispatched_at" IS NULL`,
    );
    await queryRunner.query(`
      CREATE FUNCTION "audit_event_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "audit_event_no_update_delete" BEFORE UPDATE OR DELETE ON "audit_event" FOR EACH ROW EXECUTE FUNCTION "audit_event_append_only"()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "audit_event_no_truncate" BEFORE TRUNCATE ON "audit_event" FOR EACH STATEMENT EXECUTE FUNCTION "audit_event_append_only"()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "audit_event_no_truncate" ON "audit_event"`);
    await queryRunner.query(`DROP TRIGGER "audit_event_no_update_delete" ON "audit_event"`);
    await queryRunner.query(`DROP FUNCTION "audit_event_append_only"()`);
    await queryRunner.query(`DROP TABLE "outbox"`);
    await queryRunner.query(`DROP TABLE "upstream_cursor"`);
    await queryRunner.query(`DROP TABLE "fhir_resource"`);
    await queryRunner.query(`DROP TABLE "reading"`);
    await queryRunner.query(`DROP TABLE "patient"`);
    await queryRunner.query(`DROP TABLE "patient_identity"`);
    await queryRunner.query(`DROP TABLE "clinical_event"`);
    await queryRunner.query(`DROP TABLE "used_client_assertion"`);
    await queryRunner.query(`DROP TABLE "audit_event"`);
  }
}
