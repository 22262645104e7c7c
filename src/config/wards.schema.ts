import { z } from 'zod';
import { PATIENT_GROUPS } from '../scoring';

// Checked against the loaded chart files at start-up (wardChartProblems in app-config.ts).
const chartId = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,31}$/, 'a chart id: lower-case letters, digits and hyphens');

const ladderStep = z.object({
  role: z.string().min(1),
  label: z.string().min(1),
  acknowledgeWithinMinutes: z.number().positive(),
});

/**
 * Who is called, in order, when an alert is not acknowledged, and how long each has. No national source gives
 * these timers (clinical-rules.md blocker B3): the defaults are placeholders, flagged `timersVerified: false`.
 */
const escalation = z
  .object({
    ladder: z.array(ladderStep).min(1),
    /** Observations are overdue this long after the interval the last score's response requires. */
    overdueGraceMinutes: z.number().min(0),
    timersVerified: z.boolean().default(false),
  })
  .default({
    ladder: [
      { role: 'midwife-in-charge', label: 'Midwife in charge', acknowledgeWithinMinutes: 10 },
      { role: 'registrar', label: 'Registrar on call', acknowledgeWithinMinutes: 10 },
      { role: 'consultant', label: 'Consultant on call', acknowledgeWithinMinutes: 15 },
    ],
    overdueGraceMinutes: 30,
    timersVerified: false,
  });

/**
 * Which chart applies to whom, per ward. Patient categories: a pregnant woman (antenatal), a woman after birth
 * (postnatal), a baby (newborn), anyone else (adult).
 */
export const WARD_CONFIG_SCHEMA = z
  .object({
    unit: z.object({ id: z.string().min(1), name: z.string().min(1) }),
    wards: z
      .array(
        z.object({
          id: z.string().regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and "-" only'),
          name: z.string().min(1),
          /** FHIR Location identifiers or references that mean this ward in Encounter.location. */
          locations: z.array(z.string().min(1)).default([]),
          charts: z.object({ antenatal: chartId, postnatal: chartId, newborn: chartId, adult: chartId }),
          /** The group assumed for a patient about whom nothing says pregnant, postnatal or newborn. */
          defaultGroup: z.enum(PATIENT_GROUPS).default('adult'),
          /** A neonatal unit (NICU, LNU or SCU): a baby's Encounter here is a neonatal admission (preterm pathway). */
          neonatalUnit: z.boolean().default(false),
          escalation,
        }),
      )
      .min(1),
  })
  .superRefine((config, ctx) => {
    const ids = config.wards.map((ward) => ward.id);
    ids.forEach((id, index) => {
      if (ids.indexOf(id) !== index)
        ctx.addIssue({
          code: 'custom',
          path: ['wards', index, 'id'],
          message: `ward ${id} is defined twice`,
        });
    });
  });

export type WardConfig = z.infer<typeof WARD_CONFIG_SCHEMA>;
export type WardDefinition = WardConfig['wards'][number];
