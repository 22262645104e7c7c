import { z } from 'zod';
import { NOT_REQUIRED_REASONS } from '../alerts/domain/alert';

const commandId = z
  .string()
  .min(8)
  .max(64)
  .regex(/^[A-Za-z0-9-]+$/, 'letters, digits and "-" only')
  .optional();
const device = z.string().min(1).max(128).optional();
const wardId = z.string().min(1).max(64);

/** The shapes of the client commands of events.ts, checked at the gateway (a mismatch names the field). */
export const COMMANDS = {
  join: z.object({ wardId }).strict(),
  acknowledge: z.object({ alertId: z.uuid(), commandId, device }).strict(),
  respond: z
    .object({
      alertId: z.uuid(),
      response: z.enum(['attending', 'escalating', 'not-required']),
      reason: z.enum(NOT_REQUIRED_REASONS).optional(),
      commandId,
      device,
    })
    .strict()
    .refine((input) => input.response !== 'not-required' || input.reason !== undefined, {
      path: ['reason'],
      message: '"not required" needs a reason',
    }),
  concern: z
    .object({ patientId: z.uuid(), note: z.string().trim().max(2000).optional(), commandId, device })
    .strict(),
  receipt: z.object({ alertId: z.uuid(), step: z.number().int().min(0).max(100) }).strict(),
};

export const NOT_REQUIRED_LABELS: Record<(typeof NOT_REQUIRED_REASONS)[number], string> = {
  'clinically-expected': 'Clinically expected for this patient',
  'already-under-review': 'Already under review',
  'patient-declined': 'Patient declined',
  'measurement-error': 'Measurement error (repeat observations)',
  'end-of-life-care': 'End-of-life care plan',
  other: 'Other (record a note)',
};
