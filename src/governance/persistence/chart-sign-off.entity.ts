import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ChartDefinition } from '../../scoring';

/** A chart as signed: everything but where its file was. */
export type SignedChartContent = Omit<ChartDefinition, 'file'>;

/** One sign-off: who signed which chart version, bound to the hash of its content and of the source PDF. */
@Entity({ name: 'chart_sign_off' })
@Index('IDX_chart_sign_off_chart', ['chartId', 'chartVersion'])
export class ChartSignOffEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'PK_chart_sign_off' })
  id!: string;

  @Column({ name: 'chart_id', type: 'varchar', length: 32 })
  chartId!: string;

  @Column({ name: 'chart_version', type: 'varchar', length: 64 })
  chartVersion!: string;

  @Column({ name: 'content_sha256', type: 'char', length: 64 })
  contentSha256!: string;

  @Column({ name: 'source_sha256', type: 'char', length: 64 })
  sourceSha256!: string;

  @Column({ name: 'signed_by', type: 'varchar', length: 200 })
  signedBy!: string;

  @Column({ type: 'varchar', length: 200 })
  role!: string;

  @Column({ name: 'signed_at', type: 'timestamp with time zone', default: () => 'now()' })
  signedAt!: Date;

  @Column({ type: 'varchar', length: 500 })
  file!: string;

  @Column({ name: 'cases_sha256', type: 'char', length: 64 })
  casesSha256!: string;

  @Column({ name: 'cases_passed', type: 'integer' })
  casesPassed!: number;

  /** The chart as signed (without its file path), so any two signed versions can be compared later. */
  @Column({ type: 'jsonb' })
  content!: SignedChartContent;
}
