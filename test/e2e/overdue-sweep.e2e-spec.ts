import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AlertRepository } from '../../src/alerts/alert.repository';
import type { TestDataSource } from '../support/test-data-source';
import { openTestDataSource } from '../support/test-data-source';

const MINUTE = 60_000;
const GRACE = new Map([
  ['ward-a', 30],
  ['ward-b', 0],
]);
const INTERVALS = [15, 30, 60, 240, 720, null];

interface SeededSet {
  id: string;
  effectiveAt: Date;
  scoredAt: Date;
  intervalMinutes: number | null;
  isCurrent: boolean;
}

interface SeededPatient {
  id: string;
  wardId: string | null;
  sets: SeededSet[];
  openOverdue: boolean;
}

/** A small deterministic generator, so a failure names a case that can be run again. */
function sequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/**
 * The overdue sweep's candidates (the safety net for check-overdue timers lost with Redis) on a unit of 3,000 women,
 * against real PostgreSQL: exactly the women whose next observations are due, by her newest current set's interval
 * and her ward's grace, most overdue first, whoever sorts first by id.
 */
describe('overdue sweep candidates on 3,000 patients (real PostgreSQL)', () => {
  let testData: TestDataSource;
  let dataSource: DataSource;
  const patients: SeededPatient[] = [];
  const now = Date.now();

  beforeAll(async () => {
    testData = await openTestDataSource();
    ({ dataSource } = testData);

    const random = sequence(7);
    const wards = ['ward-a', 'ward-b', 'ward-unconfigured', null];
    for (let index = 0; index < 3000; index += 1) {
      const sets: SeededSet[] = [];
      // Older sets first, then her newest; some newest sets were entered in error (not current), some stays are
      // more than a week old.
      const count = 1 + Math.floor(random() * 3);
      const newestAgoMinutes = random() < 0.05 ? 8 * 24 * 60 + random() * 600 : random() * 900;
      for (let set = 0; set < count; set += 1) {
        const effectiveAt = new Date(now - (newestAgoMinutes + (count - 1 - set) * 45) * MINUTE);
        sets.push({
          id: randomUUID(),
          effectiveAt,
          scoredAt: new Date(effectiveAt.getTime() + 2000),
          intervalMinutes: INTERVALS[Math.floor(random() * INTERVALS.length)]!,
          isCurrent: random() > 0.1,
        });
      }
      patients.push({
        id: randomUUID(),
        wardId: wards[Math.floor(random() * wards.length)]!,
        sets,
        openOverdue: random() < 0.15,
      });
    }

    await dataSource.query('INSERT INTO patient (id, ward_id) SELECT * FROM unnest($1::uuid[], $2::text[])', [
      patients.map((patient) => patient.id),
      patients.map((patient) => patient.wardId),
    ]);
    const rows = patients.flatMap((patient) => patient.sets.map((set) => ({ patient, set })));
    await dataSource.query(
      `INSERT INTO observation_set (id, patient_id, set_key, effective_at, ward_id, patient_group, group_assumed,
         chart_id, chart_version, chart_verification, readings, result, total, clinical_risk, escalate,
         response_level, complete, is_current, scored_at)
       SELECT id, patient_id, 'time:' || id, effective_at, ward_id, 'antenatal', false, 'mews', '1', 'unverified',
         '[]', jsonb_build_object('response', jsonb_build_object('observationIntervalMinutes', interval_minutes)),
         0, 'low', false, 'routine', true, is_current, scored_at
       FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::text[], $5::int[], $6::bool[], $7::timestamptz[])
         AS s(id, patient_id, effective_at, ward_id, interval_minutes, is_current, scored_at)`,
      [
        rows.map(({ set }) => set.id),
        rows.map(({ patient }) => patient.id),
        rows.map(({ set }) => set.effectiveAt),
        rows.map(({ patient }) => patient.wardId),
        rows.map(({ set }) => set.intervalMinutes),
        rows.map(({ set }) => set.isCurrent),
        rows.map(({ set }) => set.scoredAt),
      ],
    );
    // An open overdue alert for some; a resolved one (which does not count) for others.
    const alertRows = patients.flatMap((patient, index) =>
      patient.openOverdue
        ? [{ patient, state: 'raised' }]
        : index % 7 === 0
          ? [{ patient, state: 'resolved' }]
          : [],
    );
    await dataSource.query(
      `INSERT INTO alert (patient_id, ward_id, kind, prompt_code, state, level, severity, title, detail, raised_at, updated_at)
       SELECT patient_id, ward_id, 'overdue', '', state, 'overdue', 1, 'Observations overdue', '{}', now(), now()
       FROM unnest($1::uuid[], $2::text[], $3::text[]) AS a(patient_id, ward_id, state)`,
      [
        alertRows.map(({ patient }) => patient.id),
        alertRows.map(({ patient }) => patient.wardId),
        alertRows.map(({ state }) => state),
      ],
    );
    await dataSource.query('ANALYZE');
  });

  afterAll(async () => {
    await testData?.close();
  });

  /** The reference: what the seeded rows say, computed here without Beacon's code. */
  function expectedCandidates(dueBy: Date): { patientId: string; setId: string; dueAt: number }[] {
    const weekAgo = now - 7 * 24 * 60 * MINUTE;
    return patients
      .flatMap((patient) => {
        const grace = patient.wardId === null ? undefined : GRACE.get(patient.wardId);
        if (grace === undefined || patient.openOverdue) return [];
        const newest = patient.sets
          .filter((set) => set.isCurrent && set.effectiveAt.getTime() > weekAgo)
          .sort(
            (a, b) =>
              b.effectiveAt.getTime() - a.effectiveAt.getTime() ||
              b.scoredAt.getTime() - a.scoredAt.getTime(),
          )[0];
        if (!newest || newest.intervalMinutes === null) return [];
        const dueAt = newest.effectiveAt.getTime() + (newest.intervalMinutes + grace) * MINUTE;
        return dueAt <= dueBy.getTime() ? [{ patientId: patient.id, setId: newest.id, dueAt }] : [];
      })
      .sort((a, b) => a.dueAt - b.dueAt || (a.patientId < b.patientId ? -1 : 1));
  }

  it('finds every woman whose observations are due, and only them, most overdue first', async () => {
    const dueBy = new Date(now + 1000);
    const expected = expectedCandidates(dueBy);
    expect(expected.length).toBeGreaterThan(500);
    const found = await new AlertRepository(dataSource).overdueCandidates(GRACE, dueBy, 10_000);
    expect(found).toEqual(expected.map(({ patientId, setId }) => ({ patientId, setId })));
  });

  it('given a limit, answers the most overdue first, whoever sorts first by id', async () => {
    const dueBy = new Date(now + 1000);
    const found = await new AlertRepository(dataSource).overdueCandidates(GRACE, dueBy, 100);
    expect(found).toEqual(
      expectedCandidates(dueBy)
        .slice(0, 100)
        .map(({ patientId, setId }) => ({ patientId, setId })),
    );
  });

  it('answers no one for a unit with no configured ward', async () => {
    await expect(
      new AlertRepository(dataSource).overdueCandidates(new Map(), new Date(now + 1000)),
    ).resolves.toEqual([]);
  });
});
