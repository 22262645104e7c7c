import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CommitStatement } from '../database/persistence/commit-statement';
import type { PendingOutboxRow } from './persistence/outbox.repository';
import { OutboxRepository } from './persistence/outbox.repository';
import { JobName } from './queue.constants';
import type { JobPayloads } from './queue.constants';

export interface OutboxMessage<J extends JobName = JobName> {
  readonly job: J;
  readonly payload: JobPayloads[J];
  /** Run no earlier than this (a delayed job: an escalation or overdue timer). */
  readonly runAt?: Date;
}

export const outboxMessage = <J extends JobName>(
  job: J,
  payload: JobPayloads[J],
  runAt?: Date,
): OutboxMessage<J> => ({
  job,
  payload,
  ...(runAt ? { runAt } : {}),
});

/**
 * One assessment per patient for the work of one transaction (a Bundle of seven Observations is one job, not
 * seven): reasons joined, wards the patient left and joined kept, pathways evaluated if any part asked for it.
 */
export function coalesceAssessments(messages: readonly OutboxMessage[]): OutboxMessage[] {
  const merged = new Map<string, OutboxMessage<JobName.AssessPatient>>();
  const others: OutboxMessage[] = [];
  for (const message of messages) {
    if (message.job !== JobName.AssessPatient || message.runAt) {
      others.push(message);
      continue;
    }
    const payload = message.payload as JobPayloads[JobName.AssessPatient];
    const before = merged.get(payload.patientId)?.payload;
    if (!before) {
      merged.set(payload.patientId, message as OutboxMessage<JobName.AssessPatient>);
      continue;
    }
    const wards = [...new Set([...(before.wards ?? []), ...(payload.wards ?? [])])];
    merged.set(
      payload.patientId,
      outboxMessage(JobName.AssessPatient, {
        patientId: payload.patientId,
        reason: before.reason.split(',').includes(payload.reason)
          ? before.reason
          : `${before.reason},${payload.reason}`,
        pathways: before.pathways !== false || payload.pathways !== false,
        ...(wards.length > 0 ? { wards } : {}),
        ...(before.backlog && payload.backlog ? { backlog: true } : {}),
      }),
    );
  }
  return [...merged.values(), ...others];
}

/** Writes work for the queue inside the caller's transaction (the transactional outbox). */
@Injectable()
export class OutboxWriter {
  constructor(private readonly outbox: OutboxRepository) {}

  /** The rows written, with their ids: after the commit the writer's process hands them to the queue itself. */
  async add(manager: EntityManager, messages: readonly OutboxMessage[]): Promise<PendingOutboxRow[]> {
    if (messages.length === 0) return [];
    const rows = rowsOf(messages);
    const ids = await this.outbox.insert(manager, rows);
    return rows.map((row, index) => ({ ...row, id: ids[index] as string }));
  }

  /** The same rows written by a statement sent with the transaction's COMMIT (none when there are no messages). */
  atCommit(messages: readonly OutboxMessage[]): CommitStatement<PendingOutboxRow[]> | undefined {
    if (messages.length === 0) return undefined;
    const rows = rowsOf(messages);
    const insert = this.outbox.insertAtCommit(rows);
    return {
      sql: insert.sql,
      read: (inserted) => {
        const ids = insert.read(inserted);
        return rows.map((row, index) => ({ ...row, id: ids[index] as string }));
      },
    };
  }
}

function rowsOf(messages: readonly OutboxMessage[]): Omit<PendingOutboxRow, 'id'>[] {
  return messages.map((message) => ({
    topic: message.job,
    payload: message.payload,
    run_at: message.runAt ?? null,
  }));
}
