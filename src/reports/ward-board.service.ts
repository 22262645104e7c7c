import { Injectable } from '@nestjs/common';
import { initialsOf } from '../clinical-record/patient.store';
import { AppConfig } from '../config/app-config';
import type { ChartCatalogue } from '../config/chart-files';
import type { ChartDefinition } from '../scoring';
import type { BedTile, BoardChart } from '../contracts/board.view';
import type { TileRow } from './persistence/ward-board.repository';
import { WardBoardRepository } from './persistence/ward-board.repository';

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
    private readonly repository: WardBoardRepository,
    private readonly config: AppConfig,
  ) {}

  /** The charts a ward uses for any patient group (the board's legend and "unverified" banner). */
  charts(wardId: string | null): BoardChart[] {
    const ward = this.config.ward(wardId);
    const ids = ward ? [...new Set(Object.values(ward.charts))] : [];
    return ids.map((id) => boardChart(this.config.charts.get(id)));
  }

  async tiles(wardId: string): Promise<BedTile[]> {
    const rows = await this.repository.tilesOfWard(wardId);
    return rows
      .map((row) => toTile(row, this.config.charts))
      .sort(
        (a, b) =>
          (a.bed ?? '\uffff').localeCompare(b.bed ?? '\uffff', 'en', { numeric: true }) ||
          a.initials.localeCompare(b.initials),
      );
  }

  async tile(patientId: string): Promise<BedTile | undefined> {
    const row = await this.repository.tileOfPatient(patientId);
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
    unscoredSince: row.unscored_since ? new Date(row.unscored_since).toISOString() : null,
  };
}
