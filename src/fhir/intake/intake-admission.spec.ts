import type { Request, Response } from 'express';
import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { shippedConfig } from '../../../test/unit/support/shipped-config';
import type { HttpError } from '../../http/http-error';
import { BeaconMetrics } from '../../metrics/beacon-metrics';
import { IntakeAdmission } from './intake-admission';
import { IntakeSlots } from './intake-slots';

const env = { BEACON_INTAKE_MAX_POOL_WAITERS: '10', BEACON_INTAKE_MAX_QUEUED_JOBS: '100' };

function setUp(waitingCount: number | undefined, counts: Record<string, number> = {}) {
  jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-03-01T10:00:00Z'));
  const pool = waitingCount === undefined ? undefined : { waitingCount };
  const overloaded = { inc: jest.fn() };
  const clinical = { getJobCounts: jest.fn().mockResolvedValue(counts) };
  const config = shippedConfig(env);
  const admission = new IntakeAdmission(
    { driver: { master: pool } } as unknown as DataSource,
    config,
    { intakeOverloaded: overloaded } as unknown as BeaconMetrics,
    clinical as unknown as Queue,
    new IntakeSlots(config, new BeaconMetrics()),
  );
  return { admission, overloaded, clinical };
}

function setUpSlots(slotEnv: Record<string, string>) {
  const overloaded = { inc: jest.fn() };
  const config = shippedConfig({ ...env, ...slotEnv });
  const slots = new IntakeSlots(config, new BeaconMetrics());
  const admission = new IntakeAdmission(
    { driver: { master: { waitingCount: 0 } } } as unknown as DataSource,
    config,
    { intakeOverloaded: overloaded } as unknown as BeaconMetrics,
    { getJobCounts: jest.fn().mockResolvedValue({}) } as unknown as Queue,
    slots,
  );
  return { admission, overloaded, slots };
}

/** Lets the background refresh of the queue's depth settle. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

function refusalOf(admit: () => void): HttpError | undefined {
  try {
    admit();
    return undefined;
  } catch (error) {
    return error as HttpError;
  }
}

afterEach(() => jest.restoreAllMocks());

describe('IntakeAdmission: refuse at once rather than queue into a timeout', () => {
  it('admits while fewer requests than the limit wait for a database connection', () => {
    const { admission, overloaded } = setUp(9);
    expect(() => admission.admit()).not.toThrow();
    expect(overloaded.inc).not.toHaveBeenCalled();
  });

  it('refuses with 503, Retry-After 2 s and nothing stored once the limit of waiters is reached, and counts it', () => {
    const { admission, overloaded } = setUp(10);
    const refusal = refusalOf(() => admission.admit());
    expect(refusal?.getStatus()).toBe(503);
    expect(refusal?.headers).toEqual({ 'Retry-After': '2' });
    expect(refusal?.issues).toEqual([
      {
        code: 'throttled',
        diagnostics:
          'Beacon is overloaded (every database connection is busy): nothing was stored; send again after 2 s',
      },
    ]);
    expect(overloaded.inc).toHaveBeenCalledWith({ reason: 'database-pool' });
  });

  it('refuses once waiting and prioritised assessments reach the limit, from the last depth read', async () => {
    const { admission, overloaded } = setUp(0, { waiting: 60, prioritized: 40 });
    expect(() => admission.admit()).not.toThrow();
    await settle();
    expect(refusalOf(() => admission.admit())?.message).toBe(
      'Beacon is overloaded (100 assessments are queued): nothing was stored; send again after 2 s',
    );
    expect(overloaded.inc).toHaveBeenCalledWith({ reason: 'assessment-queue' });
  });

  it('admits with 99 queued', async () => {
    const { admission } = setUp(0, { waiting: 99 });
    admission.admit();
    await settle();
    expect(() => admission.admit()).not.toThrow();
  });

  it('reads the queue’s depth at most every half second, never waiting on Redis', async () => {
    const { admission, clinical } = setUp(0, { waiting: 1 });
    const now = Date.parse('2026-03-01T10:00:00Z');
    admission.admit();
    await settle();
    jest.spyOn(Date, 'now').mockReturnValue(now + 500);
    admission.admit();
    expect(clinical.getJobCounts).toHaveBeenCalledTimes(1);
    jest.spyOn(Date, 'now').mockReturnValue(now + 501);
    admission.admit();
    expect(clinical.getJobCounts).toHaveBeenCalledTimes(2);
    expect(clinical.getJobCounts).toHaveBeenCalledWith('waiting', 'prioritized');
  });

  it('keeps the last depth while Redis does not answer', async () => {
    const { admission, clinical } = setUp(0, { waiting: 150 });
    admission.admit();
    await settle();
    clinical.getJobCounts.mockRejectedValue(new Error('Connection is closed'));
    jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-03-01T10:00:05Z'));
    expect(() => admission.admit()).toThrow('150 assessments are queued');
    await settle();
    expect(() => admission.admit()).toThrow('150 assessments are queued');
  });

  it('counts intake work waiting for one of its connections as waiting for the pool', async () => {
    const { admission, overloaded, slots } = setUpSlots({
      BEACON_DATABASE_POOL_SIZE: '3',
      BEACON_DATABASE_RESERVED_CONNECTIONS: '2',
      BEACON_INTAKE_MAX_POOL_WAITERS: '2',
    });
    const never = () => new Promise<never>(() => undefined);
    // Never given a slot: each is refused once BEACON_INTAKE_MAX_WAIT_MS passes, after this test.
    const wait = () => void slots.run(never).catch(() => undefined);
    wait();
    wait();
    await settle();
    expect(() => admission.admit()).not.toThrow();
    wait();
    await settle();
    expect(refusalOf(() => admission.admit())?.getStatus()).toBe(503);
    expect(overloaded.inc).toHaveBeenCalledWith({ reason: 'database-pool' });
  });

  it('refuses at the door, before validation, once a newcomer would wait over half the wait bound for a connection', () => {
    const { admission, overloaded, slots } = setUpSlots({ BEACON_INTAKE_MAX_WAIT_MS: '8000' });
    const expected = jest.spyOn(slots, 'expectedWaitMs').mockReturnValue(4000);
    expect(() => admission.admit()).not.toThrow();
    expected.mockReturnValue(4001);
    const refusal = refusalOf(() => admission.admit());
    expect(refusal?.getStatus()).toBe(503);
    expect(refusal?.headers).toEqual({ 'Retry-After': '2' });
    expect(refusal?.message).toBe(
      'Beacon is overloaded (intake would wait about 5 s for a database connection): nothing was stored; send again after 2 s',
    );
    expect(overloaded.inc).toHaveBeenCalledTimes(1);
    expect(overloaded.inc).toHaveBeenCalledWith({ reason: 'database-pool' });
  });

  it('admits before the pool exists', () => {
    const { admission } = setUp(undefined);
    expect(() => admission.admit()).not.toThrow();
  });
});

describe('IntakeAdmission at the door (before the body is read)', () => {
  const EPR = { kind: 'client', clientId: 'epr' };
  const requestTo = (method: string, path: string, principal: unknown = EPR) =>
    ({ method, path, principal }) as unknown as Request;

  function atTheDoor(waitingCount: number, request: Request): { passed: unknown[] } {
    const { admission } = setUp(waitingCount);
    const passed: unknown[] = [];
    admission.atTheDoor()(request, {} as Response, (error?: unknown) => passed.push(error));
    return { passed };
  }

  it.each([
    ['POST', '/fhir'],
    ['POST', '/fhir/'],
    ['POST', '/fhir/Observation'],
  ])('refuses %s %s from an authenticated client when saturated', (method, path) => {
    const { passed } = atTheDoor(10, requestTo(method, path));
    expect(passed).toHaveLength(1);
    expect((passed[0] as HttpError).getStatus()).toBe(503);
  });

  it.each([
    ['GET', '/fhir/Observation'],
    ['POST', '/fhir/notify'],
    ['POST', '/auth/token'],
    ['POST', '/api/alerts/1/acknowledge'],
  ])('leaves %s %s alone when saturated', (method, path) => {
    expect(atTheDoor(10, requestTo(method, path)).passed).toEqual([undefined]);
  });

  it('leaves a request with no authenticated client to the route (an unauthenticated caller is never told 503)', () => {
    expect(atTheDoor(10, requestTo('POST', '/fhir', null)).passed).toEqual([undefined]);
  });

  it('does not check again at the route a request it admitted', () => {
    const waiting = { waitingCount: 0 };
    const config = shippedConfig(env);
    const admission = new IntakeAdmission(
      { driver: { master: waiting } } as unknown as DataSource,
      config,
      { intakeOverloaded: { inc: jest.fn() } } as unknown as BeaconMetrics,
      { getJobCounts: jest.fn().mockResolvedValue({}) } as unknown as Queue,
      new IntakeSlots(config, new BeaconMetrics()),
    );
    const admitted = requestTo('POST', '/fhir');
    admission.atTheDoor()(admitted, {} as Response, () => undefined);
    waiting.waitingCount = 10;
    expect(() => admission.admit(admitted)).not.toThrow();
    expect(refusalOf(() => admission.admit(requestTo('POST', '/fhir')))?.getStatus()).toBe(503);
  });
});
