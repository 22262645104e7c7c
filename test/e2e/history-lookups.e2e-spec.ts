import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { AlertRepository } from '../../src/alerts/alert.repository';
import { CARRIED_FORWARD } from '../../src/assessment/domain/observation-set-assembly';
import { ObservationSetRepository } from '../../src/assessment/observation-set.repository';
import { ClinicalRecordStore } from '../../src/clinical-record/clinical-record.store';
import { CONTEXT_READING_FIELDS } from '../../src/clinical-record/clinical-record.types';
import { SPARSE_READING_FIELDS } from '../../src/clinical-record/persistence/sparse-reading-fields';
import { PathwayRecordReader } from '../../src/prompts/persistence/pathway-record.reader';
import { shippedConfig } from '../unit/support/shipped-config';
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
  'gestationalAgeDays',
];
const START = Date.parse('2026-11-01T00:00:00Z');
const STEP_MS = 5 * 60_000;
const TIMES = 700;
/** Within the year before the test runs, so the reader takes her for a baby. */
const BABY_BORN = Date.now() - 2 * 24 * 3600_000;

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
  const babyId = randomUUID();
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
      await runner.query('DEALLOCATE history_probe').catch(() => undefined);
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
        if (field === 'gestationalAgeDays' && step % 100 !== 0) continue;
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
    // Her baby, born at the end of her stay: a temperature and a heart rate every 15 minutes for a day.
    for (let step = 0; step < 96; step += 1)
      for (const field of ['temperature', 'heartRate'])
        seeded.push({
          patientId: babyId,
          field,
          value: field === 'temperature' ? 36 + (step % 20) / 10 : 140,
          effectiveAt: new Date(BABY_BORN + step * 15 * 60_000),
          status: 'scored',
          isCurrent: true,
        });
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
    await dataSource.query(
      `INSERT INTO patient (id, name, ward_id) VALUES ($1, 'Long Stay', 'maternity-a');`,
      [patientId],
    );
    await dataSource.query(
      'INSERT INTO patient (id, name, mother_patient_id, birth_time) VALUES ($1, $2, $3, $4)',
      [babyId, 'Baby Stay', patientId, new Date(BABY_BORN)],
    );
    await dataSource.query('ANALYZE reading');
    await dataSource.query('ANALYZE patient');
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

  it('reads a handful of pages for her latest reading of each sparse field, however long her stay', async () => {
    expect(CARRIED_FORWARD.filter((field) => !SPARSE_READING_FIELDS.includes(field))).toEqual([]);
    expect(CONTEXT_READING_FIELDS.filter((field) => !SPARSE_READING_FIELDS.includes(field))).toEqual([]);
    const until = new Date(START + TIMES * STEP_MS);
    for (const field of SPARSE_READING_FIELDS) {
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

  it('reads her gestations for each assessment through a handful of pages, however long her stay', async () => {
    const texts: string[] = [];
    const record = await new ClinicalRecordStore().recordForAssessment(
      recording(dataSource.manager, texts),
      patientId,
    );
    const expected = seeded
      .filter((reading) => reading.patientId === patientId)
      .filter((reading) => reading.field === 'gestationalAgeDays' && reading.isCurrent)
      .map((reading) => ({ days: reading.value, at: reading.effectiveAt.toISOString() }))
      .sort((a, b) => a.at.localeCompare(b.at) || a.days - b.days);
    expect(expected.length).toBeGreaterThan(5);
    const found = (record?.gestations ?? [])
      .map((gestation) => ({ days: gestation.days, at: gestation.at.toISOString() }))
      .sort((a, b) => a.at.localeCompare(b.at) || a.days - b.days);
    expect(found).toEqual(expected);
    expect(record?.babiesBorn).toEqual([new Date(BABY_BORN)]);
    expect(texts).toHaveLength(1);
    expect(await pagesRead(texts[0]!, [patientId])).toBeLessThanOrEqual(16);
  });

  it("reads the family's context readings and only the baby's temperatures, not the mother's whole stay", async () => {
    const texts: string[] = [];
    const family = await new PathwayRecordReader(shippedConfig()).family(
      recording(dataSource.manager, texts),
      babyId,
    );
    const wanted = (reading: SeededReading) =>
      reading.isCurrent &&
      reading.status !== 'entered-in-error' &&
      ((reading.patientId === patientId &&
        (CONTEXT_READING_FIELDS as readonly string[]).includes(reading.field)) ||
        (reading.patientId === babyId && reading.field === 'temperature'));
    const summary = (readings: readonly { field: string; value: unknown; at: number }[]) =>
      readings
        .map(({ field, value, at }) => `${field} ${String(value)} ${new Date(at).toISOString()}`)
        .sort();
    const expectedOf = (id: string) =>
      summary(
        seeded
          .filter((reading) => reading.patientId === id && wanted(reading))
          .map((reading) => ({
            field: reading.field,
            value: reading.value,
            at: reading.effectiveAt.getTime(),
          })),
      );
    expect(expectedOf(babyId)).toHaveLength(96);
    expect(summary(family?.mother?.readings ?? [])).toEqual(expectedOf(patientId));
    expect(family?.babies.map((baby) => summary(baby.readings))).toEqual([expectedOf(babyId)]);
    const familyRead = texts.find((text) => text.includes('FROM reading'));
    expect(familyRead).toBeDefined();
    // One index descent per member and context field, and the baby's day: a few dozen pages. The mother's stay
    // alone fills well over a hundred.
    expect(await pagesRead(familyRead!, [`{${patientId},${babyId}}`, `{${babyId}}`])).toBeLessThanOrEqual(40);
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
