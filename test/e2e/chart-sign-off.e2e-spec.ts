import { createHash } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { BeaconProcess } from '../support/beacon-process';
import type { ChartJson } from '../support/chart-cli';
import { SHIPPED_CHARTS, chartCli, shippedChartJson, tempDir, writeJson } from '../support/chart-cli';
import { PrivateRedis } from '../support/private-redis';
import { createTestDatabase, dropDatabase, queuePrefix } from '../support/test-database';

/*
 * A unit's own chart, from transcription to live: the NEWS2 bands under the id "unit-adult", suitable for every
 * patient group so that one verified chart can cover a whole test ward. Its source "PDF" is a file made here; the
 * hash handed to `sign` is computed from its bytes, as a clinical safety officer would with sha256sum.
 */
describe('chart sign-off and live mode (separate processes)', () => {
  let database: { name: string; url: string };
  let redis: PrivateRedis;
  const running: BeaconProcess[] = [];
  const dir = tempDir();
  const chartFile = join(dir, 'unit-adult.chart.json');
  const pdfSha256 = createHash('sha256')
    .update('%PDF-1.7 the unit’s copy of the source document')
    .digest('hex');
  let chart: ChartJson;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = await PrivateRedis.start();
    chart = shippedChartJson('news2');
    chart.id = 'unit-adult';
    chart.version = 'unit-2026.1';
    chart.suitableFor = ['antenatal', 'postnatal', 'newborn', 'adult'];
    chart.source.sha256 = pdfSha256;
    writeJson(chartFile, chart);
    copyFileSync(join(SHIPPED_CHARTS, 'news2.cases.csv'), join(dir, 'unit-adult.cases.csv'));
    writeJson(join(dir, 'wards.json'), {
      unit: { id: 'test-unit', name: 'Test unit' },
      wards: [
        {
          id: 'ward-1',
          name: 'Ward 1',
          charts: {
            antenatal: 'unit-adult',
            postnatal: 'unit-adult',
            newborn: 'unit-adult',
            adult: 'unit-adult',
          },
        },
      ],
    });
    env = {
      BEACON_DATABASE_URL: database.url,
      BEACON_REDIS_URL: redis.url,
      BEACON_CHART_DIR: dir,
      BEACON_WARD_CONFIG: join(dir, 'wards.json'),
      BEACON_TOKEN_SECRET: 'x'.repeat(40),
    };
  });

  afterAll(async () => {
    await Promise.all(running.map((beacon) => beacon.stop()));
    await redis?.stop();
    await dropDatabase(database.name);
  });

  function start(mode: 'live' | 'demo'): BeaconProcess {
    const beacon = BeaconProcess.start('main', {
      ...env,
      BEACON_CLINICAL_MODE: mode,
      BEACON_QUEUE_PREFIX: queuePrefix(),
      BEACON_HTTP_PORT: '0',
    });
    running.push(beacon);
    return beacon;
  }

  const sign = () =>
    chartCli(
      [
        'sign',
        chartFile,
        '--by',
        'Jo Bloggs',
        '--role',
        'clinical safety officer',
        '--source-sha256',
        pdfSha256,
      ],
      env,
    );

  async function query<T>(sql: string): Promise<T[]> {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      return (await client.query(sql)).rows as T[];
    } finally {
      await client.end();
    }
  }

  it('refuses live mode while the chart in use is not signed off, naming the chart and how to sign it', async () => {
    const beacon = start('live');
    expect((await beacon.exited).code).toBe(78);
    expect(beacon.stderr).toContain('refuses chart "unit-adult" version unit-2026.1');
    expect(beacon.stderr).toContain('it is not signed off');
    expect(beacon.stdout).not.toContain('listening');
  });

  it('signs the chart (stored and audited), after which it starts in live mode', async () => {
    const signed = sign();
    expect(signed.code).toBe(0);
    expect(signed.json).toMatchObject({
      signed: true,
      id: 'unit-adult',
      version: 'unit-2026.1',
      signedBy: 'Jo Bloggs',
      role: 'clinical safety officer',
      sourceSha256: pdfSha256,
    });
    const validated = chartCli(['validate', chartFile]);
    expect(signed.json.hash).toBe(validated.json.hash);

    const rows = await query<{ chart_id: string; content_sha256: string; signed_by: string }>(
      'SELECT chart_id, content_sha256, signed_by FROM chart_sign_off',
    );
    expect(rows).toEqual([
      { chart_id: 'unit-adult', content_sha256: validated.json.hash, signed_by: 'Jo Bloggs' },
    ]);
    const events = await query<{ actor_id: string; details: { chartId: string } }>(
      `SELECT actor_id, details FROM audit_event WHERE type = 'chart.signed'`,
    );
    expect(events).toEqual([
      {
        actor_id: 'Jo Bloggs',
        details: expect.objectContaining({ chartId: 'unit-adult', chartVersion: 'unit-2026.1' }),
      },
    ]);

    const beacon = start('live');
    await beacon.waitForOutput(/listening on http:\/\/127\.0\.0\.1:\d+ \(clinical mode: live\)/, 40000);
    await beacon.stop();
  });

  it('refuses to start, in any mode, once a band of the signed version is changed without a new version', async () => {
    const edited = structuredClone(chart);
    const respiratory = edited.parameters.find((parameter) => parameter.id === 'respiratoryRate')!;
    respiratory.variants![0]!.bands[3]!.from = 22; // 21–24 scored 2 in the signed file; now 22–24 …
    respiratory.variants![0]!.bands[2]!.to = 21; // … and 12–21 scores 0
    writeJson(chartFile, edited);

    const beacon = start('demo');
    expect((await beacon.exited).code).toBe(78);
    expect(beacon.stderr).toContain('Chart "unit-adult" version unit-2026.1');
    expect(beacon.stderr).toContain('has changed since it was signed by Jo Bloggs (clinical safety officer)');

    // Signing the edited content under the same version is refused too (a response text is changed, so the
    // golden cases still pass and the refusal is the version's).
    const reworded = structuredClone(chart);
    reworded.responses[0]!.who = `${reworded.responses[0]!.who} (reworded)`;
    writeJson(chartFile, reworded);
    const resigned = sign();
    expect(resigned.code).toBe(2);
    expect(resigned.json.errors).toEqual([
      expect.stringMatching(
        /^chart unit-adult version unit-2026\.1 was signed by Jo Bloggs .* with other content/,
      ),
    ]);
    writeJson(chartFile, chart);
  });
});
