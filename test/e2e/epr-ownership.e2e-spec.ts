import request from 'supertest';
import { inpatientEncounter, patientResource, transactionBundle } from '../../src/simulator/fhir-bundles';
import { staffToken } from '../support/clinical';
import type { TestBeacon } from '../support/test-app';
import { postBundle, startTestBeacon } from '../support/test-app';
import { TestEpr } from '../support/test-epr';

/**
 * Two EPRs writing about the same woman (docs/integration.md, "Who may change what"): the maternity EPR registers
 * her and places her on Maternity Ward A; the neonatal EPR knows her as her baby's mother. NHS number 9991234071:
 * 999123407 weighs 9·10 + 9·9 + 9·8 + 1·7 + 2·6 + 3·5 + 4·4 + 0·3 + 7·2 = 307; 307 mod 11 = 10; check digit 1.
 */
const NHS_NUMBER = '9991234071';
const FHIR = 'application/fhir+json';

const mother = (id: string, changes: Partial<Parameters<typeof patientResource>[0]> = {}) =>
  patientResource({
    id,
    nhsNumber: NHS_NUMBER,
    given: ['Alice'],
    family: 'BEACONTEST',
    gender: 'female',
    born: { date: '1990-04-01' },
    ...changes,
  });

interface Outcome {
  resourceType: string;
  issue: { code: string; expression?: string[]; diagnostics: string }[];
}

describe('patient facts owned by the EPR that registered or placed her (real PostgreSQL)', () => {
  let beacon: TestBeacon;
  let maternity: TestEpr;
  let neonatal: TestEpr;
  let tokens: { maternity: string; neonatal: string };
  let patientId: string;

  const post = (token: string, path: string, resource: unknown) =>
    request(beacon.url)
      .post(path)
      .set('Authorization', `Bearer ${token}`)
      .type(FHIR)
      .send(JSON.stringify(resource));

  const held = async () => {
    const [row] = await beacon.database.query<{ name: string; ward_id: string; bed: string }>(
      'SELECT name, ward_id, bed FROM patient WHERE id = $1',
      [patientId],
    );
    return row;
  };

  const auditOf = (type: string) =>
    beacon.database.query<{ actor_id: string; patient_id: string; details: Record<string, unknown> }>(
      'SELECT actor_id, patient_id, details FROM audit_event WHERE type = $1 ORDER BY id',
      [type],
    );

  const countRows = async () => {
    const [row] = await beacon.database.query<{ resources: number; patients: number }>(
      'SELECT (SELECT count(*)::int FROM fhir_resource) AS resources, (SELECT count(*)::int FROM patient) AS patients',
    );
    return row;
  };

  beforeAll(async () => {
    maternity = await TestEpr.create({ clientId: 'maternity-epr', sourceSystem: 'urn:epr:maternity' });
    neonatal = await TestEpr.create({ clientId: 'neonatal-epr', sourceSystem: 'urn:epr:neonatal' });
    beacon = await startTestBeacon(
      { BEACON_ROLE: 'api' },
      { clients: [maternity.registration(), neonatal.registration()] },
    );
    tokens = { maternity: await maternity.token(beacon.url), neonatal: await neonatal.token(beacon.url) };
    const admitted = await postBundle(
      beacon,
      tokens.maternity,
      transactionBundle([
        mother('mat-alice'),
        inpatientEncounter({ id: 'mat-stay', patientId: 'mat-alice', wardId: 'maternity-a', bed: 'Bed 4' }),
      ]),
    );
    expect(admitted.status).toBe(200);
    const [row] = await beacon.database.query<{ patient_id: string }>(
      `SELECT patient_id FROM patient_identity WHERE source_id = 'mat-alice'`,
    );
    patientId = row!.patient_id;
  });

  afterAll(async () => {
    await beacon?.close();
  });

  it('lets a second EPR link itself to her by NHS number when it agrees with what is held', async () => {
    const response = await post(tokens.neonatal, '/fhir/Patient', mother('neo-alice'));
    expect(response.status).toBe(201);
    const [identity] = await beacon.database.query<{ patient_id: string }>(
      `SELECT patient_id FROM patient_identity WHERE source_system = 'urn:epr:neonatal' AND source_id = 'neo-alice'`,
    );
    expect(identity?.patient_id).toBe(patientId);
  });

  it('refuses (409) a second EPR renaming her, names the element, stores nothing and audits the refusal', async () => {
    const before = await countRows();
    const response = await post(tokens.neonatal, '/fhir/Patient', mother('neo-alice', { family: 'RENAMED' }));
    expect(response.status).toBe(409);
    const outcome = JSON.parse(response.text) as Outcome;
    expect(outcome.issue).toEqual([
      expect.objectContaining({ code: 'conflict', expression: ['Patient.name'] }),
    ]);
    expect(outcome.issue[0]?.diagnostics).toMatch(/belong to urn:epr:maternity/);
    // What the owner holds is not told to the other EPR.
    expect(response.text).not.toContain('Alice BEACONTEST');
    expect((await held())?.name).toBe('Alice BEACONTEST');
    expect(await countRows()).toEqual(before);
    const refusals = await auditOf('patient.update-refused');
    expect(refusals).toEqual([
      {
        actor_id: 'neonatal-epr',
        patient_id: patientId,
        details: expect.objectContaining({
          owner: 'urn:epr:maternity',
          sourceSystem: 'urn:epr:neonatal',
          differences: [{ element: 'Patient.name', held: 'Alice BEACONTEST', sent: 'Alice RENAMED' }],
        }),
      },
    ]);
  });

  it('refuses (409) a second EPR moving her to another ward, so her midwife keeps her chart', async () => {
    const before = await countRows();
    const response = await post(
      tokens.neonatal,
      '/fhir/Encounter',
      inpatientEncounter({
        id: 'neo-stay',
        patientId: 'neo-alice',
        wardId: 'transitional-care',
        bed: 'Cot 2',
      }),
    );
    expect(response.status).toBe(409);
    expect((JSON.parse(response.text) as Outcome).issue[0]?.expression).toEqual(['Encounter.location']);
    expect(await held()).toEqual({ name: 'Alice BEACONTEST', ward_id: 'maternity-a', bed: 'Bed 4' });
    expect(await countRows()).toEqual(before);
    expect(await auditOf('patient.location-changed')).toHaveLength(1);
    expect(await auditOf('patient.move-refused')).toEqual([
      expect.objectContaining({
        actor_id: 'neonatal-epr',
        details: expect.objectContaining({
          owner: 'urn:epr:maternity',
          differences: [
            { element: 'Encounter.location', held: 'maternity-a, Bed 4', sent: 'transitional-care, Cot 2' },
          ],
        }),
      }),
    ]);
    const midwife = await staffToken('midwife', ['maternity-a']);
    const chart = await request(beacon.url)
      .get(`/api/patients/${patientId}/chart`)
      .set('Authorization', `Bearer ${midwife}`);
    expect(chart.status).toBe(200);
  });

  it('refuses the same conflicts inside a transaction Bundle, naming the entry', async () => {
    const response = await postBundle(
      beacon,
      tokens.neonatal,
      transactionBundle([mother('neo-alice', { given: ['Alicia'] })]),
    );
    expect(response.status).toBe(409);
    expect((JSON.parse(response.text) as Outcome).issue[0]?.expression).toEqual([
      'Bundle.entry[0].resource.name',
    ]);
  });

  it('lets the owner rename and move her, and a second EPR place her once the owner has ended her stay', async () => {
    expect(
      (await post(tokens.maternity, '/fhir/Patient', mother('mat-alice', { family: 'SMITH' }))).status,
    ).toBe(201);
    expect((await held())?.name).toBe('Alice SMITH');
    const ended = await post(tokens.maternity, '/fhir/Encounter', {
      ...inpatientEncounter({ id: 'mat-stay', patientId: 'mat-alice', wardId: 'maternity-a', bed: 'Bed 4' }),
      status: 'finished',
    });
    expect(ended.status).toBe(201);
    expect((await held())?.ward_id).toBeNull();
    const placed = await post(
      tokens.neonatal,
      '/fhir/Encounter',
      inpatientEncounter({
        id: 'neo-stay',
        patientId: 'neo-alice',
        wardId: 'transitional-care',
        bed: 'Cot 2',
      }),
    );
    expect(placed.status).toBe(201);
    expect(await held()).toEqual({ name: 'Alice SMITH', ward_id: 'transitional-care', bed: 'Cot 2' });
    // Now the neonatal EPR placed her: the maternity EPR may not move her back silently either.
    const back = await post(
      tokens.maternity,
      '/fhir/Encounter',
      inpatientEncounter({ id: 'mat-stay-2', patientId: 'mat-alice', wardId: 'maternity-a', bed: 'Bed 1' }),
    );
    expect(back.status).toBe(409);
  });

  it('lets a second EPR fill a fact the owner never sent, without replacing any', async () => {
    await beacon.database.query('UPDATE patient SET sex = NULL WHERE id = $1', [patientId]);
    const response = await post(tokens.neonatal, '/fhir/Patient', {
      ...mother('neo-alice', { family: 'SMITH' }),
      gender: 'female',
    });
    expect(response.status).toBe(201);
    const [row] = await beacon.database.query<{ sex: string; name: string }>(
      'SELECT sex, name FROM patient WHERE id = $1',
      [patientId],
    );
    expect(row).toEqual({ sex: 'female', name: 'Alice SMITH' });
  });

  it('refuses (409, not 500) giving a patient an NHS number another Beacon patient already holds', async () => {
    // Found by the fuzz run (seed 15). 9991234098: 999123409 weighs 311; 311 mod 11 = 3; check digit 8.
    const other = '9991234098';
    const withoutNumber = { ...mother('dup-one'), identifier: undefined };
    expect((await post(tokens.maternity, '/fhir/Patient', withoutNumber)).status).toBe(201);
    const { id: _id, ...anonymous } = mother('unused', { nhsNumber: other, family: 'OTHER' }) as {
      id: string;
    };
    expect((await post(tokens.maternity, '/fhir/Patient', anonymous)).status).toBe(201);
    const before = await countRows();
    const response = await post(tokens.maternity, '/fhir/Patient', mother('dup-one', { nhsNumber: other }));
    expect(response.status).toBe(409);
    expect((JSON.parse(response.text) as Outcome).issue[0]?.expression).toEqual(['Patient.identifier']);
    expect(await countRows()).toEqual(before);
  });
});
