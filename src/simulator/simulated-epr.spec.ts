import { SimulatedEpr } from './simulated-epr';
import type { SmartBackendClient } from './smart-backend-client';
import type { ScenarioStep, WardScenario } from './ward-scenario';

const step = (description: string): ScenarioStep => ({
  description,
  patientId: description,
  bundle: { resourceType: 'Bundle', type: 'transaction', entry: [], id: description },
});

/** A scenario of two admissions and one observation set per tick. */
const scenario: WardScenario = {
  patients: [],
  admissions: () => [step('admit-1'), step('admit-2')],
  tick: (n) => [step(`tick-${n}`)],
};

describe('SimulatedEpr', () => {
  const sent: string[] = [];
  const log: string[] = [];
  let answers: number[];
  const client = { token: jest.fn(() => Promise.resolve('access-token')) } as unknown as SmartBackendClient;

  beforeEach(() => {
    jest.useFakeTimers();
    sent.length = 0;
    log.length = 0;
    answers = [];
    (client.token as jest.Mock).mockClear();
    global.fetch = jest.fn((_url: string, init: { body: string }) => {
      const status = answers.shift() ?? 200;
      if (status === 200) sent.push((JSON.parse(init.body) as { id: string }).id);
      return Promise.resolve(new Response('{}', { status }));
    }) as unknown as typeof fetch;
  });

  const realFetch = global.fetch;
  afterEach(() => {
    jest.useRealTimers();
    global.fetch = realFetch;
  });

  const epr = (ticks: number) =>
    new SimulatedEpr({
      beaconUrl: 'http://beacon.test',
      client,
      scenario,
      tickMs: 1000,
      ticks,
      log: (line) => log.push(line),
    });

  it('admits first, then sends one tick at a time, as FHIR transactions with a bearer token', async () => {
    const simulator = epr(2);
    await simulator.start();
    expect(sent).toEqual(['admit-1', 'admit-2']);
    await jest.advanceTimersByTimeAsync(1000);
    expect(sent).toEqual(['admit-1', 'admit-2', 'tick-1']);
    await jest.advanceTimersByTimeAsync(5000);
    expect(sent).toEqual(['admit-1', 'admit-2', 'tick-1', 'tick-2']);
    const [url, init] = (global.fetch as jest.Mock).mock.calls[0] as [string, RequestInit];
    expect(url).toBe('http://beacon.test/fhir');
    expect(init.headers).toMatchObject({
      'Content-Type': 'application/fhir+json',
      Authorization: 'Bearer access-token',
    });
    await simulator.stop();
  });

  it('keeps a Bundle Beacon did not accept and sends it again, in order, at the next tick', async () => {
    answers = [200, 503];
    const simulator = epr(1);
    await simulator.start();
    expect(sent).toEqual(['admit-1']);
    expect(log.some((line) => line.includes('not accepted') && line.includes('admit-2'))).toBe(true);
    await jest.advanceTimersByTimeAsync(1000);
    expect(sent).toEqual(['admit-1', 'admit-2', 'tick-1']);
    await simulator.stop();
  });

  it('asks for a new token after a 401', async () => {
    answers = [401];
    const simulator = epr(1);
    await simulator.start();
    expect(client.token).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1000);
    expect(client.token).toHaveBeenCalledTimes(2);
    expect(sent).toEqual(['admit-1', 'admit-2', 'tick-1']);
    await simulator.stop();
  });

  it('sends nothing more once stopped', async () => {
    const simulator = epr(5);
    await simulator.start();
    await simulator.stop();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(sent).toEqual(['admit-1', 'admit-2']);
  });
});
