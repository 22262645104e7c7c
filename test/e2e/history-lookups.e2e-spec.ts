import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { AlertRepository } from '../../src/alerts/alert.repository';
import { CARRIED_FORWARD } from '../../src/assessment/domain/observation-set-assembly';
import { ObservationSetRepository } from '../../src/assessment/observation-set.repository';
import type { TestDataSource } from '../support/test-data-source';
import { openTestDataSource } from '../support/test-data-source';

interface SeededReading {
  id?: string;
  patientId: string;
  field: string;
  value: number;
  effectiveAt: Date;
  status: 'scored' | 'stored-only' | 'entered-in-error';
  isCurrent: boolean;
}

const FIELDS = [
  'heartRate',
  'respiratoryRate',
  'temperature',
  'systolicBP',
  'diastolicBP',
  'oxygenSaturation',
  'consciousness',
  'spo2Scale',
];
const START = Date.parse('2026-11-01T00:00:00Z');
const STEP_MS = 5 * 60_000;
const TIMES = 700;

/** A small deterministic generator, so a failure names a case that can be run again. */
function sequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

/** A manager that records the SQL a repository sends, so the test can ask PostgreSQL how it runs that very text. */
function recording(manager: EntityManager, texts: string[]): EntityManager {
  return new Proxy(manager, {
    get(target, property, receiver) {
      if (property !== 'query') return Reflect.get(target, property, receiver) as unknown;
      return (text: string, parameters?: unknown[]) => {
        texts.push(text);
        return target.query(text, parameters);
      };
    },
  });
}

/**
 * The lookups the assessment makes into a patient's history, on a stay of thousands of readings and a table of
 * thousands of alerts (real PostgreSQL): the answers equal what the rows hold, and the plan PostgreSQL keeps for the
 * prepared statement reads a handful of pages, not the whole stay.
 */
describe('history lookups on a long stay (real PostgreSQL)', () => {
  let testData: TestDataSource;
  let dataSource: DataSource;
  const patientId = randomUUID();
  const seeded: SeededReading[] = [];

  /** Pages (buffers) PostgreSQL touched to run the statement with the generic plan a prepared statement keeps. */
  async function pagesRead(text: string, parameters: string[]): Promise<number> {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query("SET plan_cache_mode = 'force_generic_plan'");
      await runner.query(`PREPARE history_probe AS ${text}`);
      const literals = parameters.map((value) => `'${value.replace(/'/g, "''")}'`).join(', ');
      const [row] = (await runner.query(
        `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE history_probe(${literals})`,
      )) as { 'QUERY PLAN': { Plan: Record<string, number> }[] }[];
      const plan = row!['QUERY PLAN'][0]!.Plan;
      return (plan['Shared Hit Blocks'] ?? 0) + (plan['Shared Read Blocks'] ?? 0);
    } finally {
      await runner.query('DEALLOCATE ALL').catch(() => undefined);
      await runner.query('RESET plan_cache_mode').catch(() => undefined);
      await runner.release();
    }
  }

  beforeAll(async () => {
    testData = await openTestDataSource();
    ({ dataSource } = testData);

    const random = sequence(12);
    // Her stay: 700 observation times, 8 parameters each; some readings superseded by a correction, some not
    // scorable; every 50th time has a second reading of the same parameter (the later-inserted one wins a tie).
    for (let step = 0; step < TIMES; step += 1) {
      const effectiveAt = new Date(START + step * STEP_MS);
      for (const field of FIELDS) {
        if (field === 'spo2Scale' && step % 9 !== 0) continue;
        const roll = random();
        seeded.push({
          patientId,
          field,
          value: Math.round(random() * 100),
          effectiveAt,
          status: roll < 0.05 ? 'entered-in-error' : roll < 0.08 ? 'stored-only' : 'scored',
          isCurrent: random() > 0.1,
        });
        if (step % 50 === 0)
          seeded.push({
            patientId,
            field,
            value: 1000 + step,
            effectiveAt,
            status: 'scored',
            isCurrent: true,
          });
      }
    }
    // Other women on the unit.
    for (let other = 0; other < 30; other += 1) {
      const someoneElse = randomUUID();
      for (let step = 0; step < 100; step += 1)
        for (const field of FIELDS)
          seeded.push({
            patientId: someoneElse,
            field,
            value: 2000 + step,
            effectiveAt: new Date(START + step * STEP_MS + 60_000),
            status: 'scored',
            isCurrent: true,
          });
    }
    const resourceId = randomUUID();
    for (let offset = 0; offset < seeded.length; offset += 5000) {
      const batch = seeded.slice(offset, offset + 5000);
      const ids = await dataSource.query<{ id: string }[]>(
        `INSERT INTO reading (patient_id, resource_id, field, value, effective_at, status, is_current)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::jsonb[], $5::timestamptz[], $6::text[], $7::bool[])
         RETURNING id::text AS id`,
        [
          batch.map((reading) => reading.patientId),
          batch.map(() => resourceId),
          batch.map((reading) => reading.field),
          batch.map((reading) => JSON.stringify(reading.value)),
          batch.map((reading) => reading.effectiveAt),
          batch.map((reading) => reading.status),
          batch.map((reading) => reading.isCurrent),
        ],
      );
      ids.forEach((row, index) => (batch[index]!.id = row.id));
    }
    await dataSource.query('ANALYZE reading');
  });

  afterAll(async () => {
    await testData?.close();
  });

  it('finds her latest current scored reading of each parameter at 200 points in a stay of 5,000+ readings', async () => {
    const repository = new ObservationSetRepository();
    const random = sequence(99);
    const mine = seeded.filter((reading) => reading.patientId === patientId);
    expect(mine.length).toBeGreaterThan(5000);
    for (let trial = 0; trial < 200; trial += 1) {
      const fields = FIELDS.filter(() => random() < 0.4);
      if (trial % 10 === 0) fields.push('notAParameter');
      // From before her first reading to after her last, on and between observation times.
      const until = new Date(START - STEP_MS + Math.floor(random() * (TIMES + 2) * 2) * (STEP_MS / 2));

      const expected = fields
        .flatMap((field) => {
          const candidates = mine.filter(
            (reading) =>
              reading.field === field &&
              reading.isCurrent &&
              reading.status === 'scored' &&
              reading.effectiveAt.getTime() <= until.getTime(),
          );
          const latest = candidates.reduce<SeededReading | undefined>((best, reading) => {
            if (!best) return reading;
            const byTime = reading.effectiveAt.getTime() - best.effectiveAt.getTime();
            return byTime > 0 || (byTime === 0 && BigInt(reading.id!) > BigInt(best.id!)) ? reading : best;
          }, undefined);
          return latest
            ? [{ id: latest.id, field, value: latest.value, effectiveAt: latest.effectiveAt }]
            : [];
        })
        .sort((a, b) => a.field.localeCompare(b.field));

      const found = await repository.latestReadings(dataSource.manager, patientId, fields, until);
      expect({
        trial,
        until,
        found: found.map(({ id, field, value, effectiveAt }) => ({ id, field, value, effectiveAt })),
      }).toEqual({
        trial,
        until,
        found: expected,
      });
    }
  });

  it('reads a handful of pages for her latest reading of each field carried forward, however long her stay', async () => {
    const until = new Date(START + TIMES * STEP_MS);
    for (const field of CARRIED_FORWARD) {
      const texts: string[] = [];
      await new ObservationSetRepository().latestReadings(
        recording(dataSource.manager, texts),
        patientId,
        [field],
        until,
      );
      expect(texts).toHaveLength(1);
      // Her current readings of all parameters up to `until` fill well over a hundred pages.
      const pages = await pagesRead(texts[0]!, [patientId, until.toISOString()]);
      expect({ field, pagesWithinTwelve: pages <= 12 }).toEqual({ field, pagesWithinTwelve: true });
    }
  });

  it('refuses a field that is not a plain name (it is written into the statement)', async () => {
    await expect(
      new ObservationSetRepository().latestReadings(
        dataSource.manager,
        patientId,
        ["x' OR 'a'='a"],
        new Date(),
      ),
    ).rejects.toThrow('not a field name');
  });

  it("reads a handful of pages for her open alerts among 20,000 of other women's closed ones", async () => {
    await dataSource.query(
      `INSERT INTO alert (patient_id, ward_id, kind, prompt_code, state, level, severity, title, detail, raised_at, updated_at)
       SELECT gen_random_uuid(), 'maternity-a', 'deterioration', '', 'resolved', 'urgent-review', 1, 'Resolved', '{}', now(), now()
       FROM generate_series(1, 20000)`,
    );
    const [open] = await dataSource.query<{ id: string }[]>(
      `INSERT INTO alert (patient_id, ward_id, kind, prompt_code, state, level, severity, title, detail, raised_at, updated_at)
       VALUES ($1, 'maternity-a', 'deterioration', '', 'raised', 'urgent-review', 1, 'Raised', '{}', now(), now())
       RETURNING id`,
      [patientId],
    );
    await dataSource.query('ANALYZE alert');
    const texts: string[] = [];
    const found = await dataSource.transaction((manager) =>
      new AlertRepository(dataSource).openOfPatient(recording(manager, texts), patientId),
    );
    expect(found.map((alert) => alert.id)).toEqual([open!.id]);
    expect(texts).toHaveLength(1);
    expect(
      await pagesRead(texts[0]!, [patientId, '{raised,acknowledged,attending}', '{deterioration,concern}']),
    ).toBeLessThanOrEqual(12);
  });
});
