import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Runs the contract command exactly as documented: npm run --silent pathway -- <preterm|smoking> --rules <id>. */
function pathway(args: string[], stdin: string): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync('npm', ['run', '--silent', 'pathway', '--', ...args], {
    cwd: ROOT,
    input: stdin,
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The example: a baby born at 29+6 after established labour at 29+5, one steroid dose 42 h before birth. */
const EXAMPLE = {
  gestationAtBirth: '29+6',
  plurality: 1,
  estimatedFetalWeightGrams: 900,
  birthWeightGrams: 950,
  birthTime: '2026-03-01T10:00:00Z',
  bornOnNicuSite: true,
  labour: { state: 'established', membranesRuptured: false, gestation: '29+5' },
  events: [
    { type: 'corticosteroid-dose', time: '2026-02-27T16:00:00Z' },
    { type: 'magnesium-sulphate-loading', time: '2026-03-01T02:00:00Z' },
    { type: 'magnesium-sulphate-infusion', time: '2026-03-01T02:20:00Z', end: '2026-03-01T09:00:00Z' },
    { type: 'intrapartum-antibiotics', time: '2026-03-01T04:00:00Z' },
    { type: 'cord-clamped', time: '2026-03-01T10:01:05Z' },
    { type: 'neonatal-admission', time: '2026-03-01T10:25:00Z' },
    { type: 'temperature', time: '2026-03-01T10:40:00Z', celsius: 36.8 },
    { type: 'caffeine', time: '2026-03-01T15:00:00Z' },
    { type: 'maternal-breast-milk', time: '2026-03-01T20:00:00Z' },
    { type: 'invasive-ventilation', time: '2026-03-01T10:30:00Z', mode: 'volume-targeted-synchronised' },
  ],
};

describe('npm run --silent pathway (the contract)', () => {
  it('evaluates preterm cases in order, all nine interventions each, and turns an invalid case into an error (exit 2)', () => {
    const { code, stdout } = pathway(
      ['preterm', '--rules', 'MatNeoSIP-2023'],
      JSON.stringify([EXAMPLE, { gestationAtBirth: '29.5' }]),
    );
    expect(code).toBe(2);
    const [example, invalid] = JSON.parse(stdout) as Record<string, unknown>[];
    expect(example?.ruleSet).toBe('MatNeoSIP-2023');
    const outcomes = example?.interventions as {
      intervention: string;
      eligible: unknown;
      received: unknown;
      meetsStandard: unknown;
    }[];
    expect(
      outcomes.map(({ intervention, eligible, received, meetsStandard }) => [
        intervention,
        eligible,
        received,
        meetsStandard,
      ]),
    ).toEqual([
      // 29+6 singleton of 900 g: not a NICU-site birth by BAPM's criteria.
      ['place-of-birth', false, null, null],
      // One dose only: BAPM's standard is a full course.
      ['antenatal-corticosteroids', true, true, false],
      // Loading dose 8 h before birth: within the 24 h.
      ['magnesium-sulphate', true, true, true],
      ['intrapartum-antibiotics', true, true, true],
      // Clamped 65 s after birth.
      ['optimal-cord-management', true, true, true],
      // 36.8 °C 40 min after birth.
      ['normothermia', true, true, true],
      // 10 h after birth.
      ['maternal-breast-milk', true, true, true],
      // 5 h after birth.
      ['caffeine', true, true, true],
      ['volume-targeted-ventilation', true, true, true],
    ]);
    expect(example?.due).toEqual([]);
    expect(invalid).toEqual({ error: expect.stringMatching(/^gestationAtBirth: /) });
  });

  it('answers what is due now for a woman in established labour at 29+2 with nothing given yet', () => {
    const { code, stdout } = pathway(
      ['preterm', '--rules', 'MatNeoSIP-2023'],
      JSON.stringify([
        {
          now: '2026-03-01T01:00:00Z',
          gestationNow: '29+2',
          plurality: 1,
          labour: { state: 'established' },
          events: [],
        },
      ]),
    );
    expect(code).toBe(0);
    const [result] = JSON.parse(stdout) as {
      due: { intervention: string; action: string; by: string | null }[];
    }[];
    expect(result?.due).toEqual([
      expect.objectContaining({
        intervention: 'antenatal-corticosteroids',
        action: 'give',
        by: '2026-03-01T01:00:00Z',
      }),
      expect.objectContaining({ intervention: 'magnesium-sulphate', action: 'give', by: null }),
      expect.objectContaining({
        intervention: 'intrapartum-antibiotics',
        action: 'give',
        by: '2026-03-01T01:00:00Z',
      }),
    ]);
  });

  it('evaluates smoking cases under NICE NG209: CO 5 ppm at booking means an opt-out referral', () => {
    const { code, stdout } = pathway(
      ['smoking', '--rules', 'NICE-NG209'],
      JSON.stringify([{ appointment: 'booking', selfReport: 'never', coPpm: 5 }, { appointment: 'at-home' }]),
    );
    expect(code).toBe(2);
    const [referral, invalid] = JSON.parse(stdout) as Record<string, unknown>[];
    expect(referral).toMatchObject({ ruleSet: 'NICE-NG209', coTestRequired: true, optOutReferral: true });
    expect(invalid).toEqual({ error: expect.stringMatching(/^appointment: /) });
  });

  it('refuses an unknown rule set or pathway with a usage message and exit 2', () => {
    const unknownRules = pathway(['preterm', '--rules', 'NNAP-2019'], '[]');
    expect(unknownRules.code).toBe(2);
    expect(unknownRules.stderr).toMatch(/--rules must be one of BAPM-AO, PERIPrem-2022/);
    const unknownPathway = pathway(['sepsis', '--rules', 'X'], '[]');
    expect(unknownPathway.code).toBe(2);
    expect(unknownPathway.stderr).toMatch(/preterm or smoking/);
    const notJson = pathway(['smoking', '--rules', 'NICE-NG209'], '{');
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/not valid JSON/);
  });
});
