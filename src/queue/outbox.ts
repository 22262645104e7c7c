import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OutboxEntity } from './persistence/outbox.entity';
import type { JobName, JobPayloads } from './queue.constants';

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

/** Writes work for the queue inside the caller's transaction (the transactional outbox). */
@Injectable()
export class OutboxWriter {
  async add(manager: EntityManager, messages: readonly OutboxMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await manager.insert(
      OutboxEntity,
      messages.map((message) => ({
        topic: message.job,
        payload: message.payload,
        runAt: message.runAt ?? null,
      })),
    );
  }
}
