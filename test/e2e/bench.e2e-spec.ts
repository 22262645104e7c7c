import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_DATABASE_URL, dropDatabase, queuePrefix, runId } from '../support/test-database';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

/** Runs the bench entry (what `npm run bench` runs after building) and collects its output. */
function runBench(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [join(ROOT, 'bench', 'main.ts'), ...args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// The benchmark is a tool, not a test: this proves it still runs end to end at a tiny rate. No timing assertions.
describe('npm run bench (one tiny step and a tiny burst)', () => {
  const database = `beacon_test_${runId()}_bench`;
  const outDir = mkdtempSync(join(tmpdir(), 'beacon-bench-results-'));

  afterAll(async () => {
    rmSync(outDir, { recursive: true, force: true });
    await dropDatabase(database);
  });

  it('offers Bundles open-loop to Beacon (an api and a worker process) and the floor, sees them on the screens, and writes the JSON report', async () => {
    const result = await runBench(
      [
        '--rates',
        '5',
        '--step-seconds',
        '3',
        '--floor-step-seconds',
        '2',
        '--patients-per-ward',
        '2',
        '--epr-clients',
        '2',
        '--drain-seconds',
        '20',
        '--workers',
        '1',
        '--burst',
        '40',
        '--burst-live-rate',
        '2',
        '--out',
        outDir,
        '--database',
        database,
        '--queue-prefix',
        queuePrefix(),
      ],
      { ...process.env, BEACON_DATABASE_URL: ADMIN_DATABASE_URL },
    );
    expect({ code: result.code, stderr: result.code === 0 ? '' : result.stderr }).toEqual({
      code: 0,
      stderr: '',
    });
    expect(result.stdout).toMatch(/beacon \/ floor at the same offered rate/);

    const files = readdirSync(outDir).filter((name) => name.endsWith('.json'));
    expect(files).toHaveLength(1);
    const report = JSON.parse(readFileSync(join(outDir, files[0]!), 'utf8'));
    expect(report).toMatchObject({
      tool: 'beacon-bench',
      machine: { redis: expect.any(String), postgres: expect.any(String) },
      baselines: {
        redisPing: { p50: expect.any(Number), p99: expect.any(Number) },
        postgresCommit: { p50: expect.any(Number) },
      },
      beaconExit: { code: 0 },
      knee: expect.objectContaining({ reason: expect.any(String) }),
    });
    expect(report.comparison).toEqual([
      expect.objectContaining({ offeredRate: 5, p50Ratio: expect.anything(), p99Ratio: expect.anything() }),
    ]);
    // Beacon has the ramp's step and the burst's (live sets while the backlog is sent); the floor only the ramp's.
    expect(report.beacon.steps).toHaveLength(2);
    expect(report.floor.steps).toHaveLength(1);
    expect(report.floor.burst).toBeNull();
    expect(report.beacon.burst).toEqual(
      expect.objectContaining({ sets: 40, accepted: 40, scored: 40, refused: {} }),
    );
    for (const ramp of [report.beacon, report.floor]) {
      const [step] = ramp.steps;
      expect(step.outcome.offered).toBeGreaterThan(0);
      expect(step.outcome.accepted).toBeGreaterThan(0);
      expect(step.outcome.received).toBeGreaterThan(0);
      expect(step.outcome.latency).toEqual(
        expect.objectContaining({
          p50: expect.any(Number),
          p95: expect.any(Number),
          p99: expect.any(Number),
          max: expect.any(Number),
        }),
      );
    }
    for (const process of ['api-1', 'worker-1'])
      expect(report.beacon.steps[0].processes[process]).toEqual(
        expect.objectContaining({ cpuPercent: expect.any(Number), rssMiB: expect.any(Number) }),
      );
  }, 180_000);
});
