// The measures as FHIR R4 Measure resources and each computed month as a summary MeasureReport.
import type { MeasureDefinition } from './domain/catalogue';
import type { MeasureSeriesView } from '../contracts/measures.view';

const SCORING = 'http://terminology.hl7.org/CodeSystem/measure-scoring';
const IMPROVEMENT = 'http://terminology.hl7.org/CodeSystem/measure-improvement-notation';
const POPULATION = 'http://terminology.hl7.org/CodeSystem/measure-population';

export const measureUrl = (publicUrl: string, id: string): string => `${publicUrl}/fhir/Measure/${id}`;

/** The extension a suppressed MeasureReport group carries instead of its counts (fewer than 5). */
export const SUPPRESSED_EXTENSION = (publicUrl: string): string =>
  `${publicUrl}/fhir/StructureDefinition/small-number-suppressed`;

const scoringOf = (measure: MeasureDefinition): string =>
  ({
    proportion: 'proportion',
    minutes: 'continuous-variable',
    count: 'continuous-variable',
    'per-100-sets': 'ratio',
  })[measure.unit];

const improvementOf = (measure: MeasureDefinition): fhir4.CodeableConcept | undefined =>
  measure.improvement === null
    ? undefined
    : { coding: [{ system: IMPROVEMENT, code: measure.improvement === 'up' ? 'increase' : 'decrease' }] };

const population = (code: string, text: string): fhir4.MeasureGroupPopulation => ({
  code: { coding: [{ system: POPULATION, code }] },
  description: text,
  criteria: { language: 'text/plain', expression: text },
});

export function measureResource(measure: MeasureDefinition, publicUrl: string): fhir4.Measure {
  const improvementNotation = improvementOf(measure);
  return {
    resourceType: 'Measure',
    id: measure.id,
    url: measureUrl(publicUrl, measure.id),
    version: measure.version,
    name: measure.id.replace(/[^A-Za-z0-9]/g, '_'),
    title: measure.title,
    status: 'active',
    experimental: false,
    publisher: 'Beacon',
    description: measure.seedWording || measure.title,
    purpose: `Source: ${measure.source}. Events read: ${measure.eventsRead.join('; ')}. Period: calendar month (UK time).`,
    scoring: { coding: [{ system: SCORING, code: scoringOf(measure) }] },
    ...(improvementNotation ? { improvementNotation } : {}),
    group: [
      {
        population: [
          ...(measure.denominator ? [population('denominator', measure.denominator)] : []),
          population(measure.denominator ? 'numerator' : 'measure-observation', measure.numerator),
          ...(measure.exclusions ? [population('denominator-exclusion', measure.exclusions)] : []),
        ],
      },
    ],
  };
}

function monthBounds(period: string): fhir4.Period {
  const [year, month] = period.split('-').map(Number) as [number, number];
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { start: `${period}-01`, end: `${period}-${String(lastDay).padStart(2, '0')}` };
}

/** One month of one measure for one ward (or the unit); counts left out when suppressed. */
export function measureReport(
  measure: MeasureDefinition,
  series: MeasureSeriesView,
  period: string,
  options: { publicUrl: string; computedAt: string; currentMonth: string },
): fhir4.MeasureReport {
  const point = series.points.find((candidate) => candidate.period === period);
  const improvementNotation = improvementOf(measure);
  const counts: fhir4.MeasureReportGroupPopulation[] =
    point && !point.suppressed
      ? [
          ...(point.denominator !== null
            ? [{ code: { coding: [{ system: POPULATION, code: 'denominator' }] }, count: point.denominator }]
            : []),
          ...(point.numerator !== null && measure.denominator !== null
            ? [{ code: { coding: [{ system: POPULATION, code: 'numerator' }] }, count: point.numerator }]
            : []),
        ]
      : [];
  return {
    resourceType: 'MeasureReport',
    id: `${measure.id}-${series.ward}-${period}`.replace(/[^A-Za-z0-9\-.]/g, '-').slice(0, 64),
    status: period >= options.currentMonth ? 'pending' : 'complete',
    type: 'summary',
    measure: `${measureUrl(options.publicUrl, measure.id)}|${measure.version}`,
    subject: {
      identifier: { system: `${options.publicUrl}/wards`, value: series.ward },
      display: series.wardName,
    },
    date: options.computedAt,
    period: monthBounds(period),
    ...(improvementNotation ? { improvementNotation } : {}),
    group: [
      {
        ...(point?.suppressed
          ? { extension: [{ url: SUPPRESSED_EXTENSION(options.publicUrl), valueBoolean: true }] }
          : {}),
        ...(counts.length > 0 ? { population: counts } : {}),
        ...(point && !point.suppressed && point.value !== null
          ? { measureScore: { value: point.value } }
          : {}),
      },
    ],
  };
}
