import type { AlertKind, AlertState } from '../alerts/domain/alert';
import type {
  AcknowledgementStatus,
  EscalationDurations,
  EscalationRow,
  EscalationTimes,
} from '../contracts/escalation-list.view';

/** One row of the escalation query (snake_case, as PostgreSQL returns it). */
export interface EscalationRecord {
  readonly id: string;
  readonly kind: string;
  readonly state: string;
  readonly level: string;
  readonly ward_id: string | null;
  readonly patient_id: string | null;
  readonly initials: string | null;
  readonly bed: string | null;
  readonly title: string;
  readonly clinical_risk: string | null;
  readonly chart_id: string | null;
  readonly chart_version: string | null;
  readonly acknowledgement: string;
  readonly acknowledged_by: string | null;
  readonly response: string | null;
  readonly response_reason: string | null;
  readonly closed_reason: string | null;
  readonly escalations: number | null;
  readonly taken_at: Date | null;
  readonly received_at: Date | null;
  readonly scored_at: Date | null;
  readonly raised_at: Date;
  readonly first_delivered_at: Date | null;
  readonly acknowledged_at: Date | null;
  readonly acknowledge_due_at: Date | null;
  readonly responded_at: Date | null;
  readonly closed_at: Date | null;
}

const iso = (at: Date | null): string | null => (at ? new Date(at).toISOString() : null);

/** Seconds from one step to a later one (one decimal); null when either did not happen. */
export function secondsBetween(from: string | null, to: string | null): number | null {
  if (!from || !to) return null;
  return Math.round((Date.parse(to) - Date.parse(from)) / 100) / 10;
}

export function durationsOf(times: EscalationTimes): EscalationDurations {
  return {
    takenToReceived: secondsBetween(times.observationTakenAt, times.receivedAt),
    receivedToScored: secondsBetween(times.receivedAt, times.scoredAt),
    scoredToRaised: secondsBetween(times.scoredAt, times.raisedAt),
    raisedToDelivered: secondsBetween(times.raisedAt, times.firstDeliveredAt),
    raisedToAcknowledged: secondsBetween(times.raisedAt, times.acknowledgedAt),
    acknowledgedToResponded: secondsBetween(times.acknowledgedAt, times.respondedAt),
    raisedToClosed: secondsBetween(times.raisedAt, times.closedAt),
  };
}

export function toEscalationRow(record: EscalationRecord): EscalationRow {
  const times: EscalationTimes = {
    observationTakenAt: iso(record.taken_at),
    receivedAt: iso(record.received_at),
    scoredAt: iso(record.scored_at),
    raisedAt: new Date(record.raised_at).toISOString(),
    firstDeliveredAt: iso(record.first_delivered_at),
    acknowledgedAt: iso(record.acknowledged_at),
    acknowledgeDueAt: iso(record.acknowledge_due_at),
    respondedAt: iso(record.responded_at),
    closedAt: iso(record.closed_at),
  };
  return {
    id: record.id,
    kind: record.kind as AlertKind,
    state: record.state as AlertState,
    level: record.level,
    wardId: record.ward_id,
    patient: record.patient_id
      ? { id: record.patient_id, initials: record.initials ?? '?', bed: record.bed }
      : null,
    title: record.title,
    clinicalRisk: record.clinical_risk,
    chart: record.chart_id ? { id: record.chart_id, version: record.chart_version ?? '' } : null,
    acknowledgement: record.acknowledgement as AcknowledgementStatus,
    acknowledgedBy: record.acknowledged_by,
    response: record.response,
    responseReason: record.response_reason,
    closedReason: record.closed_reason,
    escalations: record.escalations ?? 0,
    times,
    durations: durationsOf(times),
  };
}
