import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { PatientChart } from '../../src/alerts/patient-chart.view';
import type { FhirResource } from '../../src/simulator/fhir-bundles';
import {
  deliveryProcedure,
  gestationObservation,
  pregnancyCondition,
  transactionBundle,
} from '../../src/simulator/fhir-bundles';
import {
  admissionBundle,
  minutesAgo,
  observationBundle,
  staffToken,
  vitalsObservations,
} from '../support/clinical';
import type { Vitals } from '../support/clinical';
import { waitUntil } from '../support/private-redis';
import type { TestBeacon } from '../support/test-app';
import { patientIdOf, postBundle, startTestBeacon } from '../support/test-app';
import { TestEpr } from '../support/test-epr';

const WARD = 'maternity-a';
// Totals by the MEWS placeholder bands (src/scoring/charts/mews.chart.ts), worked out by hand per parameter.
const NORMAL: Vitals = {
  heartRate: 84, // 0
  respiratoryRate: 16, // 0
  temperature: 36.8, // 0
  oxygenSaturation: 98, // 0
  systolicBP: 118, // 0
  diastolicBP: 76, // 0
  consciousness: 'A', // 0
};
const RAISING: Vitals = { ...NORMAL, heartRate: 120, respiratoryRate: 24 }; // 1 + 1 = 2: medium, escalates
const WORSE: Vitals = { ...NORMAL, heartRate: 135, respiratoryRate: 28, temperature: 38.2 }; // 2 + 2 + 2 = 6: high
const BETTER: Vitals = { ...NORMAL, heartRate: 125 }; // 1

interface AuditRow {
  type: string;
  details: Record<string, unknown>;
}

describe('observation sets are kept as the EPR sent them (real PostgreSQL, Redis and worker)', () => {
  let beacon: TestBeacon;
  let epr: string;
  let midwife: string;

  const chartOf = async (patientId: string) => {
    const response = await request(beacon.url)
      .get(`/api/patients/${patientId}/chart`)
      .set('Authorization', `Bearer ${midwife}`);
    expect(response.status).toBe(200);
    return response.body as PatientChart;
  };
  const send = async (bundle: unknown) => expect((await postBundle(beacon, epr, bundle)).status).toBe(200);
  const setsOf = async (patientId: string) =>
    beacon.database.query<{ id: string; total: number; times_scored: number; effective_at: Date }>(
      `SELECT id, total, times_scored, effective_at FROM observation_set WHERE patient_id = $1 AND is_current
       ORDER BY effective_at`,
      [patientId],
    );
  const nothingWaiting = async (patientId: string) =>
    (
      await beacon.database.query(`SELECT 1 FROM reading WHERE patient_id = $1 AND assessment_pending`, [
        patientId,
      ])
    ).length === 0;
  const admit = async (source: string, at: string) => {
    await send(admissionBundle(source, WARD, NORMAL, at, `Bed ${source}`));
    return (await patientIdOf(beacon, source)) as string;
  };

  beforeAll(async () => {
    const client = await TestEpr.create();
    beacon = await startTestBeacon({ BEACON_ROLE: 'all' }, { clients: [client.registration()] });
    epr = await client.token(beacon.url);
    midwife = await staffToken('midwife', [WARD], 'Midwife Ada');
  });

  afterAll(async () => {
    await beacon?.close();
  });

  it('shows four complete sets taken 10, 5 and 2 minutes apart as four sets, each with its own time and total', async () => {
    const times = [minutesAgo(17), minutesAgo(7), minutesAgo(2), minutesAgo(0)];
    const patientId = await admit('os-1', times[0]!);
    await send(observationBundle('os-1', RAISING, times[1]!));
    await send(observationBundle('os-1', WORSE, times[2]!));
    await send(observationBundle('os-1', BETTER, times[3]!));
    await waitUntil(
      async () => (await setsOf(patientId)).length >= 4 && (await nothingWaiting(patientId)),
      'four scored sets',
      20000,
    );

    const chart = await chartOf(patientId);
    expect(chart.sets.map((set) => set.effectiveAt)).toEqual(times);
    expect(chart.sets.map((set) => set.total)).toEqual([0, 2, 6, 1]);
    expect(chart.sets.map((set) => set.values.heartRate?.value)).toEqual([84, 120, 135, 125]);
    expect((await setsOf(patientId)).map((set) => set.times_scored)).toEqual([1, 1, 1, 1]);
  });

  it('keeps the raise with the set that raised it; a later, worse set is a "worsened" step', async () => {
    const patientId = (await patientIdOf(beacon, 'os-1')) as string;
    const [raising, worse] = (await setsOf(patientId)).slice(1, 3);
    const [alert] = await beacon.database.query<{ id: string }>(
      `SELECT id FROM alert WHERE patient_id = $1 AND kind = 'deterioration'`,
      [patientId],
    );
    const steps = await beacon.database.query<AuditRow>(
      `SELECT type, details FROM audit_event WHERE alert_id = $1 ORDER BY id`,
      [alert?.id],
    );
    const raised = steps.filter((step) => step.type === 'alert.raised');
    expect(raised).toHaveLength(1);
    expect(raised[0]?.details).toMatchObject({ setId: raising?.id, level: expect.any(String) });
    const worsened = steps.filter((step) => step.type === 'alert.worsened');
    expect(worsened).toHaveLength(1);
    expect(worsened[0]?.details).toMatchObject({ setId: worse?.id });

    const timeline = await request(beacon.url)
      .get(`/api/alerts/${alert?.id}/timeline`)
      .set('Authorization', `Bearer ${await staffToken('auditor')}`);
    expect(timeline.status).toBe(200);
    const types = (timeline.body as { steps: { type: string }[] }).steps.map((step) => step.type);
    expect(types.indexOf('alert.raised')).toBeGreaterThanOrEqual(0);
    expect(types.indexOf('alert.worsened')).toBeGreaterThan(types.indexOf('alert.raised'));
  });

  it('never lets a second reading of a parameter overwrite the first: each set is scored once', async () => {
    const patientId = await admit('os-2', minutesAgo(30));
    // One heart rate every minute, each sent alone (loose readings within the window of each other).
    for (let minute = 9; minute >= 0; minute -= 1)
      await send(
        transactionBundle(vitalsObservations('Patient/os-2', { heartRate: 80 + minute }, minutesAgo(minute))),
      );
    await waitUntil(
      async () => (await setsOf(patientId)).length >= 11 && (await nothingWaiting(patientId)),
      'eleven sets',
      20000,
    );
    const chart = await chartOf(patientId);
    expect(chart.sets.slice(1).map((set) => set.values.heartRate?.value)).toEqual([
      89, 88, 87, 86, 85, 84, 83, 82, 81, 80,
    ]);
  });

  it('counts a vital-signs panel (85353-1 hasMember) as one set, whatever its members say about time', async () => {
    const patientId = await admit('os-3', minutesAgo(60));
    const at = minutesAgo(5);
    const members = vitalsObservations('Patient/os-3', RAISING, at).map((resource, index) => ({
      ...resource,
      // A member recorded a minute late still belongs to the panel it was sent in.
      ...(index === 0 ? { effectiveDateTime: minutesAgo(4) } : {}),
    }));
    const memberUrls = members.map(() => `urn:uuid:${randomUUID()}`);
    const panel = {
      resourceType: 'Observation',
      status: 'final',
      category: [
        {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' },
          ],
        },
      ],
      code: { coding: [{ system: 'http://loinc.org', code: '85353-1' }] },
      subject: { reference: 'Patient/os-3' },
      effectiveDateTime: at,
      hasMember: memberUrls.map((reference) => ({ reference })),
    };
    await send({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: `urn:uuid:${randomUUID()}`,
          resource: panel,
          request: { method: 'POST', url: 'Observation' },
        },
        ...members.map((resource, index) => ({
          fullUrl: memberUrls[index],
          resource,
          request: { method: 'POST', url: 'Observation' },
        })),
      ],
    });
    await waitUntil(
      async () => (await setsOf(patientId)).length >= 2 && (await nothingWaiting(patientId)),
      'the panel scored',
      20000,
    );
    const chart = await chartOf(patientId);
    expect(chart.sets).toHaveLength(2);
    expect(chart.sets[1]?.total).toBe(2);
    expect(chart.sets[1]?.effectiveAt).toBe(at);
  });

  it('re-scores only its own set when a new version of one Observation corrects it, and audits the correction', async () => {
    const patientId = await admit('os-4', minutesAgo(60));
    const withIds = (vitals: Vitals, at: string, prefix: string): FhirResource[] =>
      vitalsObservations('Patient/os-4', vitals, at).map((resource, index) => ({
        ...resource,
        id: `${prefix}-${index}`,
      }));
    const first = withIds(RAISING, minutesAgo(6), 'os4-a');
    await send(transactionBundle(first));
    await send(transactionBundle(withIds(NORMAL, minutesAgo(3), 'os4-b')));
    await waitUntil(
      async () => (await setsOf(patientId)).length >= 3 && (await nothingWaiting(patientId)),
      'three sets',
      20000,
    );
    const before = await setsOf(patientId);

    // The heart rate of the first set was mistyped: 120 should have been 84 (its total falls from 2 to 1).
    const heartRate = first.find((resource) => JSON.stringify(resource).includes('8867-4')) as FhirResource;
    await send(
      transactionBundle([
        { ...heartRate, valueQuantity: { value: 84, system: 'http://unitsofmeasure.org', code: '/min' } },
      ]),
    );
    await waitUntil(
      async () => (await setsOf(patientId))[1]?.times_scored === 2 && (await nothingWaiting(patientId)),
      'the corrected set re-scored',
      20000,
    );
    const after = await setsOf(patientId);
    expect(after.map((set) => set.id)).toEqual(before.map((set) => set.id));
    expect(after.map((set) => set.total)).toEqual([0, 1, 0]);
    expect(after.map((set) => set.times_scored)).toEqual([1, 2, 1]);
    expect(after[1]?.effective_at.toISOString()).toBe(before[1]?.effective_at.toISOString());

    const audit = await beacon.database.query<AuditRow>(
      `SELECT type, details FROM audit_event WHERE patient_id = $1 AND type IN ('observation.superseded', 'set.scored')
       ORDER BY id`,
      [patientId],
    );
    expect(audit.filter((row) => row.type === 'observation.superseded')).toHaveLength(1);
    const rescored = audit.filter((row) => row.type === 'set.scored' && row.details.rescored === true);
    expect(rescored.map((row) => row.details.setId)).toEqual([after[1]?.id]);
  });

  it('scores each set for the group her record says at the time it was taken (delivery, pregnancy, gestation)', async () => {
    const groupOf = async (patientId: string) => {
      await waitUntil(
        async () => (await nothingWaiting(patientId)) && (await setsOf(patientId)).length >= 2,
        'scored',
        20000,
      );
      const [latest] = await beacon.database.query<{ patient_group: string; group_assumed: boolean }>(
        `SELECT patient_group, group_assumed FROM observation_set WHERE patient_id = $1 AND is_current
         ORDER BY effective_at DESC LIMIT 1`,
        [patientId],
      );
      return latest;
    };
    const days = (n: number) => new Date(Date.now() - n * 86_400_000);
    const cases: [string, (source: string) => FhirResource, string][] = [
      [
        'delivered 2 days ago',
        (source) => deliveryProcedure({ id: `${source}-d`, patientId: source, performed: days(2) }),
        'postnatal',
      ],
      ['30 weeks by dating', (source) => gestationObservation(source, 30 * 7, minutesAgo(30)), 'antenatal'],
      [
        'pregnancy recorded',
        (source) => pregnancyCondition({ id: `${source}-p`, patientId: source, onset: days(90) }),
        'antenatal',
      ],
    ];
    for (const [index, [, recorded]] of cases.entries()) {
      const source = `os-group-${index + 1}`;
      const patientId = await admit(source, minutesAgo(60));
      await send(transactionBundle([recorded(source)]));
      await send(observationBundle(source, NORMAL, minutesAgo(1)));
      expect(await groupOf(patientId)).toEqual({ patient_group: cases[index]?.[2], group_assumed: false });
    }
  });
});
