import { Injectable } from '@nestjs/common';
import { initialsOf } from '../clinical-record/patient.store';
import { AppConfig } from '../config/app-config';
import type { FieldId } from '../scoring';
import type { LatestReading } from './patient-chart.definitions';
import { chartDefinitionView } from './patient-chart.definitions';
import type { MarkerRow, SetRow } from './persistence/patient-chart.repository';
import { PatientChartRepository } from './persistence/patient-chart.repository';
import { setSummary } from './persistence/set-summary';
import type {
  AlertMarker,
  AlertMarkerEvent,
  ChartedSet,
  PatientChart,
} from '../contracts/patient-chart.view';

/** A stay longer than this many sets is charted from its most recent ones (a set every 15 min is ~10 weeks). */
export const MAX_SETS = 7000;

const MARKER_EVENTS: Readonly<Record<string, AlertMarkerEvent>> = {
  'alert.raised': 'raised',
  'alert.escalated': 'escalated',
  'alert.acknowledged': 'acknowledged',
  'alert.resolved': 'resolved',
};

/** Selector readings choose a band table (NEWS2 SpO2 scale, air or oxygen); they are never charted themselves. */
const SELECTORS: readonly FieldId[] = ['spo2Scale', 'onSupplementalOxygen'];

/** A patient's observation chart: the scored sets of the stay, the chart definitions behind them, alert markers. */
@Injectable()
export class PatientChartService {
  constructor(
    private readonly repository: PatientChartRepository,
    private readonly config: AppConfig,
  ) {}

  /** The ward a patient is on (null: on no configured ward); undefined for an unknown patient. */
  async wardOf(patientId: string): Promise<{ wardId: string | null } | undefined> {
    const row = await this.repository.patient(patientId);
    return row ? { wardId: row.ward_id } : undefined;
  }

  async chart(patientId: string): Promise<PatientChart | undefined> {
    const patient = await this.repository.patient(patientId);
    if (!patient) return undefined;
    const setRows = await this.repository.recentSets(patientId, MAX_SETS + 1);
    const truncated = setRows.length > MAX_SETS;
    const sets = (truncated ? setRows.slice(1) : setRows).map(toSet);
    const markerRows = await this.repository.markers(patientId, Object.keys(MARKER_EVENTS));
    const ward = this.config.ward(patient.ward_id);
    return {
      patient: {
        id: patient.id,
        initials: initialsOf(patient.name),
        bed: patient.bed,
        wardId: patient.ward_id,
        wardName: ward?.name ?? null,
      },
      charts: this.definitions(setRows.slice(truncated ? 1 : 0)),
      sets,
      markers: markerRows.map(toMarker),
      truncated,
      at: new Date().toISOString(),
    };
  }

  /** The definitions of the charts used, in order of first use, with the band tables of each latest reading. */
  private definitions(rows: readonly SetRow[]): PatientChart['charts'] {
    const latest = new Map<string, Map<string, LatestReading>>();
    for (const row of rows) {
      if (!this.config.charts.has(row.chart_id)) continue;
      const readings = latest.get(row.chart_id) ?? new Map<string, LatestReading>();
      latest.set(row.chart_id, readings);
      const selectors = Object.fromEntries(
        row.readings
          .filter((reading) => SELECTORS.includes(reading.field as FieldId))
          .map((reading) => [reading.field, reading.value]),
      );
      for (const { parameter, value, score } of row.parameters ?? [])
        readings.set(parameter, { value, score, selectors });
    }
    return [...latest.entries()].map(([id, readings]) =>
      chartDefinitionView(this.config.charts.get(id), readings),
    );
  }
}

function toSet(row: SetRow): ChartedSet {
  return {
    ...setSummary(row),
    complete: row.complete,
    missing: row.missing ?? [],
    concern: row.concern === true,
    values: Object.fromEntries(
      (row.parameters ?? []).map(({ parameter, value, score }) => [parameter, { value, score }]),
    ),
  };
}

function toMarker(row: MarkerRow): AlertMarker {
  const { level, step, actor } = row.details;
  return {
    alertId: row.alert_id,
    kind: row.kind,
    event: MARKER_EVENTS[row.type] ?? 'raised',
    at: new Date(row.occurred_at).toISOString(),
    level: typeof level === 'string' ? level : null,
    step: typeof step === 'number' ? step : null,
    by: typeof actor?.name === 'string' ? actor.name : null,
  };
}
