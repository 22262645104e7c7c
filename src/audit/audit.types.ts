import type { HashedFields } from './audit-hash';

/** Everything the audit trail records. Alert and delivery events are added by the escalation life cycle. */
export type AuditEventType =
  | 'resource.received'
  | 'observation.received'
  | 'observation.superseded'
  | 'observation.retracted'
  | 'observation.cancelled-ignored'
  | 'patient.location-changed'
  /** Another source tried to change facts of a patient it does not own (refused, 409; nothing stored). */
  | 'patient.update-refused'
  | 'patient.move-refused'
  | 'set.scored'
  | 'set.retracted'
  | 'alert.raised'
  | 'alert.updated'
  | 'alert.worsened'
  | 'alert.improved'
  | 'alert.escalated'
  | 'alert.acknowledged'
  | 'alert.responded'
  | 'alert.noted'
  | 'alert.resolved'
  | 'alert.superseded'
  | 'alert.retracted'
  | 'alert.delivered'
  | 'alert.not-raised'
  | 'alert.moved'
  | 'concern.raised'
  | 'prompt.recorded'
  | 'prompt.missed'
  | 'referral.recorded'
  | 'processing.failed'
  | 'configuration.recorded'
  | 'audit.accessed'
  | 'measures.computed'
  | 'measures.exported'
  | 'chart.signed'
  | 'session.signed-in'
  | 'session.signed-out'
  | 'session.ended'
  | 'display.paired'
  | 'display.revoked';

export interface AuditActor {
  readonly type: 'system' | 'client' | 'upstream' | 'user';
  readonly id: string;
}

export interface AuditEntry {
  readonly type: AuditEventType;
  readonly actor: AuditActor;
  /** When it happened; defaults to when it is recorded. */
  readonly occurredAt?: Date;
  readonly patientId?: string | null;
  readonly alertId?: string | null;
  readonly resourceId?: string | null;
  readonly wardId?: string | null;
  readonly details?: Readonly<Record<string, unknown>>;
}

export const GENESIS_HASH = '0'.repeat(64);

/** An audit event as read back (the id as text: a bigint may exceed a JS number). */
export interface AuditRow extends Omit<HashedFields, 'details'> {
  readonly id: string;
  readonly details: Record<string, unknown>;
  readonly hash: string;
}
