import { SCORE_IDENTIFIER_SYSTEM } from '../../src/fhir/writeback/score-observation';
import { TestFhirServer } from '../support/fhir-server';
import { waitUntil } from '../support/private-redis';
import type { TestBeacon } from '../support/test-app';
import { startTestBeacon } from '../support/test-app';

describe('writing scores back to the upstream FHIR server (real Medplum engine)', () => {
  let upstream: TestFhirServer;
  let beacon: TestBeacon;

  beforeAll(async () => {
    upstream = await TestFhirServer.start();
    beacon = await startTestBeacon({
      BEACON_ROLE: 'all',
      BEACON_FHIR_UPSTREAM_URL: upstream.baseUrl,
      BEACON_FHIR_NOTIFY_SECRET: 'notify-secret-0123456789abcdef',
      BEACON_FHIR_WRITE_BACK: 'true',
    });
    await waitUntil(
      async () => ((await upstream.search('Subscription')) as fhir4.Bundle).entry?.length === 8,
      'subscribed',
    );
  });

  afterAll(async () => {
    await beacon?.close();
    await upstream?.stop();
  });

  it('writes a NEWS2 score Observation derived from the readings it scored, with the UK Core codes, and updates it on re-score', async () => {
    await upstream.update({ resourceType: 'Patient', id: 'wb-1' });
    await upstream.create({
      resourceType: 'Encounter',
      status: 'in-progress',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
      subject: { reference: 'Patient/wb-1' },
      location: [{ location: { reference: 'Location/general-surgical' } }],
    });
    const at = new Date(Date.now() - 60_000).toISOString();
    const heartRate = await upstream.create({
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
      subject: { reference: 'Patient/wb-1' },
      effectiveDateTime: at,
      valueQuantity: { value: 135, system: 'http://unitsofmeasure.org', code: '/min' },
    });
    const written = async () =>
      (
        (await upstream.search(
          `Observation?identifier=${encodeURIComponent(SCORE_IDENTIFIER_SYSTEM)}|`,
        )) as fhir4.Bundle
      ).entry?.map((entry) => entry.resource as fhir4.Observation) ?? [];
    await waitUntil(async () => (await written()).length === 1, 'score written upstream', 20000);
    const [score] = await written();
    expect(score).toMatchObject({
      code: { coding: [{ system: 'http://snomed.info/sct', code: '1104051000000101' }] },
      subject: { reference: 'Patient/wb-1' },
      valueQuantity: { value: 3, code: '{ScoreOf}' },
      derivedFrom: [{ reference: `Observation/${heartRate.id}` }],
      component: [
        {
          code: { coding: [{ system: 'http://snomed.info/sct', code: '1104351000000103' }] },
          valueQuantity: { value: 3 },
        },
      ],
    });

    await upstream.create({
      resourceType: 'Observation',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '9279-1' }] },
      subject: { reference: 'Patient/wb-1' },
      effectiveDateTime: at,
      valueQuantity: { value: 26, system: 'http://unitsofmeasure.org', code: '/min' },
    });
    await waitUntil(
      async () => (await written())[0]?.valueQuantity?.value === 6,
      're-scored and updated',
      20000,
    );
    expect(await written()).toHaveLength(1);
  });
});
