import request from 'supertest';
import type { Response } from 'supertest';
import type { TestBeacon } from '../support/test-app';
import { startTestBeacon } from '../support/test-app';
import { TestEpr } from '../support/test-epr';

const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const LIMIT = 5;

/** POST /auth/token with a client's assertion, as if from `address` (X-Forwarded-For, trusted or not). */
async function tokenRequest(beacon: TestBeacon, client: TestEpr, address?: string): Promise<Response> {
  let call = request(beacon.url).post('/auth/token').type('form');
  if (address) call = call.set('X-Forwarded-For', address);
  return call.send({
    grant_type: 'client_credentials',
    client_assertion_type: CLIENT_ASSERTION_TYPE,
    client_assertion: await client.assertion(`${beacon.url}/auth/token`),
    scope: 'system/*.write',
  });
}

function expectOAuth429(response: Response): void {
  expect({ status: response.status, body: response.body as unknown }).toEqual({
    status: 429,
    body: { error: 'temporarily_unavailable', error_description: expect.stringMatching(/too many/) },
  });
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(response.headers['cache-control']).toBe('no-store');
  expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
}

describe('token endpoint throttling per client, per address for unknown clients (behind a trusted proxy)', () => {
  let beacon: TestBeacon;
  let genuine: TestEpr;
  let other: TestEpr;
  let stranger: TestEpr;
  let impostor: TestEpr;

  beforeAll(async () => {
    genuine = await TestEpr.create();
    other = await TestEpr.create();
    stranger = await TestEpr.create({ clientId: 'throttle-stranger' });
    // Claims to be the genuine client but signs with a key of its own.
    impostor = await TestEpr.create({ clientId: genuine.clientId });
    beacon = await startTestBeacon(
      {
        BEACON_ROLE: 'api',
        BEACON_TOKEN_RATE_LIMIT_PER_MINUTE: String(LIMIT),
        BEACON_TRUST_PROXY: 'loopback',
      },
      { clients: [genuine.registration(), other.registration()] },
    );
  });

  afterAll(async () => {
    await beacon?.close();
  });

  it('answers 429 as an OAuth error once an address has sent too many unknown-client assertions', async () => {
    for (let attempt = 1; attempt <= LIMIT; attempt += 1) {
      expect((await tokenRequest(beacon, stranger, '203.0.113.10')).status).toBe(401);
    }
    expectOAuth429(await tokenRequest(beacon, stranger, '203.0.113.10'));
  });

  it('still issues a token to a registered client at that same address', async () => {
    const response = await tokenRequest(beacon, genuine, '203.0.113.10');
    expect(response.status).toBe(200);
  });

  it('counts forged assertions naming a registered client against the address, not the client', async () => {
    for (let attempt = 1; attempt <= LIMIT; attempt += 1) {
      expect((await tokenRequest(beacon, impostor, '203.0.113.20')).status).toBe(401);
    }
    expectOAuth429(await tokenRequest(beacon, impostor, '203.0.113.20'));
    expect((await tokenRequest(beacon, genuine, '203.0.113.20')).status).toBe(200);
  });

  it('limits a registered client on its own count, whatever its address, and no other client with it', async () => {
    // The genuine client has had two tokens above; LIMIT in all, then 429 from any address.
    for (let attempt = 3; attempt <= LIMIT; attempt += 1) {
      expect((await tokenRequest(beacon, genuine, `198.51.100.${attempt}`)).status).toBe(200);
    }
    expectOAuth429(await tokenRequest(beacon, genuine, '198.51.100.99'));
    expect((await tokenRequest(beacon, other, '198.51.100.99')).status).toBe(200);
  });

  it('tells unknown clients at different addresses apart through the trusted proxy', async () => {
    expect((await tokenRequest(beacon, stranger, '203.0.113.11')).status).toBe(401);
  });
});

describe('token endpoint throttling without a trusted proxy (BEACON_TRUST_PROXY unset)', () => {
  let beacon: TestBeacon;
  let stranger: TestEpr;

  beforeAll(async () => {
    stranger = await TestEpr.create({ clientId: 'throttle-stranger-2' });
    beacon = await startTestBeacon({ BEACON_ROLE: 'api', BEACON_TOKEN_RATE_LIMIT_PER_MINUTE: String(LIMIT) });
  });

  afterAll(async () => {
    await beacon?.close();
  });

  it('ignores X-Forwarded-For: a client cannot pick a fresh bucket by claiming another address', async () => {
    for (let attempt = 1; attempt <= LIMIT; attempt += 1) {
      expect((await tokenRequest(beacon, stranger, `203.0.113.${attempt}`)).status).toBe(401);
    }
    expectOAuth429(await tokenRequest(beacon, stranger, '203.0.113.200'));
  });
});

describe('unauthenticated requests are refused before their bodies are read (real PostgreSQL)', () => {
  let beacon: TestBeacon;
  let epr: TestEpr;
  let token: string;
  /** Three times the default 1 MB body limit. */
  const big = JSON.stringify({ resourceType: 'Observation', note: [{ text: 'x'.repeat(3 * 1_048_576) }] });

  beforeAll(async () => {
    epr = await TestEpr.create();
    beacon = await startTestBeacon({ BEACON_ROLE: 'api' }, { clients: [epr.registration()] });
    token = await epr.token(beacon.url);
  });

  afterAll(async () => {
    await beacon?.close();
  });

  const post = (path: string, body: string, authorization?: string) => {
    let call = request(beacon.url).post(path).set('Content-Type', 'application/fhir+json');
    if (authorization) call = call.set('Authorization', authorization);
    return call.send(body);
  };

  it.each([
    ['no Authorization header', undefined],
    ['a token that does not verify', 'Bearer not-a-token'],
  ])('answers 401 (not 413) to an over-limit body with %s', async (_name, authorization) => {
    const response = await post('/fhir/Observation', big, authorization);
    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(JSON.parse(response.text)).toMatchObject({
      resourceType: 'OperationOutcome',
      issue: [{ code: 'login', expression: ['Authorization'] }],
    });
  });

  it('answers 401 (not 400) to malformed JSON without credentials, on any route that takes a body', async () => {
    expect((await post('/fhir', '{"resourceType":')).status).toBe(401);
    expect((await post('/api/alerts/00000000-0000-4000-8000-000000000000/acknowledge', '{')).status).toBe(
      401,
    );
  });

  it('still reads the body of an authenticated request (413 over the limit, 400 for malformed JSON)', async () => {
    expect((await post('/fhir/Observation', big, `Bearer ${token}`)).status).toBe(413);
    expect((await post('/fhir/Observation', '{"resourceType":', `Bearer ${token}`)).status).toBe(400);
  });

  it('answers 404 at once to a notification when no upstream server is configured', async () => {
    expect((await post('/fhir/notify', big)).status).toBe(404);
  });
});
