import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A chart in use, as the configuration record names it. */
export interface RecordedChart {
  readonly id: string;
  readonly version: string;
  readonly verification: string;
  readonly file: string;
  readonly hash: string;
}

/** One row per change of the clinical configuration in force: which chart versions, which ward mapping. */
@Entity({ name: 'clinical_configuration' })
export class ConfigurationRecordEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'PK_clinical_configuration' })
  id!: string;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamp with time zone' })
  recordedAt!: Date;

  @Column({ name: 'clinical_mode', type: 'varchar', length: 8 })
  clinicalMode!: string;

  @Column({ type: 'jsonb' })
  charts!: readonly RecordedChart[];

  /** The ward file as it was then (an older row may have an older shape than today's WardConfig). */
  @Column({ name: 'ward_config', type: 'jsonb' })
  wardConfig!: object;

  @Column({ type: 'char', length: 64 })
  sha256!: string;
}
