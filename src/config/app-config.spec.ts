import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig, ConfigError, parseEnv, parseWardConfig, wardChartProblems } from './app-config';
import { shippedCharts } from './chart-files';
import { clinicalSafetyProblems } from './clinical-safety';
import { ENV_SCHEMA } from './env.schema';

const root = join(__dirname, '..', '..');
const shippedWards = parseWardConfig(
  readFileSync(join(root, 'config', 'wards.json'), 'utf8'),
  'config/wards.json',
);

function config(env: Record<string, string> = {}, wards = shippedWards, charts = shippedCharts()): AppConfig {
  return new AppConfig(parseEnv(env), wards, { clients: [] }, charts);
}

describe('environment', () => {
  it('has a default for every variable', () => {
    expect(() => parseEnv({})).not.toThrow();
    expect(parseEnv({}).BEACON_CLINICAL_MODE).toBe('demo');
    expect(parseEnv({}).BEACON_ROLE).toBe('all');
  });

  it.each([
    ['BEACON_HTTP_PORT', 'not-a-port'],
    ['BEACON_ROLE', 'everything'],
    ['BEACON_CLINICAL_MODE', 'training'],
    ['BEACON_DATABASE_URL', 'mysql://localhost/beacon'],
    ['BEACON_REDIS_URL', 'localhost:6379'],
    ['BEACON_QUEUE_PREFIX', 'a:b'],
  ])('fails fast naming %s when it is %s', (name, value) => {
    expect(() => parseEnv({ [name]: value })).toThrow(ConfigError);
    expect(() => parseEnv({ [name]: value })).toThrow(new RegExp(`${name}: `));
  });

  it('is documented in .env.example (with its default) and in docs/configuration.md', () => {
    const example = readFileSync(join(root, '.env.example'), 'utf8');
    const docs = readFileSync(join(root, 'docs', 'configuration.md'), 'utf8');
    const defaults = parseEnv({});
    for (const name of Object.keys(ENV_SCHEMA.shape) as (keyof typeof defaults)[]) {
      expect(example).toMatch(
        new RegExp(`^#?\\s*${name}=${String(defaults[name]).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`, 'm'),
      );
      expect(docs).toContain(`\`${name}\``);
    }
  });
});

describe('ward configuration', () => {
  const ward = (id: string, antenatal: string) => ({
    id,
    name: id,
    charts: { antenatal, postnatal: 'mews', newborn: 'newtt2', adult: 'news2' },
  });
  const file = (...wards: unknown[]) => JSON.stringify({ unit: { id: 'u', name: 'U' }, wards });

  it('rejects a chart no chart file defines, naming the ward, the patient group and the chart', () => {
    const wards = parseWardConfig(file(ward('a', 'mews'), ward('b', 'meows')), 'wards.json');
    expect(wardChartProblems(wards, shippedCharts())).toEqual([
      expect.stringMatching(
        /^BEACON_WARD_CONFIG: ward b uses chart "meows" for antenatal patients, but no file in .*config\/charts defines it/,
      ),
    ]);
  });

  it('rejects a chart id that could not be a chart file id, naming the element', () => {
    expect(() => parseWardConfig(file(ward('a', 'mews'), ward('b', 'MEWS!')), 'wards.json')).toThrow(
      /^BEACON_WARD_CONFIG: wards\.json is invalid: wards\.1\.charts\.antenatal: /,
    );
  });

  it('finds a configured ward by id; a patient on no configured ward has none', () => {
    expect(config().ward('maternity-a')?.id).toBe('maternity-a');
    expect(config().ward('nowhere')).toBeUndefined();
    expect(config().ward(null)).toBeUndefined();
  });

  it('rejects a ward defined twice', () => {
    expect(() => parseWardConfig(file(ward('a', 'mews'), ward('a', 'mews')), 'wards.json')).toThrow(
      /wards\.1\.id: ward a is defined twice/,
    );
  });
});

describe('clinical safety at boot', () => {
  it('refuses live mode while the shipped unverified MEWS chart is in use, naming the file to replace', () => {
    const problems = clinicalSafetyProblems(config({ BEACON_CLINICAL_MODE: 'live' }));
    expect(problems.join('\n')).toContain('config/charts/mews.chart.json');
    expect(problems.join('\n')).toContain('config/charts/newtt2.chart.json');
    expect(problems.join('\n')).not.toContain('news2.chart.json');
  });

  it('starts in demo mode with unverified charts', () => {
    expect(clinicalSafetyProblems(config({ BEACON_CLINICAL_MODE: 'demo' }))).toEqual([]);
  });

  it('starts in live mode once every chart in use is verified', () => {
    const shipped = shippedCharts();
    const transcribed = shipped
      .with({ ...shipped.get('mews'), verification: 'verified' })
      .with({ ...shipped.get('newtt2'), verification: 'verified' });
    expect(
      clinicalSafetyProblems(config({ BEACON_CLINICAL_MODE: 'live' }, shippedWards, transcribed)),
    ).toEqual([]);
  });

  it('refuses, in any mode, a ward that uses NEWS2 for pregnant or postnatal women', () => {
    const news2ForWomen = parseWardConfig(
      JSON.stringify({
        unit: shippedWards.unit,
        wards: [
          {
            id: 'm',
            name: 'M',
            charts: { antenatal: 'news2', postnatal: 'mews', newborn: 'newtt2', adult: 'news2' },
          },
        ],
      }),
      'wards.json',
    );
    expect(clinicalSafetyProblems(config({ BEACON_CLINICAL_MODE: 'demo' }, news2ForWomen))).toEqual([
      expect.stringMatching(
        /^BEACON_WARD_CONFIG: ward m uses news2 for antenatal patients, but .* is for adult only/,
      ),
    ]);
  });
});
