import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jobIdFor } from '../../src/queue/outbox-relay';
import { JobName, QueueName } from '../../src/queue/queue.constants';
import { shortLadderWards } from '../support/clinical';
import { raiseDeterioration } from '../support/escalations';
import { waitUntil } from '../support/private-redis';
import { jobsIn } from '../support/queue-inspector';
import type { TestBeacon } from '../support/test-app';
import { startTestBeacon } from '../support/test-app';
import { databaseUrl, dropDatabase, runId, withAdmin } from '../support/test-database';
import { TestEpr } from '../support/test-epr';

const ROOT = join(__dirname, '..', '..');

function run(command: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
  if (result.status !== 0 && command !== 'npm')
    throw new Error(`${command} ${args.join(' ')}: ${result.status} ${result.stderr}`);
  return result;
}

/**
 * docs/reliability.md, "Backup and restore", done as written: pg_dump of a running unit's database, pg_restore into
 * a fresh database, Beacon started on it with a fresh Redis queue prefix (Redis keeps nothing across a restore).
 */
describe('restoring Beacon from a pg_dump (real PostgreSQL, a fresh database)', () => {
  const wards = shortLadderWards(8);
  const restoredName = `beacon_test_${runId()}_restored`;
  let original: TestBeacon;
  let restored: TestBeacon | undefined;
  let alertId: string;
  let patientId: string;
  let pendingOutboxId: string;
  let escalationStepAtBackup = 0;
  let originalStopped = false;

  beforeAll(async () => {
    const epr = await TestEpr.create();
    original = await startTestBeacon(
      { BEACON_ROLE: 'all', BEACON_WARD_CONFIG: wards, BEACON_TIMER_SWEEP_MS: '1000' },
      { clients: [epr.registration()] },
    );
    const token = await epr.token(original.url);
    alertId = await raiseDeterioration(original, token, {
      sourceId: 'restore-woman',
      ward: 'maternity-a',
      bed: 'Bed 2',
    });
    const [alert] = await original.database.query<{ patient_id: string }>(
      'SELECT patient_id FROM alert WHERE id = $1',
      [alertId],
    );
    patientId = alert!.patient_id;
  }, 60_000);

  afterAll(async () => {
    await restored?.close();
    await dropDatabase(restoredName);
    if (originalStopped) await dropDatabase(original.database.name);
    else await original?.close();
  });

  it('restores a dump into a fresh database, and the audit chain verifies end to end', async () => {
    // Work committed but not yet handed to the queue when the dump was taken (written as intake writes it).
    await original.app.close();
    originalStopped = true;
    const [atBackup] = await withAdmin(
      (client) =>
        client
          .query<{ escalation_step: number }>('SELECT escalation_step FROM alert WHERE id = $1', [alertId])
          .then((result) => result.rows),
      original.database.url,
    );
    escalationStepAtBackup = atBackup!.escalation_step;
    const [pending] = await withAdmin(
      (client) =>
        client
          .query<{ id: string }>(
            `INSERT INTO outbox (topic, payload) VALUES ($1, $2) RETURNING id::text AS id`,
            [JobName.AssessPatient, { patientId, reason: 'patient-changed' }],
          )
          .then((result) => result.rows),
      original.database.url,
    );
    pendingOutboxId = pending!.id;

    const dump = join(mkdtempSync(join(tmpdir(), 'beacon-backup-')), 'beacon.dump');
    run('pg_dump', ['--format=custom', '--no-owner', `--file=${dump}`, original.database.url]);
    await withAdmin((client) => client.query(`CREATE DATABASE "${restoredName}"`));
    run('pg_restore', ['--no-owner', '--exit-on-error', `--dbname=${databaseUrl(restoredName)}`, dump]);

    const verify = run('npm', ['run', '--silent', 'audit:verify'], {
      BEACON_DATABASE_URL: databaseUrl(restoredName),
    });
    expect(verify.stdout).toMatch(/^audit chain intact: \d+ events verified/);
    expect(verify.status).toBe(0);
    // The append-only protection came back with the data.
    const [trigger] = await withAdmin(
      (client) =>
        client
          .query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_trigger WHERE tgname = 'audit_event_no_update_delete'`,
          )
          .then((result) => result.rows),
      databaseUrl(restoredName),
    );
    expect(trigger?.n).toBe(1);
  });

  it('Beacon on the restored database delivers the pending outbox work', async () => {
    restored = await startTestBeacon(
      { BEACON_ROLE: 'all', BEACON_WARD_CONFIG: wards, BEACON_TIMER_SWEEP_MS: '1000' },
      { database: { name: restoredName, url: databaseUrl(restoredName) } },
    );
    const beacon = restored;
    await waitUntil(
      async () =>
        (
          await beacon.database.query('SELECT 1 FROM outbox WHERE id = $1 AND dispatched_at IS NOT NULL', [
            pendingOutboxId,
          ])
        ).length > 0,
      'the pending outbox row handed to the queue',
      20_000,
    );
    // The assessment it asked for ran to completion on the restored unit's queue.
    await waitUntil(
      async () => {
        const jobs = await jobsIn(
          beacon.config.env.BEACON_REDIS_URL,
          beacon.config.env.BEACON_QUEUE_PREFIX,
          QueueName.Clinical,
          JobName.AssessPatient,
        );
        return jobs.some(
          (job) => job.id === jobIdFor(JobName.AssessPatient, pendingOutboxId) && job.state === 'completed',
        );
      },
      'the pending assessment completed',
      20_000,
    );
  });

  it('the open alert is still open and its ladder resumes (the timer lost with Redis is swept up)', async () => {
    const beacon = restored as TestBeacon;
    const [alert] = await beacon.database.query<{ state: string }>('SELECT state FROM alert WHERE id = $1', [
      alertId,
    ]);
    expect(alert?.state).toBe('raised');
    await waitUntil(
      async () => {
        const [row] = await beacon.database.query<{ escalation_step: number }>(
          'SELECT escalation_step FROM alert WHERE id = $1',
          [alertId],
        );
        return (row?.escalation_step ?? 0) > escalationStepAtBackup;
      },
      'the restored alert climbing its ladder',
      30_000,
    );
    const escalated = await beacon.database.query(
      `SELECT 1 FROM audit_event WHERE alert_id = $1 AND type = 'alert.escalated'`,
      [alertId],
    );
    expect(escalated.length).toBeGreaterThan(0);
    const verify = run('npm', ['run', '--silent', 'audit:verify'], {
      BEACON_DATABASE_URL: beacon.database.url,
    });
    expect(verify.status).toBe(0);
  }, 45_000);
});
