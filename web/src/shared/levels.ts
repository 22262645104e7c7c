import type { AlertView, BedTile, BoardChart } from '../../../src/contracts/events';
import { elapsed, riskOf } from './format';

/**
 * How a level looks on every screen: its own fill, shape and word, so colour is never the only cue. A deterioration
 * alert takes its chart's risk colour and label; a concern, overdue observations and a processing failure each have
 * their own.
 */
export interface LevelLook {
  /** "High", "Red: urgent review", "Concern", "Obs overdue". */
  readonly word: string;
  /** ◆ highest risk, ▲ middle, ● lowest; ✚ concern, ◷ overdue observations, ⚠ processing failure. */
  readonly shape: string;
  readonly fill: string;
  /** Black or white, whichever reads better on the fill. */
  readonly ink: string;
  /** A class naming the level, for the stylesheet and tests: level-high, level-concern, level-overdue. */
  readonly key: string;
}

const KIND_LOOKS: Record<string, Omit<LevelLook, 'ink'>> = {
  concern: { word: 'Concern', shape: '✚', fill: '#6d28d9', key: 'concern' },
  overdue: { word: 'Obs overdue', shape: '◷', fill: '#a16207', key: 'overdue' },
  'processing-failure': { word: 'Not scored', shape: '⚠', fill: '#4b5563', key: 'failure' },
  prompt: { word: 'Prompt', shape: '☐', fill: '#1d70b8', key: 'prompt' },
};

/** WCAG relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** The text colour with the higher contrast on `fill`. */
export function inkOn(fill: string): string {
  if (!/^#[0-9a-f]{6}$/i.test(fill)) return '#ffffff';
  const light = luminance(fill);
  return (light + 0.05) / 0.05 >= 1.05 / (light + 0.05) ? '#000000' : '#ffffff';
}

export function alertLook(alert: AlertView, charts: readonly BoardChart[]): LevelLook {
  if (alert.kind === 'deterioration') {
    const risk = riskOf(charts, alert.chart?.id ?? null, alert.clinicalRisk);
    return {
      word: risk.label,
      shape: risk.symbol,
      fill: risk.colour,
      ink: inkOn(risk.colour),
      key: `risk-${risk.rank}`,
    };
  }
  const look = KIND_LOOKS[alert.kind] ?? KIND_LOOKS['processing-failure'];
  return { ...(look as Omit<LevelLook, 'ink'>), ink: inkOn(look?.fill ?? '#4b5563') };
}

/** What one bed's tile says first: the patient's worst open escalation, or else the latest score. */
export type TileState =
  | {
      readonly kind: 'alert';
      readonly alert: AlertView;
      readonly look: LevelLook;
      /** The big text: the score of a deterioration alert, "5 h 31 min" since the last set, or the level's word. */
      readonly headline: string;
    }
  | { readonly kind: 'score' }
  | { readonly kind: 'none' };

/**
 * The worst open state of a patient. Overdue observations never show the last score as if it were current: the
 * tile says how long since the last set instead.
 */
export function tileState(
  tile: BedTile,
  alerts: readonly AlertView[],
  charts: readonly BoardChart[],
  now: number,
): TileState {
  const own = alerts
    .filter((alert) => alert.kind !== 'prompt' && alert.patient?.id === tile.patientId && !alert.closed)
    .sort((a, b) => a.severity - b.severity || a.raisedAt.localeCompare(b.raisedAt));
  const worst = own[0];
  if (worst) {
    const look = alertLook(worst, charts);
    const headline =
      worst.kind === 'deterioration'
        ? String(worst.total ?? tile.latest?.total ?? '')
        : worst.kind === 'overdue'
          ? tile.latest
            ? elapsed(tile.latest.effectiveAt, now)
            : 'no set yet'
          : look.word;
    return { kind: 'alert', alert: worst, look, headline };
  }
  if (tile.overdue)
    return {
      kind: 'alert',
      alert: overduePlaceholder(tile),
      look: { ...(KIND_LOOKS.overdue as Omit<LevelLook, 'ink'>), ink: inkOn('#a16207') },
      headline: tile.latest ? elapsed(tile.latest.effectiveAt, now) : 'no set yet',
    };
  return tile.latest ? { kind: 'score' } : { kind: 'none' };
}

/** A tile flagged overdue whose alert this screen has not got (yet): shown as overdue all the same. */
function overduePlaceholder(tile: BedTile): AlertView {
  return {
    id: `overdue-${tile.patientId}`,
    kind: 'overdue',
    state: 'raised',
    wardId: tile.wardId,
    patient: { id: tile.patientId, initials: tile.initials, bed: tile.bed },
    title: 'Observations overdue',
    level: 'overdue',
    severity: 40,
    clinicalRisk: null,
    chart: null,
    response: null,
    total: null,
    improved: false,
    escalation: { step: 0, withRole: '', nextAt: null },
    raisedAt: tile.nextDueAt ?? new Date(0).toISOString(),
    acknowledged: null,
    responded: null,
    closed: null,
    setId: null,
    prompt: null,
    updatedAt: new Date(0).toISOString(),
  };
}

/** "Step 1" is the first person asked; the same numbering on the display, the handheld and the audit pages. */
export function stepNumber(step: number): number {
  return step + 1;
}

/** What an alert's timer counts, in words: "not acknowledged 0:56", "attending: Midwife Ada". */
export function attendance(alert: AlertView): string {
  if (alert.responded) {
    const by = alert.responded.by ? `: ${alert.responded.by}` : '';
    switch (alert.responded.response) {
      case 'attending':
        return `Attending${by}`;
      case 'escalating':
        return `Escalated${by ? ` by ${alert.responded.by}` : ''}`;
      case 'not-required':
        return `Not required${by ? ` (${alert.responded.by})` : ''}`;
    }
  }
  if (alert.acknowledged) return `Acknowledged by ${alert.acknowledged.by}`;
  return 'Not acknowledged';
}

/**
 * The charts this ward's patients are scored on now (a transitional care ward lists MEWS for mothers but shows
 * only babies): what the unverified banner names. Before any bed is scored, every chart configured for the ward.
 */
export function chartsInUse(
  charts: readonly BoardChart[],
  beds: readonly BedTile[],
  alerts: readonly AlertView[],
): BoardChart[] {
  const used = new Set<string>();
  for (const bed of beds) if (bed.chartId) used.add(bed.chartId);
  for (const alert of alerts) if (alert.chart) used.add(alert.chart.id);
  return used.size === 0 ? [...charts] : charts.filter((chart) => used.has(chart.id));
}

/** Columns and rows that fill the bed area (about 1.4 times wider than tall at 1920×1080) for 1 to 40+ beds. */
export function gridFor(beds: number): { columns: number; rows: number } {
  const columns = Math.max(1, Math.ceil(Math.sqrt(Math.max(beds, 1) * 1.4)));
  return { columns, rows: Math.max(1, Math.ceil(beds / columns)) };
}
