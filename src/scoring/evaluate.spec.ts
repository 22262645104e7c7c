import fc from 'fast-check';
import type { NumericParameter } from './chart';
import { CHARTS } from '../../test/support/charts';
import { roundToPrecision, scoreObservationSet } from './evaluate';
import type { ObservationSet } from './observation-set';
import { OBSERVATION_FIELDS, parseObservationSet } from './observation-set';

function score(chartId: keyof typeof CHARTS, input: Record<string, unknown>) {
  const parsed = parseObservationSet(input);
  if (!parsed.ok) throw new Error(parsed.error);
  const outcome = scoreObservationSet(CHARTS[chartId], parsed.set);
  if (!outcome.ok) throw new Error(outcome.error);
  return outcome.result;
}

const NORMAL_ADULT = {
  respiratoryRate: 16,
  oxygenSaturation: 98,
  onSupplementalOxygen: false,
  systolicBP: 120,
  diastolicBP: 75,
  heartRate: 75,
  consciousness: 'A',
  temperature: 36.8,
};

describe('roundToPrecision', () => {
  it('rounds half up in decimal, not in binary floating point', () => {
    expect(roundToPrecision(36.05, 1)).toBe(36.1);
    expect(roundToPrecision(38.05, 1)).toBe(38.1);
    expect(roundToPrecision(35.04, 1)).toBe(35);
    expect(roundToPrecision(20.5, 0)).toBe(21);
    expect(roundToPrecision(1e-7, 1)).toBe(0);
  });

  it('scores a temperature of 36.05 °C as 36.1 (NEWS2 score 0), never between two bands', () => {
    expect(score('news2', { temperature: 36.05 }).parameters).toEqual([
      { parameter: 'temperature', value: 36.05, score: 0 },
    ]);
    expect(score('news2', { temperature: 36.04 }).parameters).toEqual([
      { parameter: 'temperature', value: 36.04, score: 1 },
    ]);
  });
});

describe('missing readings', () => {
  it('scores what is present, lists what is missing and reports the set incomplete', () => {
    const result = score('news2', { respiratoryRate: 26, heartRate: 80 });
    expect(result.complete).toBe(false);
    expect(result.missing).toEqual([
      'oxygenSaturation',
      'onSupplementalOxygen',
      'systolicBP',
      'consciousness',
      'temperature',
    ]);
    expect(result.total).toBe(3);
    expect(result.clinicalRisk).toBe('low-medium');
    expect(result.escalate).toBe(true);
  });

  it('refuses to score a set with no reading at all rather than calling it low risk', () => {
    expect(scoreObservationSet(CHARTS.news2, {})).toEqual({
      ok: false,
      error: expect.stringMatching(/^set: no reading/),
    });
    expect(scoreObservationSet(CHARTS.newtt2, { systolicBP: 120 })).toEqual({
      ok: false,
      error: expect.stringMatching(/^set: /),
    });
  });

  it('scores SpO2 on scale 2 at the worst case when air/oxygen is not recorded, and says so', () => {
    const result = score('news2', { oxygenSaturation: 97, spo2Scale: 2 });
    expect(result.parameters).toEqual([
      {
        parameter: 'oxygenSaturation',
        value: 97,
        score: 3,
        assumed: 'worst case: onSupplementalOxygen not recorded',
      },
    ]);
    expect(result.missing).toContain('onSupplementalOxygen');
  });

  it('uses SpO2 scale 1 when no scale is recorded', () => {
    expect(score('news2', { oxygenSaturation: 90 }).parameters[0]?.score).toBe(3);
    expect(
      score('news2', { oxygenSaturation: 90, spo2Scale: 2, onSupplementalOxygen: false }).parameters[0]
        ?.score,
    ).toBe(0);
  });
});

describe('worry and concern', () => {
  it.each(['news2', 'mews', 'newtt2'] as const)(
    'escalates by itself on %s when every reading is normal',
    (chartId) => {
      const normal =
        chartId === 'newtt2' ? { temperature: 36.8, heartRate: 130, respiratoryRate: 45 } : NORMAL_ADULT;
      const calm = score(chartId, normal);
      const worried = score(chartId, { ...normal, concern: true });
      expect(calm.escalate).toBe(false);
      expect(worried.escalate).toBe(true);
      expect(worried.concern).toBe(true);
      expect(worried.total).toBe(calm.total);
      expect(worried.response.level).toBe(CHARTS[chartId].concern.response);
    },
  );

  it('escalates with a concern and no readings at all', () => {
    const result = score('mews', { concern: true });
    expect(result).toMatchObject({ escalate: true, total: 0, complete: false, highestParameterScore: null });
  });

  it('never makes the response less urgent than the score alone requires', () => {
    const emergency = score('news2', {
      ...NORMAL_ADULT,
      respiratoryRate: 30,
      oxygenSaturation: 90,
      heartRate: 135,
    });
    expect(emergency.clinicalRisk).toBe('high');
    expect(
      score('news2', {
        ...NORMAL_ADULT,
        respiratoryRate: 30,
        oxygenSaturation: 90,
        heartRate: 135,
        concern: true,
      }).response,
    ).toEqual(emergency.response);
  });
});

describe('MEWS (placeholder bands, sourced trigger)', () => {
  it('reports itself unverified in every result', () => {
    expect(score('mews', NORMAL_ADULT).chart).toEqual({
      id: 'mews',
      version: CHARTS.mews.version,
      verification: 'unverified',
    });
  });

  it('escalates at a total of 2 and not at 1 (Gerry et al. 2024)', () => {
    const one = score('mews', { ...NORMAL_ADULT, heartRate: 120 });
    const two = score('mews', { ...NORMAL_ADULT, heartRate: 120, respiratoryRate: 24 });
    expect([one.total, one.escalate]).toEqual([1, false]);
    expect([two.total, two.escalate]).toEqual([2, true]);
  });

  it('scores diastolic BP, which NEWS2 does not', () => {
    expect(score('mews', { diastolicBP: 112, systolicBP: 150 }).parameters.map((p) => p.parameter)).toEqual([
      'systolicBP',
      'diastolicBP',
    ]);
    expect(score('news2', { diastolicBP: 112, systolicBP: 150 }).parameters.map((p) => p.parameter)).toEqual([
      'systolicBP',
    ]);
  });
});

describe('NEWTT2 (placeholder bands)', () => {
  it('escalates on one red sign or two amber signs, not on one amber', () => {
    const base = {
      temperature: 36.8,
      heartRate: 130,
      respiratoryRate: 45,
      colour: 'normal',
      feeding: 'normal',
    };
    expect(score('newtt2', { ...base, feeding: 'reduced' }).escalate).toBe(false);
    expect(score('newtt2', { ...base, feeding: 'reduced', colour: 'pale' }).escalate).toBe(true);
    expect(score('newtt2', { ...base, colour: 'cyanosed' })).toMatchObject({
      clinicalRisk: 'high',
      escalate: true,
    });
  });
});

describe('properties', () => {
  const numericParameters = Object.values(CHARTS).flatMap((chart) =>
    chart.parameters
      .filter((parameter): parameter is NumericParameter => parameter.kind === 'number')
      .flatMap((parameter) => parameter.variants.map((variant) => ({ chart, parameter, variant }))),
  );

  it.each(
    numericParameters.map(
      (entry) =>
        [`${entry.chart.id} ${entry.parameter.id} ${JSON.stringify(entry.variant.when)}`, entry] as const,
    ),
  )(
    'moving a reading further from the zero band never lowers its score: %s',
    (_label, { chart, parameter, variant }) => {
      const field = OBSERVATION_FIELDS[parameter.id];
      if (field.kind !== 'number') throw new Error('numeric parameter expected');
      const zero = variant.bands.filter((band) => band.score === 0);
      const low = Math.min(...zero.map((band) => band.from));
      const high = Math.max(...zero.map((band) => band.to));
      const selectors = variant.when as ObservationSet;
      const scoreOf = (value: number) =>
        score(chart.id as keyof typeof CHARTS, { ...selectors, [parameter.id]: value }).parameters.find(
          (entry) => entry.parameter === parameter.id,
        )?.score ?? -1;
      const grid = fc
        .integer({
          min: field.possible.min * 10 ** parameter.precision,
          max: field.possible.max * 10 ** parameter.precision,
        })
        .map((n) => n / 10 ** parameter.precision);
      const side = (value: number) => (value < low ? -1 : value > high ? 1 : 0);
      const distance = (value: number) => (value < low ? low - value : value > high ? value - high : 0);
      fc.assert(
        fc.property(grid, grid, (a, b) => {
          if (side(a) !== 0 && side(b) !== 0 && side(a) !== side(b)) return true; // opposite sides: no order
          const [near, far] = distance(a) <= distance(b) ? [a, b] : [b, a];
          return scoreOf(far) >= scoreOf(near);
        }),
        { numRuns: 200 },
      );
    },
  );

  const adultSet = fc.record(
    {
      respiratoryRate: fc.integer({ min: 0, max: 150 }),
      oxygenSaturation: fc.integer({ min: 0, max: 100 }),
      onSupplementalOxygen: fc.boolean(),
      spo2Scale: fc.constantFrom(1 as const, 2 as const),
      temperature: fc.integer({ min: 250, max: 450 }).map((n) => n / 10),
      systolicBP: fc.integer({ min: 100, max: 300 }),
      diastolicBP: fc.integer({ min: 0, max: 99 }),
      heartRate: fc.integer({ min: 0, max: 300 }),
      consciousness: fc.constantFrom('A', 'C', 'V', 'P', 'U'),
      concern: fc.boolean(),
    },
    { requiredKeys: [] },
  );

  it.each(['news2', 'mews'] as const)('the total is the sum of the parameter scores (%s)', (chartId) => {
    fc.assert(
      fc.property(adultSet, (set) => {
        const outcome = scoreObservationSet(CHARTS[chartId], set);
        if (!outcome.ok) return true;
        return (
          outcome.result.total === outcome.result.parameters.reduce((sum, entry) => sum + entry.score, 0)
        );
      }),
      { numRuns: 500 },
    );
  });

  it.each(['news2', 'mews'] as const)(
    'recording one more reading never lowers the total or clears escalation (%s)',
    (chartId) => {
      fc.assert(
        fc.property(
          adultSet,
          fc.constantFrom('respiratoryRate', 'heartRate', 'temperature', 'consciousness'),
          (set, removed) => {
            const partial: Record<string, unknown> = { ...set };
            delete partial[removed];
            const full = scoreObservationSet(CHARTS[chartId], set);
            const less = scoreObservationSet(CHARTS[chartId], partial);
            if (!full.ok || !less.ok) return true;
            return full.result.total >= less.result.total && (full.result.escalate || !less.result.escalate);
          },
        ),
        { numRuns: 500 },
      );
    },
  );

  it('NEWS2 escalates exactly from low-medium upward', () => {
    fc.assert(
      fc.property(adultSet, (set) => {
        const outcome = scoreObservationSet(CHARTS.news2, { ...(set as ObservationSet), concern: false });
        if (!outcome.ok) return true;
        return outcome.result.escalate === (outcome.result.clinicalRisk !== 'low');
      }),
      { numRuns: 500 },
    );
  });
});
