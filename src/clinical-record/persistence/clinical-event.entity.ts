import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A Condition, Procedure, MedicationAdministration, Encounter or EpisodeOfCare, in plain terms. */
@Entity({ name: 'clinical_event' })
@Index('IX_clinical_event_patient', ['patientId', 'occurredAt'], { where: '"is_current"' })
@Index('IX_clinical_event_resource', ['resourceId'])
export class ClinicalEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'PK_clinical_event' })
  id!: string;

  @Column({ name: 'patient_id', type: 'uuid' })
  patientId!: string;

  @Column({ name: 'resource_id', type: 'uuid' })
  resourceId!: string;

  @Column({ type: 'varchar', length: 32 })
  kind!: string;

  /** "system|code" of every coding. */
  @Column({ type: 'text', array: true })
  codes!: string[];

  @Column({ type: 'text', nullable: true })
  display!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  status!: string | null;

  @Column({ name: 'occurred_at', type: 'timestamp with time zone', nullable: true })
  occurredAt!: Date | null;

  @Column({ name: 'ended_at', type: 'timestamp with time zone', nullable: true })
  endedAt!: Date | null;

  @Column({ type: 'jsonb' })
  details!: object;

  @Column({ name: 'is_current', type: 'boolean', default: true })
  isCurrent!: boolean;
}
