import { stepNumber } from '../shared/levels';
import type { AcknowledgementStatus, EscalationRow } from '../../../src/contracts/escalation-list.view';
import type { TimelineStep } from '../../../src/contracts/timeline.view';
import { humanise } from '../shared/format';

/** A duration for an auditor: "0.4 s", "12 s", "4 min 05 s", "2 h 03 min", "3 d 4 h"; "—" when not recorded. */
export function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  const sign = seconds < 0 ? '−' : '';
  const value = Math.abs(seconds);
  if (value < 10) return `${sign}${Math.round(value * 10) / 10} s`;
  const whole = Math.round(value);
  if (whole < 60) return `${sign}${whole} s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${sign}${minutes} min ${String(whole % 60).padStart(2, '0')} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${sign}${hours} h ${String(minutes % 60).padStart(2, '0')} min`;
  return `${sign}${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** "22 Nov 2026, 14:05:12" in the browser's time zone. */
export function dateTime(iso: string | null): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium' });
}

/** How the first acknowledgement went, in words and a symbol (never colour alone). */
export function acknowledgementText(row: EscalationRow): { symbol: string; text: string; late: boolean } {
  const status: AcknowledgementStatus = row.acknowledgement;
  switch (status) {
    case 'on-time':
      return { symbol: '✓', text: 'On time', late: false };
    case 'late':
      return { symbol: '▲', text: 'Late', late: true };
    case 'missed':
      return { symbol: '✖', text: 'Not acknowledged', late: true };
    case 'pending':
      return { symbol: '…', text: `Awaiting (due ${dateTime(row.times.acknowledgeDueAt)})`, late: false };
    case 'not-needed':
      return { symbol: '–', text: 'Closed before due', late: false };
  }
}

/**
 * "step 2": escalation steps counted from 1 (the first person asked), as the ward display and the handheld show them;
 * the audit trail itself stores them from 0.
 */
function stepText(step: unknown): string | null {
  return typeof step === 'number' ? `step ${stepNumber(step)}` : null;
}

/** What an audit step was, in words: "Alert escalated", "Observation received". */
export function stepLabel(type: string): string {
  return humanise(type.replace('.', ' '));
}

const text = (value: unknown): string | null =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : null;

/** The few details of a step an auditor reads first (the rest is in the audit trail itself). */
export function stepSummary(step: TimelineStep): string {
  const details = step.details;
  const parts: (string | null)[] = [];
  switch (step.type) {
    case 'observation.taken':
      parts.push('the observation set’s own time');
      break;
    case 'observation.received':
      parts.push(text(details.resourceType), text(details.via) && `via ${text(details.via)}`);
      break;
    case 'set.scored': {
      const chart = details.chart as { id?: string; version?: string } | undefined;
      parts.push(
        text(details.total) && `total ${text(details.total)}`,
        text(details.clinicalRisk) && `risk ${text(details.clinicalRisk)}`,
        chart?.id ? `${chart.id} ${chart.version ?? ''}`.trim() : null,
        details.rescored === true ? 're-scored' : null,
      );
      break;
    }
    case 'alert.raised':
      parts.push(text(details.level), text(details.with) && `with ${text(details.with)}`);
      break;
    case 'alert.escalated':
      parts.push(stepText(details.step), text(details.to) && `to ${text(details.to)}`, text(details.reason));
      break;
    case 'alert.delivered':
      parts.push(text(details.role), stepText(details.step));
      break;
    case 'alert.responded':
      parts.push(text(details.response), text(details.reason));
      break;
    default:
      parts.push(text(details.reason), text(details.to) && `now ${text(details.to)}`);
  }
  return parts.filter((part): part is string => Boolean(part)).join(' · ');
}

/** Who did a step: a person's name and role, or the part of Beacon that did it. */
export function actorText(step: TimelineStep): string {
  const actor = step.actor;
  if (!actor) return '—';
  if (actor.name) return actor.role ? `${actor.name} (${actor.role})` : actor.name;
  return `${actor.type}: ${actor.id}`;
}
