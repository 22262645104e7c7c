import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Alerts: the escalation life cycle (history in audit_event). */
export class AlertsSchema1795300000000 implements MigrationInterface {
  name = 'AlertsSchema1795300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "alert" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "patient_id" uuid, "ward_id" character varying(64), "kind" character varying(24) NOT NULL, "state" character varying(16) NOT NULL, "level" character varying(32) NOT NULL, "severity" integer NOT NULL, "clinical_risk" character varying(16), "chart_id" character varying(16), "chart_version" character varying(32), "set_id" uuid, "title" text NOT NULL, "detail" jsonb NOT NULL, "improved" boolean NOT NULL DEFAULT false, "escalation_step" integer NOT NULL DEFAULT '0', "raised_at" TIMESTAMP WITH TIME ZONE NOT NULL, "next_escalation_at" TIMESTAMP WITH TIME ZONE, "acknowledged_at" TIMESTAMP WITH TIME ZONE, "acknowledged_by" character varying(256), "acknowledged_device" character varying(128), "response" character varying(16), "response_reason" character varying(32), "responded_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, "closed_reason" text, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_alert" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IX_alert_next_escalation" ON "alert" ("next_escalation_at") WHERE "state" = 'raised'`,
    );
    await queryRunner.query(`CREATE INDEX "IX_alert_ward_state" ON "alert" ("ward_id", "state") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_alert_open_per_patient_kind" ON "alert" ("patient_id", "kind") WHERE "state" IN ('raised', 'acknowledged', 'attending') AND "patient_id" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "alert"`);
  }
}
