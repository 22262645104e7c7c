import type { AppConfig } from '../../config/app-config';
import type { BeaconMetrics } from '../../metrics/beacon-metrics';
import { BundleIntake } from './bundle-intake';
import type { IntakeService } from './intake.service';
import type { IntakeContext, IntakeResult } from './intake.types';
import { IntakeRejection } from './intake.types';

/** What each entry's transaction does, in the order the batch applies them (entries of one type keep their order). */
type Step = 'store' | Error;

const stored = (id: string): IntakeResult => ({
  status: 201,
  outcome: 'created',
  resourceType: 'Patient',
  logicalId: id,
  versionNumber: 1,
  receivedAt: new Date('2026-01-01T00:00:00Z'),
  patientId: id,
  warnings: [],
  resource: { resourceType: 'Patient', id },
});

function bundleIntake(steps: Step[]) {
  const intake = {
    prepare: jest.fn((resource: fhir4.Resource) => ({ resource, warnings: [] })),
    inTransaction: jest.fn(() => {
      const step = steps.shift();
      return step === 'store'
        ? Promise.resolve(stored(`p${steps.length}`))
        : Promise.reject(step ?? new Error());
    }),
  };
  const config = {
    env: { BEACON_PUBLIC_URL: 'http://beacon.test', BEACON_FHIR_MAX_BUNDLE_ENTRIES: 50 },
  } as unknown as AppConfig;
  const metrics = { intakeResources: { inc: jest.fn() } } as unknown as BeaconMetrics;
  return {
    bundles: new BundleIntake(intake as unknown as IntakeService, config, metrics),
    intake,
    metrics: metrics as unknown as { intakeResources: { inc: jest.Mock } },
  };
}

const context: IntakeContext = {
  sourceSystem: 'https://epr.test',
  actor: { type: 'client', id: 'epr' },
  via: 'batch',
  mayWrite: () => true,
};

const batch = (count: number) => ({
  resourceType: 'Bundle',
  type: 'batch',
  entry: Array.from({ length: count }, (_, index) => ({
    resource: { resourceType: 'Patient', id: `patient-${index}` },
    request: { method: 'PUT', url: `Patient/patient-${index}` },
  })),
});

const statuses = (bundle: fhir4.Bundle) => bundle.entry?.map((entry) => entry.response?.status);
const issue = (bundle: fhir4.Bundle, index: number) =>
  (bundle.entry?.[index]?.response?.outcome as fhir4.OperationOutcome | undefined)?.issue[0];

/** node-postgres when the pool gave up waiting for a connection. */
const poolTimeout = () => new Error('timeout exceeded when trying to connect');
/** node-postgres when PostgreSQL is not listening. */
const refused = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('BundleIntake batch: every entry gets its own response', () => {
  it('answers an unexpected failure of one entry with a 500 entry and stores the others', async () => {
    const { bundles, intake, metrics } = bundleIntake(['store', new TypeError('boom'), 'store']);
    const response = await bundles.process(batch(3), context);
    expect(response.type).toBe('batch-response');
    expect(statuses(response)).toEqual(['201 Created', '500 Internal Server Error', '201 Created']);
    expect(issue(response, 1)).toMatchObject({
      severity: 'fatal',
      code: 'exception',
      expression: ['Bundle.entry[1]'],
    });
    expect(issue(response, 1)?.diagnostics).not.toMatch(/boom/);
    expect(intake.inTransaction).toHaveBeenCalledTimes(3);
    expect(
      metrics.intakeResources.inc.mock.calls.map(([labels]) => (labels as { outcome: string }).outcome),
    ).toEqual(['created', 'failed', 'created']);
  });

  it('after a stored entry, a saturated pool is a 503 (throttled) and the entries after it are not tried', async () => {
    const { bundles, intake } = bundleIntake(['store', poolTimeout(), 'store']);
    const response = await bundles.process(batch(3), context);
    expect(statuses(response)).toEqual(['201 Created', '503 Service Unavailable', '503 Service Unavailable']);
    expect(issue(response, 1)).toMatchObject({ code: 'throttled', expression: ['Bundle.entry[1]'] });
    expect(issue(response, 2)).toMatchObject({ code: 'transient', expression: ['Bundle.entry[2]'] });
    expect(intake.inTransaction).toHaveBeenCalledTimes(2);
  });

  it('when the database is unavailable before anything was stored, the whole Bundle fails (a 503 to resend)', async () => {
    const failure = refused();
    const { bundles, intake } = bundleIntake([failure, 'store']);
    await expect(bundles.process(batch(2), context)).rejects.toBe(failure);
    expect(intake.inTransaction).toHaveBeenCalledTimes(1);
  });

  it('keeps a refusal (4xx) an entry of its own, and an unexpected failure after it still a 500 entry', async () => {
    const { bundles } = bundleIntake([
      new IntakeRejection(422, [{ code: 'processing', diagnostics: 'no', expression: 'Patient.birthDate' }]),
      new Error('unexpected'),
    ]);
    const response = await bundles.process(batch(2), context);
    expect(statuses(response)).toEqual(['422 Unprocessable Entity', '500 Internal Server Error']);
    expect(issue(response, 0)?.expression).toEqual(['Bundle.entry[0].resource.birthDate']);
  });
});
