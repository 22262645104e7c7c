import type { EntityManager } from 'typeorm';
import type { ClinicalRecordStore } from '../../../clinical-record/clinical-record.store';
import type { AppConfig } from '../../../config/app-config';
import { JobName } from '../../../queue/queue.constants';
import type { FhirResourceEntity } from '../../persistence/fhir-resource.entity';
import type { FhirResourceStore, StoreResult } from '../../persistence/fhir-resource.store';
import type { LocateRejection, PreparedOf } from '../intake-work';
import { IntakeWork, noReferences } from '../intake-work';
import type { IntakeContext } from '../intake.types';
import type { PatientResolver } from '../patient-resolver';
import { ObservationIntake } from './observation.intake';

const manager = {} as EntityManager;
const context: IntakeContext = {
  sourceSystem: 'urn:epr:test',
  actor: { type: 'client', id: 'epr' },
  via: 'transaction',
  mayWrite: () => true,
};
const row = (id: string): FhirResourceEntity =>
  ({ id, logicalId: `logical-${id}`, versionNumber: 1, patientId: 'p1' }) as FhirResourceEntity;

function observation(minutesAgo: number, id = 'hr'): PreparedOf<'Observation'> {
  return {
    type: 'Observation',
    resource: { resourceType: 'Observation', id },
    warnings: [],
    normalised: {
      status: 'scored',
      subject: { kind: 'id', resourceId: 'mother-1' },
      effectiveAt: new Date(Date.now() - minutesAgo * 60_000),
      effectivePrecision: 'instant',
      readings: [{ field: 'heartRate', value: 88, unit: '/min' }],
      recognisedAs: ['heart rate'],
      members: [],
    },
  };
}

function setUp(stored: StoreResult[]) {
  const resources = { storeMany: jest.fn().mockResolvedValue(stored) };
  const record = { recordReadings: jest.fn(), retire: jest.fn().mockResolvedValue(1) };
  const patients = { resolve: jest.fn().mockResolvedValue({ id: 'p1', wardId: 'maternity-a' }) };
  const config = { env: { BEACON_LIVE_WINDOW_MINUTES: 15 } };
  const intake = new ObservationIntake(
    resources as unknown as FhirResourceStore,
    record as unknown as ClinicalRecordStore,
    patients as unknown as PatientResolver,
    config as unknown as AppConfig,
  );
  return { intake, resources, record };
}

const locate: LocateRejection = (_position, rejection) => rejection;

describe('ObservationIntake', () => {
  it('stores a Bundle of Observations together and writes all their readings in one call', async () => {
    const { intake, record, resources } = setUp([
      { outcome: 'created', row: row('a') },
      { outcome: 'created', row: row('b') },
    ]);
    const work = new IntakeWork();
    const references = noReferences();
    references.panels.set('Observation/rr', 'panel-1');
    await intake.applyMany(
      manager,
      [{ prepared: observation(1, 'hr') }, { prepared: observation(1, 'rr') }],
      context,
      references,
      work,
      locate,
    );
    expect(resources.storeMany).toHaveBeenCalledTimes(1);
    expect(record.recordReadings).toHaveBeenCalledTimes(1);
    const [, inputs] = record.recordReadings.mock.calls[0] as [
      unknown,
      { resourceId: string; panelKey?: string }[],
    ];
    expect(inputs.map((input) => [input.resourceId, input.panelKey])).toEqual([
      ['a', undefined],
      ['b', 'panel-1'],
    ]);
    expect(work.messages.map((message) => message.job)).toEqual([
      JobName.AssessPatient,
      JobName.AssessPatient,
    ]);
    expect(work.audit.map((entry) => entry.type)).toEqual(['observation.received', 'observation.received']);
  });

  it('queues a set taken before the live window as a backlog, and a recent one as live work', async () => {
    const { intake } = setUp([
      { outcome: 'created', row: row('old') },
      { outcome: 'created', row: row('new') },
    ]);
    const work = new IntakeWork();
    await intake.applyMany(
      manager,
      [{ prepared: observation(16, 'old') }, { prepared: observation(14, 'new') }],
      context,
      noReferences(),
      work,
      locate,
    );
    expect(work.messages.map((message) => (message.payload as { backlog?: boolean }).backlog)).toEqual([
      true,
      undefined,
    ]);
  });

  it('records nothing and queues nothing for a repeat delivery', async () => {
    const { intake, record } = setUp([{ outcome: 'repeat', row: row('a') }]);
    const work = new IntakeWork();
    await intake.applyMany(manager, [{ prepared: observation(1) }], context, noReferences(), work, locate);
    expect(record.recordReadings).toHaveBeenCalledWith(manager, []);
    expect(work.messages).toEqual([]);
    expect(work.audit).toEqual([]);
  });

  it('retires the readings of the version a correction replaces, audits it, and keeps the correction in its set', async () => {
    const { intake, record } = setUp([{ outcome: 'new-version', row: row('v2'), replaced: row('v1') }]);
    const work = new IntakeWork();
    await intake.applyMany(manager, [{ prepared: observation(1) }], context, noReferences(), work, locate);
    expect(record.retire).toHaveBeenCalledWith(manager, 'v1');
    expect(work.audit.map((entry) => entry.type)).toEqual(['observation.superseded', 'observation.received']);
    const [, inputs] = record.recordReadings.mock.calls[0] as [unknown, { replacesResourceId?: string }[]];
    expect(inputs[0]?.replacesResourceId).toBe('v1');
  });
});
