import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Runs the contract command exactly as documented: npm run --silent score -- --chart <id>. */
function score(chart: string, stdin: string): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync('npm', ['run', '--silent', 'score', '--', '--chart', chart], {
    cwd: ROOT,
    input: stdin,
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run --silent score (the contract)', () => {
  it('scores valid, partial and invalid sets in order, exiting 2 because one item is invalid', () => {
    const sets = [
      {
        respiratoryRate: 22,
        oxygenSaturation: 97,
        onSupplementalOxygen: false,
        spo2Scale: 1,
        temperature: 37.1,
        systolicBP: 118,
        diastolicBP: 76,
        heartRate: 84,
        consciousness: 'A',
        concern: false,
      },
      { respiratoryRate: 25 },
      { heartRate: 400 },
    ];
    const { code, stdout } = score('news2', JSON.stringify(sets));
    expect(code).toBe(2);
    const [full, partial, invalid] = JSON.parse(stdout) as Record<string, unknown>[];
    expect(full).toMatchObject({
      chart: { id: 'news2', verification: 'verified' },
      total: 2,
      complete: true,
      missing: [],
      highestParameterScore: 2,
      concern: false,
      clinicalRisk: 'low',
      escalate: false,
      response: { reviewWithinMinutes: null, observationIntervalMinutes: 240 },
    });
    expect((full?.parameters as { parameter: string }[]).map((p) => p.parameter)).toEqual([
      'respiratoryRate',
      'oxygenSaturation',
      'onSupplementalOxygen',
      'systolicBP',
      'heartRate',
      'consciousness',
      'temperature',
    ]);
    expect(partial).toMatchObject({ total: 3, complete: false, clinicalRisk: 'low-medium', escalate: true });
    expect(partial?.missing).toHaveLength(6);
    expect(invalid).toEqual({ error: expect.stringMatching(/^heartRate: /) });
  });

  it('exits 0 when every item is valid', () => {
    const { code, stdout } = score('mews', JSON.stringify([{ heartRate: 80 }]));
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([
      expect.objectContaining({ chart: expect.objectContaining({ id: 'mews', verification: 'unverified' }) }),
    ]);
  });

  it('answers malformed JSON with one line on stderr and exit code 2', () => {
    const { code, stdout, stderr } = score('news2', '[{"heartRate": 80,]');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(
      stderr
        .trim()
        .split('\n')
        .filter((line) => !line.startsWith('npm warn')),
    ).toEqual([expect.stringMatching(/^score: stdin is not valid JSON/)]);
  });

  it('refuses an unknown chart', () => {
    const { code, stderr } = score('pews', '[]');
    expect(code).toBe(2);
    expect(stderr).toContain('--chart must be one of news2, mews, newtt2');
  });
});
