import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import type { AuditActor } from '../audit/audit.types';
import { AppConfig } from '../config/app-config';
import type { MeasureDefinition } from './domain/catalogue';
import { MEASURES, NOT_COMPUTED } from './domain/catalogue';
import type { MeasureCell, WardScope } from './domain/compute';
import { computeMeasure, monthsBetween, suppress } from './domain/compute';
import type { MeasureFacts } from './domain/facts';
import type {
  MeasurePointView,
  MeasureSeriesView,
  MeasuresView,
  MeasureView,
} from '../contracts/measures.view';
import { MeasureFactsRepository } from './persistence/measure-facts.repository';
import { runSpc } from './spc';

const DAY = 86_400_000;

/** The escalation list the auditor can open for the events behind a point (it audits each view itself). */
const DRILLABLE: readonly MeasureDefinition['group'][] = ['escalation', 'omitted-care'];

/**
 * The unit's measures per ward and month as SPC charts: facts from the repository, the pure computation
 * (domain/compute.ts), small-number suppression, then the Making Data Count engine (spc/). Each computation and each
 * export is recorded in the audit trail (measures M-30 and M-31 count them).
 */
@Injectable()
export class MeasuresService {
  constructor(
    private readonly facts: MeasureFactsRepository,
    private readonly dataSource: DataSource,
    private readonly auditLog: AuditLog,
    private readonly config: AppConfig,
  ) {}

  /** Every measure from month `from` to month `to` ("YYYY-MM", inclusive), for the unit and each ward (or one). */
  async compute(from: string, to: string, ward?: string): Promise<MeasuresView> {
    const months = monthsBetween(from, to);
    const [fromYear, fromMonth] = from.split('-').map(Number) as [number, number];
    const [toYear, toMonth] = to.split('-').map(Number) as [number, number];
    // A day either side covers the UK's offset from UTC; the computation keeps each event to its UK month.
    const facts = await this.facts.load(
      new Date(Date.UTC(fromYear, fromMonth - 1, 1) - DAY),
      new Date(Date.UTC(toYear, toMonth, 1) + DAY),
    );
    const asOf = Date.now();
    const wards = this.config.wards.wards.filter((w) => ward === undefined || w.id === ward);
    const scopes: { scope: WardScope; name: string }[] = [
      ...(ward === undefined ? [{ scope: { ward: 'all' }, name: this.config.wards.unit.name }] : []),
      ...wards.map((w) => ({ scope: { ward: w.id }, name: w.name })),
    ];
    return {
      from,
      to,
      computedAt: new Date(asOf).toISOString(),
      measures: MEASURES.map((measure) => this.measureView(measure, facts, months, scopes, asOf)),
      notComputed: NOT_COMPUTED,
    };
  }

  async recordRun(
    actor: AuditActor,
    kind: 'computed' | 'exported',
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.dataSource.transaction((manager) =>
      this.auditLog.append(manager, [
        { type: kind === 'computed' ? 'measures.computed' : 'measures.exported', actor, details },
      ]),
    );
  }

  private measureView(
    measure: MeasureDefinition,
    facts: MeasureFacts,
    months: readonly string[],
    scopes: readonly { scope: WardScope; name: string }[],
    asOf: number,
  ): MeasureView {
    const inBreakdown = measure.breakdown === 'unit' ? scopes.filter((s) => s.scope.ward === 'all') : scopes;
    return {
      definition: measure,
      series: inBreakdown.map(({ scope, name }) =>
        seriesView(measure, computeMeasure(measure, facts, months, scope, asOf), scope.ward, name),
      ),
    };
  }
}

function seriesView(
  measure: MeasureDefinition,
  cells: readonly MeasureCell[],
  ward: string,
  wardName: string,
): MeasureSeriesView {
  const series =
    measure.chart === 'p'
      ? cells.map((c) => ({ period: c.period, numerator: c.numerator, denominator: c.denominator ?? 0 }))
      : cells.map((c) => ({ period: c.period, value: c.value }));
  const spc =
    cells.length === 0
      ? undefined
      : runSpc(measure.chart, series, {
          improvement: measure.improvement ?? undefined,
          target: measure.improvement === null ? undefined : measure.target?.value,
        });
  const chart = spc && !('error' in spc) ? spc : undefined;
  const points: MeasurePointView[] = cells.map((cell, index) => {
    const shown = suppress(measure, cell);
    const spcPoint = chart?.points[index];
    return {
      period: cell.period,
      value: shown.value,
      numerator: shown.numerator,
      denominator: shown.denominator,
      suppressed: shown.suppressed,
      display: shown.display,
      mean: spcPoint?.mean ?? null,
      upperLimit: spcPoint?.upperLimit ?? null,
      lowerLimit: spcPoint?.lowerLimit ?? null,
      signals: spcPoint?.signals ?? [],
      drillDown: DRILLABLE.includes(measure.group) ? drillDown(ward, cell.period) : null,
    };
  });
  return {
    ward,
    wardName,
    chart: measure.chart,
    points,
    variation: chart?.variation ?? null,
    assurance: chart?.assurance ?? null,
  };
}

/** The audited escalation list for a ward and month (UTC month bounds; the list filters by raise time). */
function drillDown(ward: string, period: string): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  const from = new Date(Date.UTC(year, month - 1, 1)).toISOString();
  const to = new Date(Date.UTC(year, month, 1)).toISOString();
  const params = new URLSearchParams({ ...(ward === 'all' ? {} : { ward }), from, to });
  return `/audit/alerts?${params.toString()}`;
}
