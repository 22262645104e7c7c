import { spawnSync } from 'node:child_process';
import { sampleProcesses } from '../../../bench/process-usage';

describe('process CPU samples', () => {
  it('count the CPU of a child that has ended (a PostgreSQL backend closing between two samples)', () => {
    const before = sampleProcesses([process.pid]);
    // The child spins until it has used 0.3 s of CPU, then exits; spawnSync waits for it, so it is reaped.
    const child = spawnSync(process.execPath, [
      '-e',
      'const start = process.cpuUsage(); while (process.cpuUsage(start).user < 300_000) {}',
    ]);
    expect(child.status).toBe(0);
    const after = sampleProcesses([process.pid]);
    expect(after!.cpuSeconds - before!.cpuSeconds).toBeGreaterThanOrEqual(0.3);
  });
});
