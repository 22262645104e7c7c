import request from 'supertest';
import { fixture } from '../support/fixtures';
import { waitUntil } from '../support/private-redis';
import type { TestBeacon } from '../support/test-app';
import { startTestBeacon } from '../support/test-app';
import { TestEpr } from '../support/test-epr';

/**
 * Realistic data: the official FHIR R4 examples (CC0) ingest as the specification intends, and the UK-Core-shaped
 * fixtures (SNOMED-first dual coding, ACVPU, air/oxygen, NHS numbers, Encounter locations; provenance in
 * test/fixtures/fhir/uk-core/README.md) ingest cleanly and are scored with the chart each ward uses.
 */
describe('realistic FHIR data (real PostgreSQL, Redis and worker)', () => {
  let beacon: TestBeacon;
  let token: string;

  beforeAll(async () => {
    const epr = await TestEpr.create();
    beacon = await startTestBeacon({ BEACON_ROLE: 'all' }, { clients: [epr.registration()] });
    token = await epr.token(beacon.url);
  });

  afterAll(async () => {
    await beacon?.close();
  });

  const post = (path: string, body: unknown) =>
    request(beacon.url)
      .post(path)
      .set('Authorization', `Bearer ${token}`)
      .type('application/fhir+json')
      .send(JSON.stringify(body));

  async function readingsOf(sourceId: string) {
    return beacon.database.query<{ field: string; value: unknown; status: string; precision: string }>(
      `SELECT r.field, r.value, r.status, r.effective_precision AS precision FROM reading r
       JOIN fhir_resource f ON f.id = r.resource_id WHERE f.source_id = $1 ORDER BY r.field`,
      [sourceId],
    );
  }

  describe('the official FHIR R4 examples', () => {
    beforeAll(async () => {
      expect((await post('/fhir/Patient', fixture('r4-examples/Patient-example.json'))).status).toBe(201);
    });

    it.each([
      ['Observation-heart-rate.json', 'heart-rate', [{ field: 'heartRate', value: 44 }]],
      ['Observation-respiratory-rate.json', 'respiratory-rate', [{ field: 'respiratoryRate', value: 26 }]],
      ['Observation-body-temperature.json', 'body-temperature', [{ field: 'temperature', value: 36.5 }]],
      [
        'Observation-blood-pressure.json',
        'blood-pressure',
        [
          { field: 'diastolicBP', value: 60 },
          { field: 'systolicBP', value: 107 },
        ],
      ],
    ])(
      '%s: stored with its readings, but not scored because it gives a date without a time',
      async (file, id, expected) => {
        const response = await post('/fhir/Observation', fixture(`r4-examples/${file}`));
        expect(response.status).toBe(201);
        expect(response.headers.location).toMatch(/\/fhir\/Observation\/[0-9a-f-]{36}\/_history\/1$/);
        const readings = await readingsOf(id);
        expect(readings.map(({ field, value }) => ({ field, value }))).toEqual(expected);
        expect(
          readings.every((reading) => reading.status === 'stored-only' && reading.precision === 'day'),
        ).toBe(true);
      },
    );

    it('a blood pressure whose diastolic component has a dataAbsentReason records the systolic only', async () => {
      const response = await post(
        '/fhir/Observation',
        fixture('r4-examples/Observation-blood-pressure-dar.json'),
      );
      // It shares its identifier with the other blood-pressure example, but its id differs: a different resource.
      expect(response.status).toBe(201);
      expect((await readingsOf('blood-pressure-dar')).map(({ field, value }) => ({ field, value }))).toEqual([
        { field: 'systolicBP', value: 107 },
      ]);
    });

    it('an SpO2 with a full date, time and zone is scored', async () => {
      expect((await post('/fhir/Observation', fixture('r4-examples/Observation-satO2.json'))).status).toBe(
        201,
      );
      expect(await readingsOf('satO2')).toEqual([
        { field: 'oxygenSaturation', value: 95, status: 'scored', precision: 'instant' },
      ]);
    });

    it('the vital-signs panel and its members, sent together, are one panel of readings', async () => {
      // The members were posted on their own above; here they are sent again under new ids, with the panel.
      const members = [
        'Observation-heart-rate.json',
        'Observation-respiratory-rate.json',
        'Observation-body-temperature.json',
        'Observation-blood-pressure.json',
      ].map((file) => {
        const resource = fixture<{ id: string }>(`r4-examples/${file}`);
        return { ...resource, id: `${resource.id}-in-panel`, identifier: undefined };
      });
      const panel = fixture<fhir4.Observation>('r4-examples/Observation-vitals-panel.json');
      panel.hasMember = members.map((member) => ({ reference: `Observation/${member.id}` }));
      const bundle = {
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [panel, ...members].map((resource) => ({
          fullUrl: `Observation/${resource.id ?? ''}`,
          resource,
          request: { method: 'PUT', url: `Observation/${resource.id ?? ''}` },
        })),
      };
      const response = await post('/fhir', bundle);
      expect(response.status).toBe(200);
      expect((response.body as fhir4.Bundle).entry?.map((entry) => entry.response?.status)).toEqual(
        Array(5).fill('201 Created'),
      );
      expect(await readingsOf('vitals-panel')).toEqual([]);
      const panels = await beacon.database.query<{ panel_key: string; fields: string[] }>(
        `SELECT panel_key, array_agg(field ORDER BY field) AS fields FROM reading WHERE panel_key IS NOT NULL GROUP BY panel_key`,
      );
      expect(panels).toEqual([
        {
          panel_key: expect.stringContaining('Observation/vitals-panel'),
          fields: ['diastolicBP', 'heartRate', 'respiratoryRate', 'systolicBP', 'temperature'],
        },
      ]);
    });

    it('a newborn and the RelatedPerson for its mother ingest; the birth time that contradicts the birth date is ignored with a warning', async () => {
      const newborn = await post('/fhir/Patient', fixture('r4-examples/Patient-newborn.json')).set(
        'Prefer',
        'return=OperationOutcome',
      );
      expect(newborn.status).toBe(201);
      expect(newborn.body.issue).toEqual([
        expect.objectContaining({ severity: 'warning', expression: ['Patient.birthDate'] }),
      ]);
      expect(
        (await post('/fhir/RelatedPerson', fixture('r4-examples/RelatedPerson-newborn-mom.json'))).status,
      ).toBe(201);
      const [baby] = await beacon.database.query<{
        birth_date: string;
        birth_time: Date | null;
        related: number;
      }>(
        `SELECT p.birth_date::text, p.birth_time, (SELECT count(*)::int FROM fhir_resource f WHERE f.resource_type = 'RelatedPerson' AND f.patient_id = p.id) AS related
         FROM patient p JOIN patient_identity i ON i.patient_id = p.id WHERE i.source_id = 'newborn'`,
      );
      expect(baby).toEqual({ birth_date: '2017-09-05', birth_time: null, related: 1 });
    });
  });

  describe('UK-Core-shaped transactions', () => {
    async function sets(nhsNumber: string) {
      return beacon.database.query<{
        chart_id: string;
        patient_group: string;
        group_assumed: boolean;
        total: number;
        escalate: boolean;
        ward_id: string;
      }>(
        `SELECT s.chart_id, s.patient_group, s.group_assumed, s.total, s.escalate, s.ward_id FROM observation_set s
         JOIN patient p ON p.id = s.patient_id WHERE p.nhs_number = $1`,
        [nhsNumber],
      );
    }

    it('a deteriorating woman on the maternity ward: every reading normalised, scored with MEWS, escalating', async () => {
      expect(
        (await post('/fhir', fixture('uk-core/maternity-woman-deteriorating.transaction.json'))).status,
      ).toBe(200);
      const readings = await beacon.database.query<{ field: string; value: unknown }>(
        `SELECT r.field, r.value FROM reading r JOIN patient p ON p.id = r.patient_id WHERE p.nhs_number = '9991234039' ORDER BY r.field`,
      );
      expect(Object.fromEntries(readings.map((reading) => [reading.field, reading.value]))).toEqual({
        consciousness: 'V',
        diastolicBP: 100,
        heartRate: 125,
        onSupplementalOxygen: true,
        oxygenSaturation: 93,
        respiratoryRate: 26,
        systolicBP: 150,
        temperature: 38.4,
      });
      const [patient] = await beacon.database.query(
        `SELECT ward_id, bed FROM patient WHERE nhs_number = '9991234039'`,
      );
      expect(patient).toEqual({ ward_id: 'maternity-a', bed: 'Bed 7' });
      await waitUntil(async () => (await sets('9991234039')).length === 1, 'set scored');
      expect(await sets('9991234039')).toEqual([
        expect.objectContaining({
          chart_id: 'mews',
          patient_group: 'antenatal',
          group_assumed: true,
          escalate: true,
          ward_id: 'maternity-a',
        }),
      ]);
    });

    it('a newborn with its mother: linked by the mother’s NHS number, birth facts recorded, scored with NEWTT2', async () => {
      expect((await post('/fhir', fixture('uk-core/newborn-with-mother.transaction.json'))).status).toBe(200);
      const [link] = await beacon.database.query(
        `SELECT baby.ward_id, mother.nhs_number AS mother FROM patient baby JOIN patient mother ON mother.id = baby.mother_patient_id WHERE baby.nhs_number = '9991234055'`,
      );
      expect(link).toEqual({ ward_id: 'transitional-care', mother: '9991234047' });
      const birth = await beacon.database.query<{ field: string; value: unknown }>(
        `SELECT r.field, r.value FROM reading r JOIN patient p ON p.id = r.patient_id
         WHERE p.nhs_number = '9991234055' AND r.field IN ('gestationalAgeAtBirthDays', 'birthWeightGrams') ORDER BY r.field`,
      );
      expect(birth).toEqual([
        { field: 'birthWeightGrams', value: 2650 },
        { field: 'gestationalAgeAtBirthDays', value: 252 },
      ]);
      await waitUntil(async () => (await sets('9991234055')).length === 1, 'set scored');
      expect(await sets('9991234055')).toEqual([
        expect.objectContaining({
          chart_id: 'newtt2',
          patient_group: 'newborn',
          group_assumed: false,
          escalate: false,
          ward_id: 'transitional-care',
        }),
      ]);
    });

    it('a booking CO reading and smoking status are recorded (for the smoke-free pathway), not scored', async () => {
      expect((await post('/fhir', fixture('uk-core/co-reading-booking.transaction.json'))).status).toBe(200);
      const readings = await beacon.database.query<{ field: string; value: unknown }>(
        `SELECT r.field, r.value FROM reading r JOIN patient p ON p.id = r.patient_id WHERE p.nhs_number = '9991234063' ORDER BY r.field`,
      );
      expect(readings).toEqual([
        { field: 'carbonMonoxidePpm', value: 6 },
        { field: 'smokingStatus', value: 'smoker' },
      ]);
    });
  });
});
