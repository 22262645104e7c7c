import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { BeaconProcess } from '../support/beacon-process';
import { freePort, PrivateRedis, waitUntil } from '../support/private-redis';
import { createTestDatabase, dropDatabase, queuePrefix, withAdmin } from '../support/test-database';

/** `npm start` runs `node --max-old-space-size=384 dist/src/main.js`: these tests start exactly that, as a separate process. */
describe('starting Beacon (separate process)', () => {
  let database: { name: string; url: string };
  let redis: PrivateRedis;
  const running: BeaconProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = await PrivateRedis.start();
  });

  afterAll(async () => {
    await Promise.all(running.map((process) => process.stop()));
    await redis?.stop();
    await dropDatabase(database.name);
  });

  function start(entry: 'main' | 'worker', env: Record<string, string> = {}): BeaconProcess {
    const beacon = BeaconProcess.start(entry, {
      BEACON_DATABASE_URL: database.url,
      BEACON_REDIS_URL: redis.url,
      BEACON_QUEUE_PREFIX: queuePrefix(),
      BEACON_HTTP_PORT: '0',
      ...env,
    });
    running.push(beacon);
    return beacon;
  }

  it('refuses live mode while the unverified MEWS chart is in use, naming the file to replace', async () => {
    const beacon = start('main', { BEACON_CLINICAL_MODE: 'live' });
    const { code } = await beacon.exited;
    expect(code).toBe(78);
    expect(beacon.stderr).toContain('BEACON_CLINICAL_MODE=live refuses the unverified chart "mews"');
    expect(beacon.stderr).toContain('Replace config/charts/mews.chart.json');
    expect(beacon.stdout).not.toContain('listening');
  });

  it('names the bad variable and does not start', async () => {
    const beacon = start('main', { BEACON_ROLE: 'everything' });
    expect((await beacon.exited).code).toBe(78);
    expect(beacon.stderr).toMatch(/Invalid configuration: BEACON_ROLE: /);
  });

  it('says what to start when Redis is not reachable', async () => {
    const beacon = start('main', { BEACON_REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    expect((await beacon.exited).code).toBe(78);
    expect(beacon.stderr).toMatch(/Redis is not reachable at redis:\/\/127\.0\.0\.1:\d+\/? \(ECONNREFUSED\)/);
    expect(beacon.stderr).toContain('scripts/ensure-services.sh');
    expect(beacon.stderr).toContain('docker compose up -d postgres redis');
  });

  it('says what to start when PostgreSQL is not reachable, without printing the password', async () => {
    const beacon = start('main', {
      BEACON_DATABASE_URL: `postgres://beacon:secret@127.0.0.1:${await freePort()}/beacon`,
    });
    expect((await beacon.exited).code).toBe(78);
    expect(beacon.stderr).toMatch(
      /PostgreSQL is not reachable at postgres:\/\/beacon:\*\*\*@127\.0\.0\.1:\d+\/beacon/,
    );
    expect(beacon.stderr).not.toContain('secret');
  });

  it('serves /health/ready in demo mode, 503 naming Redis while it is stopped, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const beacon = start('main', { BEACON_HTTP_PORT: String(port) });
    await beacon.waitForOutput(/listening on http:\/\/127\.0\.0\.1:\d+ \(clinical mode: demo\)/);
    const base = `http://127.0.0.1:${port}`;
    expect((await request(base).get('/health/ready')).status).toBe(200);

    await redis.stop();
    const down = await request(base).get('/health/ready');
    expect(down.status).toBe(503);
    expect(down.body.error.redis.status).toBe('down');
    await redis.start();
    await waitUntil(async () => (await request(base).get('/health/ready')).status === 200, 'ready again');

    beacon.kill('SIGTERM');
    const exit = await beacon.exited;
    if (exit.code !== 0) console.log(beacon.stdout, beacon.stderr);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(beacon.stdout).toContain('stopped cleanly');
  });

  it('runs a worker-only process that beats its heartbeat, drains and exits on SIGTERM', async () => {
    const heartbeat = join(mkdtempSync(join(tmpdir(), 'beacon-')), 'heartbeat');
    const worker = start('worker', { BEACON_HEARTBEAT_FILE: heartbeat });
    await worker.waitForOutput(/worker started/);
    // Start-up warns exactly when this PostgreSQL will not vacuum the hot tables (CI's runs with autovacuum off).
    const autovacuum = await withAdmin(
      async (client) => (await client.query<{ autovacuum: string }>('SHOW autovacuum')).rows[0]?.autovacuum,
    );
    expect(worker.stderr.includes("PostgreSQL's autovacuum is off")).toBe(autovacuum === 'off');
    await waitUntil(async () => Promise.resolve(existsSync(heartbeat)), 'heartbeat file written');
    expect(new Date(readFileSync(heartbeat, 'utf8')).toISOString()).toBe(readFileSync(heartbeat, 'utf8'));
    worker.kill('SIGTERM');
    expect(await worker.exited).toEqual({ code: 0, signal: null });
  });
});
