import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { SPARSE_READING_FIELDS, fieldLiterals } from './sparse-reading-fields';

/** One normalised reading (canonical unit) from one version of one Observation. */
@Entity({ name: 'reading' })
@Index('IX_reading_patient_time', ['patientId', 'effectiveAt'], { where: '"is_current"' })
// Only the sparse fields looked up by patient (SPARSE_READING_FIELDS): a partial index costs nothing for the vital
// signs written (and updated) with every set. test/e2e/history-lookups checks it serves each.
@Index('IX_reading_sparse_fields', ['patientId', 'field', 'effectiveAt', 'id'], {
  where: `"is_current" AND "field" IN (${fieldLiterals(SPARSE_READING_FIELDS)})`,
})
@Index('IX_reading_resource', ['resourceId'])
@Index('IX_reading_set', ['setId'], { where: '"set_id" IS NOT NULL' })
@Index('IX_reading_assessment_pending', ['patientId', 'recordedAt'], { where: '"assessment_pending"' })
export class ReadingEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'PK_reading' })
  id!: string;

  @Column({ name: 'patient_id', type: 'uuid' })
  patientId!: string;

  @Column({ name: 'resource_id', type: 'uuid' })
  resourceId!: string;

  @Column({ type: 'varchar', length: 48 })
  field!: string;

  @Column({ type: 'jsonb' })
  value!: number | string | boolean;

  @Column({ type: 'varchar', length: 16, nullable: true })
  unit!: string | null;

  @Column({ name: 'effective_at', type: 'timestamp with time zone' })
  effectiveAt!: Date;

  /** 'instant', or 'day' when the source gave only a date (such readings are stored, never scored). */
  @Column({ name: 'effective_precision', type: 'varchar', length: 8, default: 'instant' })
  effectivePrecision!: string;

  /** 'scored' or 'stored-only' (preliminary and similar). */
  @Column({ type: 'varchar', length: 16 })
  status!: string;

  /** False once the Observation version it came from is superseded or retracted. */
  @Column({ name: 'is_current', type: 'boolean', default: true })
  isCurrent!: boolean;

  /** The logical key of the panel (hasMember) the reading was recorded in, if any. */
  @Column({ name: 'panel_key', type: 'text', nullable: true })
  panelKey!: string | null;

  @Column({ name: 'recorded_at', type: 'timestamp with time zone', default: () => 'now()' })
  recordedAt!: Date;

  /** The observation set the reading belongs to (one set only); null until the assessment places it. */
  @Column({ name: 'set_id', type: 'uuid', nullable: true })
  setId!: string | null;

  /** Waiting for the assessment: a new scorable reading, or a scored one that was superseded or retracted. */
  @Column({ name: 'assessment_pending', type: 'boolean', default: false })
  assessmentPending!: boolean;
}
