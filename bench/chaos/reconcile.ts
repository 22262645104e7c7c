import { Client } from 'pg';
import type { AuditRow } from '../../src/audit/audit-reader';
import { verifyChain } from '../../src/audit/audit-reader';
import type { SentSet } from './epr';
import { expectedEvent } from './epr';
import type { InjectedFault } from './faults';
import type { FaultType } from './options';
import { FAULT_TYPES } from './options';

/** Figures of a list of durations, in ms. */
export interface Spread {
  readonly count: number;
  readonly p50: number | null;
  readonly max: number | null;
}

export function spread(values: readonly number[]): Spread {
  if (values.length === 0) return { count: 0, p50: null, max: null };
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: Math.round(sorted[Math.floor((sorted.length - 1) / 2)] as number),
    max: Math.round(sorted.at(-1) as number),
  };
}

export interface Reconciliation {
  readonly sets: {
    /** Sets the EPR took (admissions included). */
    readonly taken: number;
    /** Answered 2xx (after retries where needed). */
    readonly accepted: number;
    /** Refused with a 4xx (the EPR gives up on those): should be 0. */
    readonly rejected: number;
    /** Still queued or being retried by the EPR when the run ended (not lost: the EPR still holds them). */
    readonly unsent: number;
    /** Accepted sets sent more than once (a retry after a 5xx, a timeout or a refused connection). */
    readonly retried: number;
    /** Accepted but no current observation_set row (or one of its Observations not stored): LOST. */
    readonly lost: number;
    /** Accepted sets with more than one current observation_set row, or an Observation stored twice. */
    readonly duplicated: number;
    /** observation_set rows for no set the EPR sent (invented). */
    readonly invented: number;
    /**
     * Sets the EPR sent, Beacon stored, and the EPR still holds as unanswered when the run ended (its request timed out
     * or its connection broke after the commit): its next attempt would be answered as a repeat. Not invented.
     */
    readonly storedUnanswered: number;
    /** Sets scored more than once (times_scored > 1): not wrong, but counted. */
    readonly rescored: number;
    /** Readings still waiting for assessment at the end. */
    readonly readingsPending: number;
    readonly examples: readonly string[];
  };
  readonly alerts: {
    /** Phases whose first set must raise (first escalating phase) or worsen (every worse phase). */
    readonly expected: number;
    /** Such phases with exactly one raise/worsen event for a set of the phase. */
    readonly matched: number;
    /**
     * First escalating phases that never decided an alert because the whole phase was superseded by the worse
     * phase before it was assessed (only a patient's latest set decides): the alert was raised at the worse
     * level instead (counted once, in the worse phase), neither lost nor duplicated.
     */
    readonly raisedAtWorseLevel: number;
    readonly lost: number;
    readonly duplicated: number;
    /** raise/worsen events for a set of a phase that must not raise or worsen. */
    readonly unexpected: number;
    /** Patient and kind with more than one open alert. */
    readonly duplicateOpen: number;
    /** Deterioration alerts per patient other than one (each patient's alert stays open: nobody acknowledges). */
    readonly patientsWithOtherThanOneAlert: number;
    readonly examples: readonly string[];
  };
  readonly delivery: {
    readonly alerts: number;
    /** Alerts with at least one delivery receipt (alert.delivered) in the audit trail. */
    readonly withReceipt: number;
    /** Alerts seen by at least one screen. */
    readonly seenOnScreen: number;
    /** Alert steps (raised, worsened, escalated to step n) with a receipt for that alert and step. */
    readonly stepsDelivered: number;
    readonly steps: number;
    /** Raise/worsen events whose set a screen showed on the alert. */
    readonly changesSeen: number;
    readonly changes: number;
  };
  readonly timers: {
    /** Escalation timers that fired (alert.escalated, reason timeout). */
    readonly fired: number;
    /** Timers due before the end (with the sweep's slack) that had not fired. */
    readonly notFired: number;
    /** How late each fired, in ms after it was due, by the fault most recently injected before it fell due. */
    readonly lateBy: Record<string, Spread>;
  };
  readonly audit: { readonly intact: boolean; readonly checked: number; readonly brokenAt: string | null };
  readonly processingFailures: number;
}

interface AlertEventRow {
  readonly id: string;
  readonly type: string;
  readonly occurredAt: Date;
  readonly alertId: string | null;
  /** The audit details this file reads are strings and numbers (setId, step, escalatesAt, reason). */
  readonly details: Readonly<Record<string, string | number | boolean | null | undefined>>;
}

/** The last fault injected at or before `atMs` (wall clock) within `windowMs`, else "no fault". */
function faultBefore(faults: readonly InjectedFault[], atMs: number, windowMs: number): string {
  let found: InjectedFault | undefined;
  for (const fault of faults) {
    const injected = Date.parse(fault.injectedAtIso);
    if (injected <= atMs && atMs - injected <= windowMs) found = fault;
  }
  return found ? found.type : 'no fault';
}

const setKeyOf = (patientId: string, effectiveAt: string) => `${patientId}|${effectiveAt}`;

/**
 * Reconciles the run from the EPR's side against Beacon's database: the sets the EPR had accepted, the alert events
 * its patients' courses must cause, delivery receipts, escalation timers and the audit chain.
 */
export async function reconcile(input: {
  readonly databaseUrl: string;
  readonly sets: readonly SentSet[];
  readonly screenAlerts: readonly { alertId: string; setId: string | null }[];
  readonly faults: readonly InjectedFault[];
  readonly ladderSeconds: number;
  /** Timers due later than this (wall clock ms) are not counted as "not fired". */
  readonly timersDueBefore: number;
}): Promise<Reconciliation> {
  // What the EPR counts as accepted, fixed before anything is read back (the caller has stopped it).
  const accepted = input.sets.filter((set) => set.acceptedAt !== undefined && !set.rejected);
  const client = new Client({ connectionString: input.databaseUrl });
  await client.connect();
  try {
    const query = async <T>(sql: string, parameters: unknown[] = []) =>
      (await client.query(sql, parameters)).rows as T[];
    const identities = await query<{ source_id: string; patient_id: string }>(
      'SELECT source_id, patient_id FROM patient_identity',
    );
    const patientOf = new Map(identities.map((row) => [row.source_id, row.patient_id]));
    const setRows = await query<{
      id: string;
      patient_id: string;
      effective_at: Date;
      is_current: boolean;
      times_scored: number;
    }>('SELECT id, patient_id, effective_at, is_current, times_scored FROM observation_set');
    const rowsByKey = new Map<string, typeof setRows>();
    for (const row of setRows) {
      const key = setKeyOf(row.patient_id, row.effective_at.toISOString());
      rowsByKey.set(key, [...(rowsByKey.get(key) ?? []), row]);
    }
    const stored = new Map(
      (
        await query<{ source_id: string; n: number }>(
          `SELECT source_id, count(*)::int AS n FROM fhir_resource
            WHERE resource_type = 'Observation' AND is_current AND source_id IS NOT NULL GROUP BY source_id`,
        )
      ).map((row) => [row.source_id, row.n]),
    );

    // Sets: every accepted set stored and scored exactly once.
    const setExamples: string[] = [];
    const setIdToSent = new Map<string, SentSet>();
    const sentKeys = new Set<string>();
    let lost = 0;
    let duplicated = 0;
    let rescored = 0;
    for (const set of accepted) {
      const patientId = patientOf.get(set.patient.sourceId) ?? '';
      const key = setKeyOf(patientId, set.effectiveAt);
      sentKeys.add(key);
      const current = (rowsByKey.get(key) ?? []).filter((row) => row.is_current);
      const copies = set.observationIds.map((id) => stored.get(id) ?? 0);
      if (current.length === 0 || copies.some((n) => n === 0)) {
        lost += 1;
        if (setExamples.length < 10)
          setExamples.push(
            `lost: ${set.patient.sourceId} set ${set.n} at ${set.effectiveAt} (${current.length} set rows, observations stored ${copies.join('/')})`,
          );
      } else if (current.length > 1 || copies.some((n) => n > 1)) {
        duplicated += 1;
        if (setExamples.length < 10)
          setExamples.push(`duplicated: ${set.patient.sourceId} set ${set.n} (${current.length} set rows)`);
      }
      for (const row of current) {
        setIdToSent.set(row.id, set);
        if (row.times_scored > 1) rescored += 1;
      }
    }
    const unansweredKeys = new Set(
      input.sets
        .filter((set) => set.firstSentAt !== undefined && set.acceptedAt === undefined && !set.rejected)
        .map((set) => setKeyOf(patientOf.get(set.patient.sourceId) ?? '', set.effectiveAt)),
    );
    const unaccepted = setRows
      .filter((row) => row.is_current)
      .map((row) => setKeyOf(row.patient_id, row.effective_at.toISOString()))
      .filter((key) => !sentKeys.has(key));
    const storedUnanswered = unaccepted.filter((key) => unansweredKeys.has(key)).length;
    const invented = unaccepted.length - storedUnanswered;
    const [pending] = await query<{ n: number }>(
      'SELECT count(*)::int AS n FROM reading WHERE assessment_pending',
    );

    // Alert events against the patients' courses.
    const events = await query<AlertEventRow>(
      `SELECT id::text AS id, type, occurred_at AS "occurredAt", alert_id AS "alertId", details
         FROM audit_event WHERE type LIKE 'alert.%' ORDER BY audit_event.id`,
    );
    const alerts = await query<{
      id: string;
      patient_id: string | null;
      kind: string;
      state: string;
      escalation_step: number;
      next_escalation_at: Date | null;
    }>('SELECT id, patient_id, kind, state, escalation_step, next_escalation_at FROM alert');
    const kindOf = new Map(alerts.map((alert) => [alert.id, alert.kind]));
    const phaseKey = (set: SentSet) => `${set.patient.sourceId}#${set.phaseIndex}`;
    const required = new Map<string, 'alert.raised' | 'alert.worsened'>();
    for (const set of accepted) {
      const expected = expectedEvent(set.phase, set.phaseIndex);
      if (expected) required.set(phaseKey(set), expected);
    }
    const found = new Map<string, number>();
    const alertExamples: string[] = [];
    let unexpected = 0;
    const changes = events.filter(
      (event) =>
        (event.type === 'alert.raised' || event.type === 'alert.worsened') &&
        kindOf.get(event.alertId ?? '') === 'deterioration',
    );
    // A whole escalating phase superseded by the worse one before it was assessed (only the latest set decides):
    // the alert is raised at once at the worse level. Counted apart: the escalation happened, one step was skipped.
    const raisedLate = new Set<string>();
    for (const event of changes) {
      const set = setIdToSent.get(String(event.details.setId ?? ''));
      if (set && event.type === 'alert.raised' && required.get(phaseKey(set)) === 'alert.worsened') {
        const skipped = `${set.patient.sourceId}#${set.phaseIndex - 1}`;
        if (required.get(skipped) === 'alert.raised') raisedLate.add(skipped);
      }
    }
    for (const event of changes) {
      const set = setIdToSent.get(String(event.details.setId ?? ''));
      const key = set ? phaseKey(set) : `unknown set ${String(event.details.setId)}`;
      const late = set !== undefined && raisedLate.has(`${set.patient.sourceId}#${set.phaseIndex - 1}`);
      if (late && event.type === 'alert.raised') {
        found.set(key, (found.get(key) ?? 0) + 1);
        continue;
      }
      if (!set || required.get(key) !== event.type) {
        unexpected += 1;
        if (alertExamples.length < 10)
          alertExamples.push(
            `unexpected ${event.type} for ${set ? `${set.patient.sourceId} set ${set.n} (${set.phase} phase ${set.phaseIndex})` : key}`,
          );
        continue;
      }
      found.set(key, (found.get(key) ?? 0) + 1);
    }
    let alertsLost = 0;
    let alertsDuplicated = 0;
    for (const [key, type] of required) {
      if (raisedLate.has(key)) continue;
      const count = found.get(key) ?? 0;
      if (count === 0) alertsLost += 1;
      if (count > 1) alertsDuplicated += 1;
      if (count !== 1 && alertExamples.length < 10)
        alertExamples.push(`${key}: ${count} × ${type} (expected 1)`);
    }
    const openCounts = new Map<string, number>();
    for (const alert of alerts)
      if (alert.patient_id && ['raised', 'acknowledged', 'attending'].includes(alert.state)) {
        const key = `${alert.patient_id}|${alert.kind}`;
        openCounts.set(key, (openCounts.get(key) ?? 0) + 1);
      }
    const perPatient = new Map<string, number>();
    for (const alert of alerts)
      if (alert.kind === 'deterioration' && alert.patient_id)
        perPatient.set(alert.patient_id, (perPatient.get(alert.patient_id) ?? 0) + 1);
    const patientsRaised = new Set(
      accepted
        .filter((set) => required.get(phaseKey(set)) === 'alert.raised')
        .map((set) => patientOf.get(set.patient.sourceId) ?? ''),
    );
    let otherThanOne = 0;
    for (const patientId of patientsRaised) if ((perPatient.get(patientId) ?? 0) !== 1) otherThanOne += 1;
    for (const [patientId] of perPatient) if (!patientsRaised.has(patientId)) otherThanOne += 1;

    // Delivery: receipts per alert and step, and what the screens showed.
    const delivered = new Set<string>();
    const deliveredAlerts = new Set<string>();
    const steps = new Set<string>();
    for (const event of events) {
      const alertId = event.alertId ?? '';
      if (event.type === 'alert.delivered') {
        delivered.add(`${alertId}#${String(event.details.step)}`);
        deliveredAlerts.add(alertId);
      } else if (event.type === 'alert.raised' || event.type === 'alert.worsened') steps.add(`${alertId}#0`);
      else if (event.type === 'alert.escalated') steps.add(`${alertId}#${String(event.details.step)}`);
    }
    const seenAlerts = new Set(input.screenAlerts.map((seen) => seen.alertId));
    const seenChanges = new Set(input.screenAlerts.map((seen) => `${seen.alertId}#${seen.setId ?? ''}`));

    // Ladder timers: due at raise/worsen + the first rung's wait, then at each escalation's "escalates again at".
    const lateBy = new Map<string, number[]>();
    const due = new Map<string, number>();
    let fired = 0;
    for (const event of events) {
      const alertId = event.alertId ?? '';
      if (kindOf.get(alertId) !== 'deterioration') continue;
      const at = new Date(event.occurredAt).getTime();
      if (event.type === 'alert.raised')
        due.set(
          alertId,
          Date.parse(String(event.details.escalatesAt ?? '')) || at + input.ladderSeconds * 1000,
        );
      else if (event.type === 'alert.worsened') due.set(alertId, at + input.ladderSeconds * 1000);
      else if (event.type === 'alert.escalated' && event.details.reason === 'timeout') {
        fired += 1;
        const dueAt = due.get(alertId);
        if (dueAt !== undefined) {
          const fault = faultBefore(input.faults, dueAt, 60_000);
          lateBy.set(fault, [...(lateBy.get(fault) ?? []), Math.max(0, at - dueAt)]);
        }
        due.set(alertId, Date.parse(String(event.details.escalatesAgainAt ?? '')) || at);
      }
    }
    const notFired = alerts.filter(
      (alert) =>
        alert.state === 'raised' &&
        alert.next_escalation_at !== null &&
        alert.next_escalation_at.getTime() < input.timersDueBefore,
    ).length;

    const chain = await verifyChain(async (sql, parameters) => await query<AuditRow>(sql, parameters));
    const [failures] = await query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_event WHERE type = 'processing.failed'`,
    );

    const lateByType: Record<string, Spread> = {};
    for (const type of [...FAULT_TYPES, 'no fault'] as (FaultType | 'no fault')[])
      lateByType[type] = spread(lateBy.get(type) ?? []);
    return {
      sets: {
        taken: input.sets.length,
        accepted: accepted.length,
        rejected: input.sets.filter((set) => set.rejected).length,
        unsent: input.sets.filter((set) => set.acceptedAt === undefined && !set.rejected).length,
        retried: accepted.filter((set) => set.attempts > 1).length,
        lost,
        duplicated,
        invented,
        storedUnanswered,
        rescored,
        readingsPending: pending?.n ?? 0,
        examples: [
          ...setExamples,
          ...input.sets
            .filter((set) => set.rejected)
            .slice(0, 3)
            .map((set) => `rejected: ${set.patient.sourceId} set ${set.n}: ${set.rejected ?? ''}`),
        ],
      },
      alerts: {
        expected: required.size,
        matched: [...required.keys()].filter((key) => found.get(key) === 1).length,
        raisedAtWorseLevel: raisedLate.size,
        lost: alertsLost,
        duplicated: alertsDuplicated,
        unexpected,
        duplicateOpen: [...openCounts.values()].filter((n) => n > 1).length,
        patientsWithOtherThanOneAlert: otherThanOne,
        examples: alertExamples,
      },
      delivery: {
        alerts: alerts.length,
        withReceipt: alerts.filter((alert) => deliveredAlerts.has(alert.id)).length,
        seenOnScreen: alerts.filter((alert) => seenAlerts.has(alert.id)).length,
        stepsDelivered: [...steps].filter((step) => delivered.has(step)).length,
        steps: steps.size,
        changesSeen: changes.filter((event) =>
          seenChanges.has(`${event.alertId ?? ''}#${String(event.details.setId ?? '')}`),
        ).length,
        changes: changes.length,
      },
      timers: { fired, notFired, lateBy: lateByType },
      audit: { intact: !chain.brokenAt, checked: chain.checked, brokenAt: chain.brokenAt?.id ?? null },
      processingFailures: failures?.n ?? 0,
    };
  } finally {
    await client.end();
  }
}
