import type { DataSource, EntityManager } from 'typeorm';
import { QueryFailedError } from 'typeorm';
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

function setUp(options: { failCommit?: boolean } = {}) {
  const steps: string[] = [];
  const sent: string[] = [];
  const connection = {
    query: jest.fn((sql: string) => {
      sent.push(sql);
      if (options.failCommit) return Promise.reject(Object.assign(new Error('deadlock'), { code: '40P01' }));
      steps.push('commit');
      const results = sql.split(';\n').map((statement) => ({
        rows: statement.startsWith('INSERT INTO outbox') ? [{ id: '1' }] : [],
      }));
      return Promise.resolve(results.length === 1 ? results[0] : results);
    }),
  };
  const runner = {
    manager,
    startTransaction: jest.fn(() => Promise.resolve(steps.push('begin')).then(() => undefined)),
    rollbackTransaction: jest.fn(() => Promise.resolve(steps.push('rollback')).then(() => undefined)),
    release: jest.fn(() => Promise.resolve(steps.push('release')).then(() => undefined)),
    connect: jest.fn(() => Promise.resolve(connection)),
  };
  const dataSource = { createQueryRunner: jest.fn(() => runner) };
  const outbox = {
    atCommit: jest.fn((messages: readonly OutboxMessage[]) => {
      if (messages.length === 0) return undefined;
      return {
        sql: 'INSERT INTO outbox …',
        read: (rows: readonly Record<string, unknown>[]) =>
          messages.map((message, index) => ({
            id: String(rows[index]?.id),
            topic: message.job,
            payload: message.payload,
            run_at: null,
          })),
      };
    }),
  };
  const auditLog = {
    atCommit: jest.fn((entries: readonly AuditEntry[]) =>
      entries.length === 0 ? undefined : { sql: 'SELECT beacon_append_audit(…)', read: () => undefined },
    ),
  };
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
  return { steps, sent, outbox, auditLog, relay, runner, transactions, hook };
}

describe('the unit of work every feature’s transactions run in', () => {
  it('sends the outbox rows, then the audit entries, with the COMMIT, then hands the rows it wrote to the queue and runs the hooks', async () => {
    const { steps, sent, transactions, hook, outbox, auditLog, relay } = setUp();
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
    expect(steps).toEqual(['begin', 'commit', 'release', 'hand-over', 'alerts', 'scores']);
    expect(sent).toEqual(['INSERT INTO outbox …;\nSELECT beacon_append_audit(…);\nCOMMIT']);
    expect(relay.handOver).toHaveBeenCalledWith([
      { id: '1', topic: JobName.CheckPrompts, payload: { patientId: 'patient-1' }, run_at: null },
    ]);
    expect(alerts.seen).toEqual([['alert-1', 'alert-2', 'alert-1']]);
    expect(scores.seen).toEqual([['set-1']]);
    expect(outbox.atCommit).toHaveBeenCalledWith([
      { job: JobName.CheckPrompts, payload: { patientId: 'patient-1' } },
    ]);
    expect(auditLog.atCommit).toHaveBeenCalledWith([entry]);
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
    expect(outbox.atCommit).toHaveBeenCalledWith([
      expect.objectContaining({
        job: JobName.AssessPatient,
        payload: expect.objectContaining({ patientId: 'patient-1' }),
      }),
    ]);
  });

  it('hands rows to the queue only when the transaction queued work, and runs no hook that was handed nothing', async () => {
    const { steps, sent, transactions, hook, relay } = setUp();
    const alerts = hook('alerts');
    await transactions.run((_manager, unit) => {
      unit.after(alerts);
      return Promise.resolve();
    });
    expect(relay.handOver).not.toHaveBeenCalled();
    expect(steps).toEqual(['begin', 'commit', 'release']);
    expect(sent).toEqual(['COMMIT']);
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
    expect(steps).toEqual(['begin', 'rollback', 'release']);
  });

  it('rolls back and runs nothing when the COMMIT fails, and reports the database’s error code', async () => {
    const { steps, transactions, hook, relay } = setUp({ failCommit: true });
    const alerts = hook('alerts');
    const failure = transactions.run((_manager, unit) => {
      unit.after(alerts, 'alert-1');
      unit.messages.push(outboxMessage(JobName.CheckPrompts, { patientId: 'patient-1' }));
      unit.audit.push(entry);
      return Promise.resolve();
    });
    await expect(failure).rejects.toBeInstanceOf(QueryFailedError);
    await expect(failure).rejects.toMatchObject({ driverError: { code: '40P01' } });
    expect(steps).toEqual(['begin', 'rollback', 'release']);
    expect(relay.handOver).not.toHaveBeenCalled();
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
    expect(steps).toEqual(['begin', 'commit', 'release', 'scores']);
  });

  it('tells a feature what it handed to its hook so far', () => {
    const unit = new UnitOfWork();
    const alerts: AfterCommit<string> = { afterCommit: () => Promise.resolve() };
    expect(unit.handedTo(alerts)).toEqual([]);
    unit.after(alerts, 'alert-1');
    expect(unit.handedTo(alerts)).toEqual(['alert-1']);
  });
});
