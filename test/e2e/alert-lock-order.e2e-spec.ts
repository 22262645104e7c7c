import type { Job } from 'bullmq';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AssessmentService } from '../../src/assessment/assessment.service';
import { BoardPublisher } from '../../src/assessment/board-publisher';
import { AssessPatientProcessor } from '../../src/assessment/jobs/assess-patient.processor';
import { ScoreBroadcast } from '../../src/assessment/score-broadcast';
import { AlertDecisions } from '../../src/alerts/alert-decisions.service';
import { AlertsService } from '../../src/alerts/alerts.service';
import { Transactions } from '../../src/database/unit-of-work';
import { PromptAlerts } from '../../src/prompts/prompt-alerts.service';
import { PromptsService } from '../../src/prompts/prompts.service';
import type { TestBeacon } from '../support/test-app';
import { admitPatient, startTestBeacon } from '../support/test-app';
import { TestEpr } from '../support/test-epr';

const WARD = 'maternity-a';
const NORMAL = {
  heartRate: 84,
  respiratoryRate: 16,
  temperature: 36.8,
  oxygenSaturation: 98,
  systolicBP: 118,
  diastolicBP: 76,
  consciousness: 'A' as const,
};

/**
 * Finding 10 of issue 15 (deadlocks on a locking read of alert rows): every transaction that locks several alert rows
 * must lock them in one order, ascending id (docs/architecture.md, "Lock order"). Two transactions that lock the same
 * rows in different orders deadlock when they interleave; this spec makes the order visible instead of waiting for
 * an unlucky interleaving. The test's own connection locks a patient's lowest-id open alert, a Beacon path that locks
 * her alerts is started and left waiting for that row, and the test then asks (NOWAIT) for each of her other open
 * alerts: a path that follows the order holds none of them yet. The rows are arranged so that the lowest id comes
 * last in both the table's physical order and the open-alert index (what an unordered read would follow). Alert ids
 * are UUIDs: "ascending" is PostgreSQL's uuid order, which is what ORDER BY id gives.
 *
 * Beacon runs as `api` (no queue workers), so nothing but the path under test touches these alerts; the worker's
 * classes are built from the api's providers.
 */
describe('alert row lock order (finding 10: no deadlocks between assessment and prompts)', () => {
  let beacon: TestBeacon;
  let epr: string;
  let transactions: Transactions;
  let promptAlerts: PromptAlerts;
  let prompts: PromptsService;
  let processor: AssessPatientProcessor;

  beforeAll(async () => {
    const client = await TestEpr.create();
    beacon = await startTestBeacon({ BEACON_ROLE: 'api' }, { clients: [client.registration()] });
    epr = await client.token(beacon.url);
    transactions = beacon.app.get(Transactions);
    promptAlerts = beacon.app.get(PromptAlerts);
    prompts = beacon.app.get(PromptsService);
    processor = new AssessPatientProcessor(
      beacon.app.get(DataSource),
      transactions,
      beacon.app.get(AssessmentService),
      beacon.app.get(AlertsService),
      beacon.app.get(AlertDecisions),
      beacon.app.get(ScoreBroadcast),
      beacon.app.get(BoardPublisher),
      prompts,
    );
  });

  afterAll(async () => {
    await beacon?.close();
  });

  /**
   * Admits a patient and gives her three open prompts, arranged so that the lowest id comes last both in the
   * open-alert index (by code) and in the table's physical order (an update writes a new row version at its end).
   */
  async function patientWithThreePrompts(sourceId: string): Promise<{ patientId: string; ids: string[] }> {
    const patientId = await admitPatient(beacon, epr, { sourceId, ward: WARD, vitals: NORMAL, bed: 'Bed 1' });
    for (const code of ['preterm/t1', 'preterm/t2', 'preterm/t3'])
      await transactions.run((manager, unit) =>
        promptAlerts.raise(
          manager,
          {
            patientId,
            wardId: WARD,
            code,
            title: code,
            dueAt: null,
            action: 'do',
            detail: {
              pathway: 'preterm',
              action: 'do',
              text: code,
              ruleSet: 'test',
              source: 'test',
              verification: 'unverified',
              staffMayRecord: false,
            },
          },
          unit,
        ),
      );
    const rows = await beacon.database.query<{ id: string }>(
      `SELECT id::text AS id FROM alert WHERE patient_id = $1 AND state IN ('raised', 'acknowledged', 'attending')
       ORDER BY alert.id`,
      [patientId],
    );
    const ids = rows.map((row) => row.id);
    // Highest id first, so the lowest id's new row version is the last in the table, and gets the last code.
    const codes = ['preterm/zz', 'preterm/mm', 'preterm/aa'];
    for (const [index, id] of [...ids.entries()].reverse())
      await beacon.database.query('UPDATE alert SET prompt_code = $2, updated_at = now() WHERE id = $1', [
        id,
        codes[index],
      ]);
    return { patientId, ids };
  }

  /** Waits until `count` sessions of this database other than `except` wait for a lock. */
  async function waitForWaiters(count: number, except: number, what: string): Promise<void> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const [waiting] = await beacon.database.query<{ n: number }>(
        `SELECT count(DISTINCT l.pid)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
         WHERE NOT l.granted AND a.datname = current_database() AND l.pid <> $1`,
        [except],
      );
      if ((waiting?.n ?? 0) >= count) return;
      if (Date.now() > deadline) throw new Error(`${what} did not happen within 20 s`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /**
   * Holds the lowest-id alert from another connection, starts `path`, waits until it waits for that row, then
   * returns the other alerts the path already held (NOWAIT refused) and lets it finish.
   */
  async function heldWhileWaitingForLowest(ids: string[], path: () => Promise<unknown>): Promise<string[]> {
    const [lowest, ...others] = ids;
    const blocker = new Client({ connectionString: beacon.database.url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT id FROM alert WHERE id = $1 FOR UPDATE', [lowest]);
      const [{ pid }] = (await blocker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows as [
        { pid: number },
      ];
      const running = path();
      const settled = running.then(
        () => ({ ok: true as const }),
        (error: unknown) => ({ ok: false as const, error }),
      );
      await waitForWaiters(1, pid, 'the path waiting for the lowest-id alert');
      const held: string[] = [];
      for (const id of others) {
        await blocker.query('SAVEPOINT probe');
        try {
          await blocker.query('SELECT id FROM alert WHERE id = $1 FOR UPDATE NOWAIT', [id]);
          await blocker.query('RELEASE SAVEPOINT probe');
        } catch (error) {
          if ((error as { code?: string }).code !== '55P03') throw error;
          await blocker.query('ROLLBACK TO SAVEPOINT probe');
          held.push(id);
        }
      }
      await blocker.query('ROLLBACK');
      const outcome = await settled;
      if (!outcome.ok) throw outcome.error;
      return held;
    } finally {
      await blocker.end();
    }
  }

  it('prompt evaluation locks the family’s open alerts in ascending id order', async () => {
    const { patientId, ids } = await patientWithThreePrompts('lock-order-prompts');
    expect(ids).toHaveLength(3);
    expect(await heldWhileWaitingForLowest(ids, () => prompts.evaluate(patientId))).toEqual([]);
    // The fake prompts are not indicated for her: the evaluation went on to withdraw them.
    const open = await beacon.database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM alert WHERE patient_id = $1 AND state IN ('raised', 'acknowledged', 'attending')`,
      [patientId],
    );
    expect(open[0]?.n).toBe(0);
  });

  it('an assessment that follows a patient’s move locks her open alerts in ascending id order', async () => {
    const { patientId, ids } = await patientWithThreePrompts('lock-order-move');
    expect(ids).toHaveLength(3);
    const job = { data: { patientId, reason: 'location-changed', wards: [null, WARD], pathways: false } };
    expect(await heldWhileWaitingForLowest(ids, () => processor.process(job as unknown as Job))).toEqual([]);
    const scored = await beacon.database.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM observation_set WHERE patient_id = $1',
      [patientId],
    );
    expect(scored[0]?.n).toBe(1);
  });

  it('prompt evaluation and an assessment of the same patient, interleaved, do not deadlock', async () => {
    // The interleaving that deadlocked before: the test holds the middle alert; prompt evaluation starts and waits
    // for it, then an assessment starts and waits too; the test lets go. Had evaluation taken the highest id first
    // (index order) and the assessment the lowest (id order), each would now wait for the other: 40P01.
    const { patientId, ids } = await patientWithThreePrompts('lock-order-interleaved');
    const blocker = new Client({ connectionString: beacon.database.url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT id FROM alert WHERE id = $1 FOR UPDATE', [ids[1]]);
      const [{ pid }] = (await blocker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows as [
        { pid: number },
      ];
      const outcome = (run: Promise<unknown>) =>
        run.then(
          () => 'completed',
          (error: unknown) => `failed: ${(error as { code?: string }).code ?? ''} ${String(error)}`,
        );
      const evaluation = outcome(prompts.evaluate(patientId));
      await waitForWaiters(1, pid, 'prompt evaluation waiting for an alert');
      const job = { data: { patientId, reason: 'observation', pathways: false } };
      const assessment = outcome(processor.process(job as unknown as Job));
      await waitForWaiters(2, pid, 'the assessment waiting for an alert too');
      await blocker.query('ROLLBACK');
      expect({ evaluation: await evaluation, assessment: await assessment }).toEqual({
        evaluation: 'completed',
        assessment: 'completed',
      });
    } finally {
      await blocker.end();
    }
  });
});
