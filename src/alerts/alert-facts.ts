import type { AppConfig } from '../config/app-config';
import type { ObservationSetEntity } from '../assessment/persistence/observation-set.entity';
import type { ChartDefinition } from '../scoring';
import type { AuditEntry } from '../audit/audit.types';
import type { Actor, AlertKind, AlertSnapshot, AlertState } from './domain/alert';
import { OPEN_STATES } from './domain/alert';
import type { SetFacts } from './domain/alert-policy';
import type { AlertEntity } from './persistence/alert.entity';

/**
 * What the life cycle reads off its rows and configuration: a ward and its ladder, a set's chart, facts, detail and
 * title, an alert row as the pure domain's snapshot. No I/O.
 */

/** Kinds that are not chart responses rank after every chart response level. */
/** A timer may fire, or observations be counted due, this early (clock skew between processes and PostgreSQL). */
export const TIMER_TOLERANCE_MS = 1000;

export const SEVERITY = { overdue: 40, 'processing-failure': 30, prompt: 50 } as const;

export const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** The ward's escalation ladder (a patient on no configured ward: the first ward's). */
export function ladderOf(config: AppConfig, wardId: string | null) {
  return (config.ward(wardId) ?? config.wards.wards[0])?.escalation.ladder ?? [];
}

export function chartOf(config: AppConfig, set: ObservationSetEntity): ChartDefinition | undefined {
  return config.charts.find(set.chartId);
}

/** When the set after `set` is due (its chart's interval plus the ward's grace); null when none is watched. */
export function nextSetDueAt(config: AppConfig, set: ObservationSetEntity, wardId = set.wardId): Date | null {
  const interval = set.result.response.observationIntervalMinutes;
  const ward = config.ward(wardId);
  if (interval === null || !ward) return null;
  return new Date(set.effectiveAt.getTime() + (interval + ward.escalation.overdueGraceMinutes) * 60_000);
}

/** What a decision table needs to know of a scored set. */
export function factsOf(config: AppConfig, set: ObservationSetEntity): SetFacts {
  const result = set.result;
  const chart = chartOf(config, set);
  const risk = chart?.riskLevels.find((level) => level.id === result.clinicalRisk);
  const severity = chart
    ? chart.responses.findIndex((response) => response.level === result.response.level)
    : 0;
  return {
    scoreEscalates: risk?.escalate ?? result.escalate,
    concern: result.concern,
    level: result.response.level,
    severity,
  };
}

export function snapshotOf(alert: AlertEntity): AlertSnapshot;
export function snapshotOf(alert: AlertEntity | undefined): AlertSnapshot | undefined;
export function snapshotOf(alert: AlertEntity | undefined): AlertSnapshot | undefined {
  if (!alert) return undefined;
  return {
    kind: alert.kind as AlertKind,
    state: alert.state as AlertState,
    level: alert.level,
    severity: alert.severity,
    escalationStep: alert.escalationStep,
    improved: alert.improved,
    acknowledgedBy: alert.acknowledgedBy,
    raisedAt: alert.raisedAt,
    promptCode: alert.promptCode,
    dueAt: alert.dueAt,
  };
}

/** The alert's detail from the set behind it: the chart's response at `level`, the score and its context. */
export function detailOf(config: AppConfig, set: ObservationSetEntity, level: string) {
  const result = set.result;
  const chart = chartOf(config, set);
  const response = chart ? chart.responses.find((candidate) => candidate.level === level) : undefined;
  return {
    who: response?.who ?? result.response.who,
    reviewWithinMinutes: response?.reviewWithinMinutes ?? result.response.reviewWithinMinutes,
    responseVerification: response?.verification ?? 'unverified',
    total: result.total,
    complete: result.complete,
    missing: result.missing,
    concern: result.concern,
    chartVerification: set.chartVerification,
    patientGroup: set.patientGroup,
    groupAssumed: set.groupAssumed,
  };
}

export function titleOf(kind: AlertKind, set: ObservationSetEntity | null): string {
  switch (kind) {
    case 'deterioration': {
      const result = set?.result;
      return `${(set?.chartId ?? 'score').toUpperCase()} ${result?.total ?? ''}: ${result?.clinicalRisk ?? ''} risk`.trim();
    }
    case 'concern':
      return 'Worry or concern raised';
    case 'overdue':
      return 'Observations overdue';
    case 'processing-failure':
      return 'Processing failure';
    case 'prompt':
      return 'Pathway prompt';
  }
}

/** An audit entry about an alert, by a person (`actor`) or by Beacon. */
export function auditOf(
  alert: AlertEntity,
  type: AuditEntry['type'],
  details: Record<string, unknown>,
  actor?: Actor,
): AuditEntry {
  return {
    type,
    actor: actor ? { type: 'user', id: actor.id } : { type: 'system', id: 'alerts' },
    patientId: alert.patientId,
    alertId: alert.id,
    wardId: alert.wardId,
    details: {
      ...details,
      ...(actor ? { actor: { id: actor.id, name: actor.name, role: actor.role, device: actor.device } } : {}),
    },
  };
}

/** The open alert of a kind among a patient's alerts. */
export function openOfKind(alerts: readonly AlertEntity[], kind: AlertKind): AlertEntity | undefined {
  return alerts.find((alert) => alert.kind === kind && OPEN_STATES.includes(alert.state as AlertState));
}
