import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The append-only, hash-chained audit trail. Each row stores the hash of the previous row of its chain; a trigger refuses UPDATE,
 * DELETE and TRUNCATE (migration AuditAppendOnly), and `npm run audit:verify` recomputes the chain.
 */
@Entity({ name: 'audit_event' })
@Index('IX_audit_event_patient', ['patientId', 'id'])
@Index('IX_audit_event_alert', ['alertId', 'id'])
@Index('IX_audit_event_occurred', ['occurredAt'])
@Index('IX_audit_event_chain', ['chain', 'id'])
export class AuditEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'PK_audit_event' })
  id!: string;

  /** When it happened (clinical or system time), as opposed to when it was written. */
  @Column({ name: 'occurred_at', type: 'timestamp with time zone' })
  occurredAt!: Date;

  @Column({ name: 'recorded_at', type: 'timestamp with time zone' })
  recordedAt!: Date;

  @Column({ type: 'varchar', length: 64 })
  type!: string;

  @Column({ name: 'actor_type', type: 'varchar', length: 16 })
  actorType!: string;

  @Column({ name: 'actor_id', type: 'varchar', length: 256 })
  actorId!: string;

  @Column({ name: 'patient_id', type: 'uuid', nullable: true })
  patientId!: string | null;

  @Column({ name: 'alert_id', type: 'uuid', nullable: true })
  alertId!: string | null;

  @Column({ name: 'resource_id', type: 'uuid', nullable: true })
  resourceId!: string | null;

  @Column({ name: 'ward_id', type: 'varchar', length: 64, nullable: true })
  wardId!: string | null;

  @Column({ type: 'jsonb' })
  details!: object;

  /** The chain the event is linked in: one per source (audit-log.ts, chainOf); "main" for events before chains. */
  @Column({ type: 'varchar', length: 300, default: 'main' })
  chain!: string;

  @Column({ name: 'prev_hash', type: 'char', length: 64 })
  prevHash!: string;

  @Column({ type: 'char', length: 64 })
  hash!: string;
}
