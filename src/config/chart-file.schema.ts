import { z } from 'zod';
import { CLINICAL_RISKS, FIELD_IDS, PATIENT_GROUPS } from '../scoring';

/*
 * The shape of a chart file (config/charts/*.chart.json). The published JSON Schema, config/charts/chart.schema.json,
 * is generated from this (`npm run --silent chart -- schema`) and a unit test keeps the two equal. The chart
 * invariants (no gap, no overlap, every score has a response, concern handled) are checked after this, by
 * src/scoring/chart-invariants.ts.
 */

const text = z.string().trim().min(1);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hexadecimal characters (SHA-256)');
const verification = z.enum(['verified', 'unverified']);
const fieldId = z.enum(FIELD_IDS);
const choiceValue = z.union([z.string(), z.number(), z.boolean()]);

const source = z.strictObject({
  title: text,
  url: z.url().optional(),
  date: z.string().optional(),
  detail: z.string().optional(),
});

const sourceDocument = z.strictObject({
  title: text.describe('Title of the document the chart is transcribed from'),
  publisher: text,
  version: text.describe('Edition or version as the publisher names it'),
  date: text.describe('Publication date, ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD)'),
  url: z.url().optional(),
  detail: z.string().optional(),
  sha256: sha256.nullable().describe('SHA-256 of the PDF transcribed from; null when not available'),
});

const numericBand = z.strictObject({ from: z.number(), to: z.number(), score: z.number() });
const choiceBand = z.strictObject({ values: z.array(choiceValue).min(1), score: z.number() });

const numericParameter = z.strictObject({
  id: fieldId,
  kind: z.literal('number'),
  precision: z.number(),
  source,
  verification,
  variants: z
    .array(
      z.strictObject({
        when: z.partialRecord(fieldId, choiceValue),
        bands: z.array(numericBand).min(1),
      }),
    )
    .min(1),
});

const choiceParameter = z.strictObject({
  id: fieldId,
  kind: z.literal('choice'),
  source,
  verification,
  bands: z.array(choiceBand).min(1),
});

export const CHART_FILE_SCHEMA = z
  .strictObject({
    $schema: z.string().optional(),
    id: z
      .string()
      .regex(
        /^[a-z][a-z0-9-]{0,31}$/,
        'must be lower-case letters, digits and hyphens, starting with a letter',
      ),
    version: text.max(64),
    title: text,
    population: text,
    suitableFor: z.array(z.enum(PATIENT_GROUPS)).min(1),
    source: sourceDocument,
    verification,
    verificationNote: z.string().optional(),
    notes: z.array(z.string()).optional(),
    parameters: z.array(z.discriminatedUnion('kind', [numericParameter, choiceParameter])).min(1),
    riskLevels: z
      .array(
        z.strictObject({
          id: z.enum(CLINICAL_RISKS),
          label: text,
          escalate: z.boolean(),
          colour: text,
        }),
      )
      .min(1),
    rules: z
      .array(
        z.strictObject({
          when: z.strictObject({
            totalAtLeast: z.number().optional(),
            anyParameterScoreAtLeast: z.number().optional(),
          }),
          clinicalRisk: z.enum(CLINICAL_RISKS),
          response: text,
          source,
          verification,
        }),
      )
      .min(1),
    responses: z
      .array(
        z.strictObject({
          level: text,
          who: z.string(),
          reviewWithinMinutes: z.number().nullable(),
          observationIntervalMinutes: z.number().nullable(),
          continuousMonitoring: z.boolean().optional(),
          source,
          verification,
        }),
      )
      .min(1),
    concern: z.strictObject({ response: text, source, verification }),
    missingReadings: text,
    scoreColours: z.record(z.string().regex(/^\d+$/, 'must be a score (a whole number)'), text),
  })
  .describe('A Beacon early-warning chart: provenance, parameters and bands, risk rules and responses');

export type ChartFile = z.infer<typeof CHART_FILE_SCHEMA>;

/** The published JSON Schema of a chart file. */
export function chartJsonSchema(): unknown {
  return {
    ...z.toJSONSchema(CHART_FILE_SCHEMA, { target: 'draft-2020-12', io: 'input' }),
    title: 'Beacon chart file',
  };
}
