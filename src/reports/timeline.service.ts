import { Injectable } from '@nestjs/common';
import type { AuditRow } from '../audit/audit-reader';
import { AlertViews } from '../alerts/alert-views';
import type { FieldDefinition, FieldId } from '../scoring/observation-set';
import { OBSERVATION_FIELDS } from '../scoring/observation-set';
import type { Timeline, TimelineDelivery, TimelineSet, TimelineStep } from '../contracts/timeline.view';
import type { TimelineSetRow } from './persistence/timeline.repository';
import { TimelineRepository } from './persistence/timeline.repository';
import { setSummary } from './persistence/set-summary';

export type { Timeline, TimelineDelivery, TimelineStep } from '../contracts/timeline.view';

/** "Delivered to N screens": distinct screens per escalation step, from the alert.delivered audit rows. */
export function deliveriesOf(rows: readonly AuditRow[]): TimelineDelivery[] {
  const byStep = new Map<number, Map<string, { screen: string; role: string; at: string }>>();
  for (const row of rows) {
    if (row.type !== 'alert.delivered') continue;
    const step = Number(row.details.step ?? 0);
    const screen = typeof row.details.screen === 'string' ? row.details.screen : row.actorId;
    const screens = byStep.get(step) ?? new Map<string, { screen: string; role: string; at: string }>();
    if (!screens.has(screen))
      screens.set(screen, {
        screen,
        role: typeof row.details.role === 'string' ? row.details.role : '',
        at: new Date(row.occurredAt).toISOString(),
      });
    byStep.set(step, screens);
  }
  return [...byStep.entries()]
    .sort(([a], [b]) => a - b)
    .map(([step, screens]) => {
      const to = [...screens.values()].sort((a, b) => a.at.localeCompare(b.at));
      return {
        step,
        screens: to.length,
        firstAt: to[0]?.at ?? '',
        lastAt: to.at(-1)?.at ?? '',
        to,
      };
    });
}

/**
 * An escalation from start to end: when the observations were taken, received, scored, and every step of the alert
 * (raised, delivered, escalated, acknowledged, responded, resolved), in order, with the delay since the step before
 * and whether each audit row is intact.
 */
@Injectable()
export class TimelineService {
  constructor(
    private readonly repository: TimelineRepository,
    private readonly alerts: AlertViews,
  ) {}

  async timeline(alertId: string): Promise<Timeline | undefined> {
    const alert = await this.alerts.view(alertId);
    if (!alert) return undefined;
    const alertRows = await this.repository.alertEvents(alertId);
    const setIds = [
      ...new Set(
        [alert.setId, ...alertRows.map((row) => row.details.setId)].filter(
          (id): id is string => typeof id === 'string',
        ),
      ),
    ];
    const sets = await this.repository.sets(setIds);
    const readingIds = sets.flatMap((set) => set.readings.map((reading) => reading.readingId));
    const resources = await this.repository.readingResources(readingIds);
    const related = await this.repository.setEvents(setIds, [
      ...new Set(resources.map((row) => row.resource_id)),
    ]);
    const resourceOf = new Map(resources.map((row) => [row.id, row.resource_id]));
    const rows = [...new Map([...alertRows, ...related].map((row) => [row.id, row])).values()];
    const intact = await this.repository.linkStatus(rows);
    return {
      alert,
      steps: stepsOf(sets, rows, intact),
      sets: sets.map((set) => setOf(set, resourceOf, related)),
      deliveries: deliveriesOf(alertRows),
      chainIntact: [...intact.values()].every(Boolean),
    };
  }
}

/** Every step in time order (observations taken, then the audit events), with the delay since the one before. */
function stepsOf(
  sets: readonly TimelineSetRow[],
  rows: readonly AuditRow[],
  intact: ReadonlyMap<string, boolean>,
): TimelineStep[] {
  const taken = sets.map((set) => ({
    id: null,
    type: 'observation.taken',
    at: new Date(set.effective_at).toISOString(),
    recordedAt: null,
    actor: null,
    details: { setId: set.id },
    secondsSincePrevious: null,
    intact: null,
  }));
  const fromAudit = rows.map((row) => {
    const actor = row.details.actor as { name?: string; role?: string; device?: string } | undefined;
    return {
      id: row.id,
      type: row.type,
      at: new Date(row.occurredAt).toISOString(),
      recordedAt: new Date(row.recordedAt).toISOString(),
      actor: {
        type: row.actorType,
        id: row.actorId,
        ...(actor?.name ? { name: actor.name } : {}),
        ...(actor?.role ? { role: actor.role } : {}),
        ...(actor?.device ? { device: actor.device } : {}),
      },
      details: row.details,
      secondsSincePrevious: null,
      intact: intact.get(row.id) ?? false,
    };
  });
  const ordered = [...taken, ...fromAudit].sort(
    (a, b) => a.at.localeCompare(b.at) || Number(a.id ?? 0) - Number(b.id ?? 0),
  );
  return ordered.map((step, index) => {
    const previous = ordered[index - 1];
    return {
      ...step,
      secondsSincePrevious: previous ? (Date.parse(step.at) - Date.parse(previous.at)) / 1000 : null,
    };
  });
}

function setOf(
  set: TimelineSetRow,
  resourceOf: ReadonlyMap<string, string>,
  related: readonly AuditRow[],
): TimelineSet {
  return {
    ...setSummary(set),
    receivedAt: lastReceived(set.readings, resourceOf, related),
    readings: set.readings.map(({ field, value }) => {
      const definition = OBSERVATION_FIELDS[field as FieldId] as FieldDefinition | undefined;
      return {
        field,
        value,
        label: definition?.label ?? field,
        unit: definition?.kind === 'number' ? definition.unit : null,
      };
    }),
  };
}

/** When Beacon received the last of a set's readings (its latest `observation.received`), or null. */
function lastReceived(
  readings: readonly { readingId: string }[],
  resourceOf: ReadonlyMap<string, string>,
  rows: readonly AuditRow[],
): string | null {
  const resources = new Set(readings.map((reading) => resourceOf.get(String(reading.readingId))));
  const times = rows
    .filter((row) => row.type === 'observation.received' && row.resourceId && resources.has(row.resourceId))
    .map((row) => new Date(row.occurredAt).getTime());
  return times.length > 0 ? new Date(Math.max(...times)).toISOString() : null;
}
