import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ScoreResult } from '../../scoring';

/** A reading as a set records it. */
export interface SetReading {
  readonly field: string;
  readonly value: number | string | boolean;
  readonly readingId: string;
  readonly effectiveAt: string;
}

/** One scored observation set: which readings, which chart (id, version, verification), what it gave. */
@Entity({ name: 'observation_set' })
@Index('UQ_observation_set_key', ['patientId', 'setKey'], { unique: true })
@Index('IX_observation_set_patient_time', ['patientId', 'effectiveAt'])
export class ObservationSetEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_observation_set' })
  id!: string;

  @Column({ name: 'patient_id', type: 'uuid' })
  patientId!: string;

  @Column({ name: 'set_key', type: 'text' })
  setKey!: string;

  @Column({ name: 'effective_at', type: 'timestamp with time zone' })
  effectiveAt!: Date;

  @Column({ name: 'ward_id', type: 'varchar', length: 64, nullable: true })
  wardId!: string | null;

  @Column({ name: 'patient_group', type: 'varchar', length: 16 })
  patientGroup!: string;

  @Column({ name: 'group_assumed', type: 'boolean' })
  groupAssumed!: boolean;

  @Column({ name: 'chart_id', type: 'varchar', length: 16 })
  chartId!: string;

  @Column({ name: 'chart_version', type: 'varchar', length: 32 })
  chartVersion!: string;

  @Column({ name: 'chart_verification', type: 'varchar', length: 16 })
  chartVerification!: string;

  /** The readings scored. */
  @Column({ type: 'jsonb' })
  readings!: SetReading[];

  /** The scoring engine's result, exactly as returned. */
  @Column({ type: 'jsonb' })
  result!: ScoreResult;

  @Column({ type: 'integer' })
  total!: number;

  @Column({ name: 'clinical_risk', type: 'varchar', length: 16 })
  clinicalRisk!: string;

  @Column({ type: 'boolean' })
  escalate!: boolean;

  @Column({ name: 'response_level', type: 'varchar', length: 32 })
  responseLevel!: string;

  @Column({ type: 'boolean' })
  complete!: boolean;

  /** False once every reading of the set has been retracted (entered in error). */
  @Column({ name: 'is_current', type: 'boolean', default: true })
  isCurrent!: boolean;

  @Column({ name: 'times_scored', type: 'integer', default: 1 })
  timesScored!: number;

  @Column({ name: 'scored_at', type: 'timestamp with time zone' })
  scoredAt!: Date;
}
