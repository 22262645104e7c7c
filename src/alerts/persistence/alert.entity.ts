import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An alert and where it stands. Its history is in the audit trail (alert_id). A patient never has two open alerts
 * of one kind (for prompts: of one kind and prompt code): the partial unique index below enforces it.
 */
@Entity({ name: 'alert' })
@Index('UQ_alert_open_per_patient_kind', ['patientId', 'kind', 'promptCode'], {
  unique: true,
  where: `"state" IN ('raised', 'acknowledged', 'attending') AND "patient_id" IS NOT NULL`,
})
@Index('IX_alert_ward_state', ['wardId', 'state'])
@Index('IX_alert_patient', ['patientId'])
@Index('IX_alert_next_escalation', ['nextEscalationAt'], { where: `"state" = 'raised'` })
export class AlertEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_alert' })
  id!: string;

  @Column({ name: 'patient_id', type: 'uuid', nullable: true })
  patientId!: string | null;

  @Column({ name: 'ward_id', type: 'varchar', length: 64, nullable: true })
  wardId!: string | null;

  @Column({ type: 'varchar', length: 24 })
  kind!: string;

  /** A prompt's pathway and code (`preterm/magnesium-sulphate`); '' for every other kind. */
  @Column({ name: 'prompt_code', type: 'varchar', length: 64, default: '' })
  promptCode!: string;

  /** A prompt's deadline, when it has one (its window closes then and it is recorded as missed). */
  @Column({ name: 'due_at', type: 'timestamp with time zone', nullable: true })
  dueAt!: Date | null;

  @Column({ type: 'varchar', length: 16 })
  state!: string;

  @Column({ type: 'varchar', length: 32 })
  level!: string;

  /** Lower is more urgent. */
  @Column({ type: 'integer' })
  severity!: number;

  @Column({ name: 'clinical_risk', type: 'varchar', length: 16, nullable: true })
  clinicalRisk!: string | null;

  @Column({ name: 'chart_id', type: 'varchar', length: 16, nullable: true })
  chartId!: string | null;

  @Column({ name: 'chart_version', type: 'varchar', length: 32, nullable: true })
  chartVersion!: string | null;

  /** The observation set that raised or last updated it. */
  @Column({ name: 'set_id', type: 'uuid', nullable: true })
  setId!: string | null;

  @Column({ type: 'text' })
  title!: string;

  /** Who should respond and how fast, copied from the chart's response when raised or updated. */
  @Column({ type: 'jsonb' })
  detail!: object;

  @Column({ type: 'boolean', default: false })
  improved!: boolean;

  @Column({ name: 'escalation_step', type: 'integer', default: 0 })
  escalationStep!: number;

  @Column({ name: 'raised_at', type: 'timestamp with time zone' })
  raisedAt!: Date;

  @Column({ name: 'next_escalation_at', type: 'timestamp with time zone', nullable: true })
  nextEscalationAt!: Date | null;

  @Column({ name: 'acknowledged_at', type: 'timestamp with time zone', nullable: true })
  acknowledgedAt!: Date | null;

  @Column({ name: 'acknowledged_by', type: 'varchar', length: 256, nullable: true })
  acknowledgedBy!: string | null;

  @Column({ name: 'acknowledged_device', type: 'varchar', length: 128, nullable: true })
  acknowledgedDevice!: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  response!: string | null;

  @Column({ name: 'response_reason', type: 'varchar', length: 32, nullable: true })
  responseReason!: string | null;

  @Column({ name: 'responded_at', type: 'timestamp with time zone', nullable: true })
  respondedAt!: Date | null;

  @Column({ name: 'responded_by', type: 'varchar', length: 256, nullable: true })
  respondedBy!: string | null;

  @Column({ name: 'closed_at', type: 'timestamp with time zone', nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'closed_reason', type: 'text', nullable: true })
  closedReason!: string | null;

  @Column({ name: 'updated_at', type: 'timestamp with time zone' })
  updatedAt!: Date;
}
