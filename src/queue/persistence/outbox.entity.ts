import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { JobName, JobPayloads } from '../queue.constants';

/**
 * Work to hand to the queue, written in the same transaction as the data it concerns, so a Redis outage delays
 * work but never loses it. The relay enqueues each row with a job id derived from the row id.
 */
@Entity({ name: 'outbox' })
@Index('IX_outbox_pending', ['id'], { where: '"dispatched_at" IS NULL' })
export class OutboxEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'PK_outbox' })
  id!: string;

  @Column({ type: 'varchar', length: 64 })
  topic!: string;

  /** Ids only: never patient data (job payloads are stored in clear text in Redis). */
  @Column({ type: 'jsonb' })
  payload!: JobPayloads[JobName];

  /** A delayed job: the queue holds it until then. */
  @Column({ name: 'run_at', type: 'timestamp with time zone', nullable: true })
  runAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamp with time zone', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'dispatched_at', type: 'timestamp with time zone', nullable: true })
  dispatchedAt!: Date | null;
}
