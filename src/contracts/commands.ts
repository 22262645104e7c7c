// The staff commands, defined once: the socket gateway and the REST controllers parse with these schemas, and the
// socket contract (events.ts), hence the web client, takes its payload types from them. web/ imports this file with
// `import type` only (zod never reaches the browser bundle).
import { z } from 'zod';
import type { NotRequiredReason, PromptNotDoneReason } from '../alerts/domain/alert';
import { NOT_REQUIRED_REASONS, PROMPT_NOT_DONE_REASONS } from '../alerts/domain/alert';

/** A client-made id (8–64 letters, digits, "-"): a command sent twice (after a reconnect) is carried out once. */
const commandId = z
  .string()
  .min(8)
  .max(64)
  .regex(/^[A-Za-z0-9-]+$/, 'letters, digits and "-" only')
  .optional();
/** The device it came from, for the audit trail. */
const device = z.string().min(1).max(128).optional();
const alertId = z.uuid();

const acknowledgeFields = { commandId, device };
const respondFields = {
  response: z.enum(['attending', 'escalating', 'not-required']),
  /** Required when the response is "not-required". */
  reason: z.enum(NOT_REQUIRED_REASONS).optional(),
  commandId,
  device,
};
const hasReasonIfNotRequired = (input: { response: string; reason?: string | undefined }) =>
  input.response !== 'not-required' || input.reason !== undefined;
const notRequiredNeedsReason = { path: ['reason'], message: '"not required" needs a reason' };
const promptNote = z.string().trim().min(1).max(500).optional();

/** A pathway prompt done (only prompts Beacon records itself, e.g. the opt-out referral) or not done, with a reason. */
function promptOutcome<S extends z.ZodRawShape>(target: S) {
  return z.discriminatedUnion('outcome', [
    z.object({ ...target, outcome: z.literal('done'), note: promptNote, commandId, device }).strict(),
    z
      .object({
        ...target,
        outcome: z.literal('not-done'),
        reason: z.enum(PROMPT_NOT_DONE_REASONS),
        note: promptNote,
        commandId,
        device,
      })
      .strict(),
  ]);
}

/** Request bodies of the REST commands (`POST /api/alerts/:id/…`: the alert is named by the path). */
export const REST_COMMANDS = {
  acknowledge: z.object(acknowledgeFields).strict(),
  respond: z.object(respondFields).strict().refine(hasReasonIfNotRequired, notRequiredNeedsReason),
  resolve: z
    .object({
      reason: z.string().min(1).max(200).optional(),
      device: z.string().max(128).optional(),
      commandId,
    })
    .strict(),
  note: z.object({ text: z.string().trim().min(1).max(2000) }).strict(),
  promptOutcome: promptOutcome({}),
};

/** Payloads of the socket commands of events.ts (the alert or patient is named in the payload). */
export const SOCKET_COMMANDS = {
  join: z.object({ wardId: z.string().min(1).max(64) }).strict(),
  acknowledge: z.object({ alertId, ...acknowledgeFields }).strict(),
  respond: z
    .object({ alertId, ...respondFields })
    .strict()
    .refine(hasReasonIfNotRequired, notRequiredNeedsReason),
  concern: z
    .object({ patientId: z.uuid(), note: z.string().trim().max(2000).optional(), commandId, device })
    .strict(),
  promptOutcome: promptOutcome({ alertId }),
  /** A screen confirms it has shown an alert (the audit timeline records "delivered to N screens"). */
  receipt: z.object({ alertId, step: z.number().int().min(0).max(100) }).strict(),
};

export type JoinCommand = z.input<typeof SOCKET_COMMANDS.join>;
export type AcknowledgeCommand = z.input<typeof SOCKET_COMMANDS.acknowledge>;
export type RespondCommand = z.input<typeof SOCKET_COMMANDS.respond>;
export type RaiseConcernCommand = z.input<typeof SOCKET_COMMANDS.concern>;
export type PromptOutcomeCommand = z.input<typeof SOCKET_COMMANDS.promptOutcome>;
export type ReceiptCommand = z.input<typeof SOCKET_COMMANDS.receipt>;
export type StaffResponse = RespondCommand['response'];
export type { NotRequiredReason, PromptNotDoneReason };
