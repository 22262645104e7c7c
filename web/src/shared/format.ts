import type { AlertView, BedTile, BoardChart } from '../../../src/contracts/events';

/** "just now", "4 min", "2 h 05 min", "3 d 4 h": how long ago, read at a glance. */
export function elapsed(fromIso: string, now: number): string {
  const seconds = Math.max(0, Math.floor((now - Date.parse(fromIso)) / 1000));
  if (seconds < 60) return 'just now';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** "just now", "4 min ago": for a sentence such as "Last set 4 min ago". */
export function ago(fromIso: string, now: number): string {
  const text = elapsed(fromIso, now);
  return text === 'just now' ? text : `${text} ago`;
}

/** An alert's waiting time as a clock, "12:07" (minutes:seconds) or "1:02:07". */
export function stopwatch(fromIso: string, now: number): string {
  const total = Math.max(0, Math.floor((now - Date.parse(fromIso)) / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

export function clock(now: number): string {
  return new Date(now).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export interface RiskDisplay {
  readonly label: string;
  readonly colour: string;
  /** A shape per rung, so the level reads without colour: ● lowest, ▲ middle, ◆ highest. */
  readonly symbol: string;
  readonly rank: number;
  readonly escalate: boolean;
}

const SYMBOLS = ['●', '▲', '◆'];

export function riskOf(
  charts: readonly BoardChart[],
  chartId: string | null,
  riskId: string | null,
): RiskDisplay {
  const chart = charts.find((candidate) => candidate.id === chartId);
  const levels = chart?.riskLevels ?? [];
  const rank = levels.findIndex((level) => level.id === riskId);
  const level = levels[rank];
  if (!level)
    return { label: riskId ?? 'Not scored', colour: '#6b7280', symbol: '○', rank: -1, escalate: false };
  const symbol = SYMBOLS[Math.min(rank, SYMBOLS.length - 1)] ?? '●';
  return { label: level.label, colour: level.colour, symbol, rank, escalate: level.escalate };
}

export function trendOf(tile: BedTile): { symbol: string; text: string } | null {
  switch (tile.trend) {
    case 'worse':
      return { symbol: '↑', text: `worse (was ${tile.previousTotal ?? '?'})` };
    case 'better':
      return { symbol: '↓', text: `better (was ${tile.previousTotal ?? '?'})` };
    case 'same':
      return { symbol: '→', text: 'no change' };
    case null:
      return null;
  }
}

/** When the next set is due, or how overdue it is. */
export function dueOf(tile: BedTile, now: number): { text: string; overdue: boolean } | null {
  if (tile.overdue) return { text: 'Observations overdue', overdue: true };
  if (!tile.nextDueAt) return null;
  const minutes = Math.round((Date.parse(tile.nextDueAt) - now) / 60_000);
  if (minutes < 0) return { text: `Due ${-minutes} min ago`, overdue: true };
  return { text: minutes === 0 ? 'Due now' : `Due in ${minutes} min`, overdue: false };
}

/** "urgent-review" → "Urgent review". */
export function humanise(id: string): string {
  const words = id.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function stateText(alert: AlertView): string {
  if (alert.responded)
    return alert.responded.response === 'not-required'
      ? `Not required (${humanise(alert.responded.reason ?? '')})`
      : humanise(alert.responded.response);
  if (alert.acknowledged) return `Acknowledged by ${alert.acknowledged.by}`;
  return 'Not yet acknowledged';
}

export function patientLabel(alert: AlertView): string {
  if (!alert.patient) return 'No patient';
  return `${alert.patient.bed ?? 'No bed'} · ${alert.patient.initials}`;
}
