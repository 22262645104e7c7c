import type { DataSource, EntityManager } from 'typeorm';
import type { AuditLog } from '../audit/audit-log';
import type { AuditEntry } from '../audit/audit.types';
import type { OutboxMessage, OutboxWriter } from '../queue/outbox';
import { outboxMessage } from '../queue/outbox';
import type { OutboxRelay } from '../queue/outbox-relay';
import { JobName } from '../queue/queue.constants';
import type { AfterCommit } from './unit-of-work';
import { Transactions, UnitOfWork } from './unit-of-work';

const manager = {} as EntityManager;
const entry: AuditEntry = { type: 'alert.noted', actor: { type: 'system', id: 'test' }, details: {} };

function setUp() {
  const steps: string[] = [];
  const dataSource = {
    transaction: jest.fn(async (work: (m: EntityManager) => Promise<unknown>) => {
      const result = await work(manager);
      steps.push('commit');
      return result;
    }),
  };
  const outbox = {
    add: jest.fn((_manager: EntityManager, messages: readonly OutboxMessage[]) => {
      steps.push('outbox');
      return Promise.resolve(
        messages.map((message, index) => ({
          id: String(index + 1),
          topic: message.job,
          payload: message.payload,
          run_at: null,
        })),
      );
    }),
  };
  const auditLog = { append: jest.fn(() => Promise.resolve(steps.push('audit')).then(() => undefined)) };
  const relay = { handOver: jest.fn(() => steps.push('hand-over')) };
  const transactions = new Transactions(
    dataSource as unknown as DataSource,
    outbox as unknown as OutboxWriter,
    auditLog as unknown as AuditLog,
    relay as unknown as OutboxRelay,
  );
  const hook = (name: string): AfterCommit<string> & { seen: string[][] } => {
    const seen: string[][] = [];
    return {
      seen,
      afterCommit: (items) => {
        steps.push(name);
        seen.push([...items]);
        return Promise.resolve();
      },
    };
  };
  return { steps, outbox, auditLog, relay, transactions, hook };
}

describe('the unit of work every feature’s transactions run in', () => {
  it('writes the outbox, then the audit entries last, commits, then hands the rows it wrote to the queue and runs the hooks', async () => {
    const { steps, transactions, hook, outbox, auditLog, relay } = setUp();
    const alerts = hook('alerts');
    const scores = hook('scores');
    const result = await transactions.run((_manager, unit) => {
      unit.after(alerts, 'alert-1');
      unit.after(scores, 'set-1');
      unit.after(alerts, 'alert-2', 'alert-1');
      unit.messages.push(outboxMessage(JobName.CheckPrompts, { patientId: 'patient-1' }));
      unit.audit.push(entry);
      return Promise.resolve('done');
    });
    expect(result).toBe('done');
    expect(steps).toEqual(['outbox', 'audit', 'commit', 'hand-over', 'alerts', 'scores']);
    expect(relay.handOver).toHaveBeenCalledWith([
      { id: '1', topic: JobName.CheckPrompts, payload: { patientId: 'patient-1' }, run_at: null },
    ]);
    expect(alerts.seen).toEqual([['alert-1', 'alert-2', 'alert-1']]);
    expect(scores.seen).toEqual([['set-1']]);
    expect(outbox.add).toHaveBeenCalledWith(manager, [
      { job: JobName.CheckPrompts, payload: { patientId: 'patient-1' } },
    ]);
    expect(auditLog.append).toHaveBeenCalledWith(manager, [entry]);
  });

  it('queues one assessment per patient for the work of one transaction', async () => {
    const { transactions, outbox } = setUp();
    await transactions.run((_manager, unit) => {
      unit.messages.push(
        outboxMessage(JobName.AssessPatient, { patientId: 'patient-1', reason: 'observation' }),
        outboxMessage(JobName.AssessPatient, { patientId: 'patient-1', reason: 'observation' }),
      );
      return Promise.resolve();
    });
    expect(outbox.add).toHaveBeenCalledWith(manager, [
      expect.objectContaining({
        job: JobName.AssessPatient,
        payload: expect.objectContaining({ patientId: 'patient-1' }),
      }),
    ]);
  });

  it('hands rows to the queue only when the transaction queued work, and runs no hook that was handed nothing', async () => {
    const { steps, transactions, hook, relay } = setUp();
    const alerts = hook('alerts');
    await transactions.run((_manager, unit) => {
      unit.after(alerts);
      return Promise.resolve();
    });
    expect(relay.handOver).not.toHaveBeenCalled();
    expect(steps).toEqual(['outbox', 'audit', 'commit']);
  });

  it('runs nothing after a transaction that rolled back', async () => {
    const { steps, transactions, hook } = setUp();
    const alerts = hook('alerts');
    await expect(
      transactions.run((_manager, unit) => {
        unit.after(alerts, 'alert-1');
        return Promise.reject(new Error('refused'));
      }),
    ).rejects.toThrow('refused');
    expect(steps).toEqual([]);
  });

  it('runs the next hook when one fails: the commit stands', async () => {
    const { steps, transactions, hook } = setUp();
    const failing: AfterCommit<string> = { afterCommit: () => Promise.reject(new Error('Redis is down')) };
    const scores = hook('scores');
    await expect(
      transactions.run((_manager, unit) => {
        unit.after(failing, 'alert-1');
        unit.after(scores, 'set-1');
        return Promise.resolve();
      }),
    ).resolves.toBeUndefined();
    expect(steps).toEqual(['outbox', 'audit', 'commit', 'scores']);
  });

  it('tells a feature what it handed to its hook so far', () => {
    const unit = new UnitOfWork();
    const alerts: AfterCommit<string> = { afterCommit: () => Promise.resolve() };
    expect(unit.handedTo(alerts)).toEqual([]);
    unit.after(alerts, 'alert-1');
    expect(unit.handedTo(alerts)).toEqual(['alert-1']);
  });
});
