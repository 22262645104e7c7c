import { z } from 'zod';
import { CHART_IDS, PATIENT_GROUPS } from '../scoring';

const chartId = z.enum(CHART_IDS);

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
