import request from 'supertest';
import { PrivateRedis, waitUntil } from '../support/private-redis';
import type { TestBeacon } from '../support/test-app';
import { startTestBeacon } from '../support/test-app';

describe('health (real PostgreSQL, private Redis)', () => {
  let redis: PrivateRedis;
  let beacon: TestBeacon;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    beacon = await startTestBeacon({ BEACON_REDIS_URL: redis.url, BEACON_ROLE: 'api' });
  });

  afterAll(async () => {
    await beacon?.close();
    await redis?.stop();
  });

  it('is live', async () => {
    const response = await request(beacon.url).get('/health/live');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('is ready while PostgreSQL and Redis answer', async () => {
    const response = await request(beacon.url).get('/health/ready');
    expect(response.status).toBe(200);
    expect(response.body.info).toMatchObject({ postgres: { status: 'up' }, redis: { status: 'up' } });
  });

  it('answers 503 naming Redis while Redis is stopped, and recovers when it returns', async () => {
    await redis.stop();
    const down = await request(beacon.url).get('/health/ready');
    expect(down.status).toBe(503);
    expect(down.body.error).toHaveProperty('redis.status', 'down');
    expect(down.body.error).not.toHaveProperty('postgres');

    await redis.start();
    await waitUntil(
      async () => (await request(beacon.url).get('/health/ready')).status === 200,
      'ready again',
    );
  });

  it('answers an unknown route with a FHIR OperationOutcome, not an HTML page', async () => {
    const response = await request(beacon.url).get('/no-such-route');
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expect(response.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'not-found' }] });
  });
});
