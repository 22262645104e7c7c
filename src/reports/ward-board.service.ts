import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { initialsOf } from '../clinical-record/clinical-record.store';
import { AppConfig } from '../config/app-config';
import type { ChartCatalogue } from '../config/chart-files';
import type { ChartDefinition } from '../scoring';
import type { BedTile, BoardChart } from '../alerts/board.view';
import { OPEN_STATES } from '../alerts/domain/alert';

interface TileRow {
  id: string;
  name: string | null;
  bed: string | null;
  ward_id: string | null;
  overdue: boolean;
  sets:
    | {
        id: string;
        effective_at: string;
        total: number;
        clinical_risk: string;
        escalate: boolean;
        complete: boolean;
        chart_id: string;
        patient_group: string;
        missing: string[] | null;
        concern: boolean | null;
        interval: number | null;
      }[]
    | null;
}

const TILE_QUERY = `
  SELECT p.id, p.name, p.bed, p.ward_id,
    EXISTS (SELECT 1 FROM alert a WHERE a.patient_id = p.id AND a.kind = 'overdue' AND a.state = ANY($2)) AS overdue,
    (SELECT json_agg(s ORDER BY s.effective_at DESC) FROM (
       SELECT id, effective_at, total, clinical_risk, escalate, complete, chart_id, patient_group,
              result->'missing' AS missing, (result->>'concern')::boolean AS concern,
              (result->'response'->>'observationIntervalMinutes')::int AS interval
         FROM observation_set
        WHERE patient_id = p.id AND is_current
        ORDER BY effective_at DESC, scored_at DESC
        LIMIT 2) s) AS sets
  FROM patient p`;

export function boardChart(chart: ChartDefinition): BoardChart {
  return {
    id: chart.id,
    name: chart.id.toUpperCase(),
    title: chart.title,
    version: chart.version,
    verification: chart.verification,
    riskLevels: chart.riskLevels.map(({ id, label, colour, escalate }) => ({ id, label, colour, escalate })),
  };
}

/** The beds of a ward as its display shows them: one query for the whole ward, one for a single patient. */
@Injectable()
export class WardBoardService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  /** The charts a ward uses for any patient group (the board's legend and "unverified" banner). */
  charts(wardId: string | null): BoardChart[] {
    const ward = this.config.wards.wards.find((candidate) => candidate.id === wardId);
    const ids = ward ? [...new Set(Object.values(ward.charts))] : [];
    return ids.map((id) => boardChart(this.config.charts.get(id)));
  }

  async tiles(wardId: string): Promise<BedTile[]> {
    const rows = await this.dataSource.query<TileRow[]>(`${TILE_QUERY} WHERE p.ward_id = $1`, [
      wardId,
      OPEN_STATES,
    ]);
    return rows
      .map((row) => toTile(row, this.config.charts))
      .sort(
        (a, b) =>
          (a.bed ?? '\uffff').localeCompare(b.bed ?? '\uffff', 'en', { numeric: true }) ||
          a.initials.localeCompare(b.initials),
      );
  }

  async tile(patientId: string): Promise<BedTile | undefined> {
    const [row] = await this.dataSource.query<TileRow[]>(`${TILE_QUERY} WHERE p.id = $1`, [
      patientId,
      OPEN_STATES,
    ]);
    return row ? toTile(row, this.config.charts) : undefined;
  }
}

function toTile(row: TileRow, charts: ChartCatalogue): BedTile {
  const [latest, previous] = row.sets ?? [];
  const effectiveAt = latest ? new Date(latest.effective_at) : null;
  return {
    patientId: row.id,
    wardId: row.ward_id,
    bed: row.bed,
    initials: initialsOf(row.name),
    group: latest?.patient_group ?? null,
    chartId: latest && charts.has(latest.chart_id) ? latest.chart_id : null,
    latest:
      latest && effectiveAt
        ? {
            setId: latest.id,
            effectiveAt: effectiveAt.toISOString(),
            total: latest.total,
            clinicalRisk: latest.clinical_risk,
            escalate: latest.escalate,
            complete: latest.complete,
            missing: latest.missing ?? [],
            concern: latest.concern === true,
          }
        : null,
    previousTotal: previous?.total ?? null,
    trend:
      latest && previous
        ? latest.total > previous.total
          ? 'worse'
          : latest.total < previous.total
            ? 'better'
            : 'same'
        : null,
    nextDueAt:
      effectiveAt && latest?.interval !== null && latest?.interval !== undefined
        ? new Date(effectiveAt.getTime() + latest.interval * 60_000).toISOString()
        : null,
    overdue: row.overdue,
  };
}
