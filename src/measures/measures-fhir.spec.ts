// The FHIR the measures are served as passes the R4 base definitions (Medplum's validator, as intake uses).
import { StructureValidator } from '../fhir/validation/structure-validator';
import { MEASURES, measureById } from './domain/catalogue';
import { measureReport, measureResource } from './measures-fhir';
import type { MeasureSeriesView } from '../contracts/measures.view';

const BASE = 'https://beacon.example.nhs.uk';
const validator = new StructureValidator();

const series = (suppressed: boolean): MeasureSeriesView => ({
  ward: 'maternity-a',
  wardName: 'Maternity Ward A',
  chart: 'p',
  variation: 'common-cause',
  assurance: null,
  points: [
    {
      period: '2026-03',
      value: suppressed ? null : 0.25,
      numerator: suppressed ? null : 5,
      denominator: suppressed ? null : 20,
      suppressed,
      display: suppressed ? '< 5' : '25.0% (5/20)',
      mean: 0.3,
      upperLimit: 0.6,
      lowerLimit: 0,
      signals: [],
      drillDown: null,
    },
  ],
});

describe('measures as FHIR R4', () => {
  it.each(MEASURES.map((measure) => measure.id))('Measure %s is valid R4', (id) => {
    const measure = measureById(id);
    if (!measure) throw new Error(id);
    const resource = measureResource(measure, BASE);
    expect(validator.validate(resource)).toEqual([]);
    expect(resource.url).toBe(`${BASE}/fhir/Measure/${id}`);
  });

  it('reports a month with its counts and score, and a suppressed one with neither', () => {
    const measure = measureById('M-20.2');
    if (!measure) throw new Error('M-20.2');
    const options = { publicUrl: BASE, computedAt: '2026-04-02T09:00:00.000Z', currentMonth: '2026-04' };
    const shown = measureReport(measure, series(false), '2026-03', options);
    expect(validator.validate(shown)).toEqual([]);
    expect(shown).toMatchObject({
      status: 'complete',
      type: 'summary',
      measure: `${BASE}/fhir/Measure/M-20.2|1`,
      period: { start: '2026-03-01', end: '2026-03-31' },
      improvementNotation: { coding: [{ code: 'decrease' }] },
    });
    expect(shown.group?.[0]?.population?.map((p) => [p.code?.coding?.[0]?.code, p.count])).toEqual([
      ['denominator', 20],
      ['numerator', 5],
    ]);
    expect(shown.group?.[0]?.measureScore?.value).toBe(0.25);

    const hidden = measureReport(measure, series(true), '2026-03', options);
    expect(validator.validate(hidden)).toEqual([]);
    expect(hidden.group?.[0]?.population).toBeUndefined();
    expect(hidden.group?.[0]?.measureScore).toBeUndefined();
    expect(hidden.group?.[0]?.extension?.[0]).toEqual({
      url: `${BASE}/fhir/StructureDefinition/small-number-suppressed`,
      valueBoolean: true,
    });
  });
});
