import { z } from 'zod';
import { NOT_REQUIRED_REASONS, PROMPT_NOT_DONE_REASONS } from '../alerts/domain/alert';

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
  promptOutcome: z
    .object({
      alertId: z.uuid(),
      outcome: z.enum(['done', 'not-done']),
      reason: z.enum(PROMPT_NOT_DONE_REASONS).optional(),
      note: z.string().trim().min(1).max(500).optional(),
      commandId,
      device,
    })
    .strict()
    .refine((input) => input.outcome !== 'not-done' || input.reason !== undefined, {
      path: ['reason'],
      message: '"not done" needs a reason',
    }),
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

export const PROMPT_NOT_DONE_LABELS: Record<(typeof PROMPT_NOT_DONE_REASONS)[number], string> = {
  declined: 'Declined (she opted out)',
  contraindicated: 'Contraindicated',
  'not-possible-in-time': 'Not possible in time',
  'done-elsewhere': 'Done elsewhere',
  other: 'Other (record a note)',
};
