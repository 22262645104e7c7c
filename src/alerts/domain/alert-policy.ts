import type { AlertSnapshot } from './alert';

/**
 * What a newly scored latest observation set means for a patient's open alerts: a decision table, read top to
 * bottom, the first row whose conditions all hold decides. Pure.
 */

export interface SetFacts {
  /** The score alone requires escalation (the chart's risk level escalates), whatever concern says. */
  readonly scoreEscalates: boolean;
  readonly concern: boolean;
  /** The chart's response level and its urgency (lower is more urgent). */
  readonly level: string;
  readonly severity: number;
}

export type Decision =
  | { readonly action: 'raise' }
  | { readonly action: 'worsen' }
  | { readonly action: 'improve' }
  | { readonly action: 'refresh' }
  | { readonly action: 'mark-improved' }
  | { readonly action: 'resolve'; readonly reason: string }
  | { readonly action: 'none' };

type Open = AlertSnapshot | undefined;
interface Row {
  readonly when: (open: Open, set: SetFacts) => boolean;
  readonly then: Decision;
  /** Why, for reviewers of the table. */
  readonly because: string;
}

const acknowledged = (open: Open) => open !== undefined && open.state !== 'raised';

export const DETERIORATION_TABLE: readonly Row[] = [
  {
    when: (open, set) => !open && set.scoreEscalates,
    then: { action: 'raise' },
    because: 'the score requires escalation',
  },
  { when: (open) => !open, then: { action: 'none' }, because: 'nothing open, nothing to escalate' },
  {
    when: (open, set) => set.scoreEscalates && set.severity < (open?.severity ?? 0),
    then: { action: 'worsen' },
    because: 'a more urgent response is now required',
  },
  {
    when: (open, set) => set.scoreEscalates && set.severity > (open?.severity ?? 0),
    then: { action: 'improve' },
    because: 'still escalating, but less urgently',
  },
  {
    when: (_open, set) => set.scoreEscalates,
    then: { action: 'refresh' },
    because: 'the same response is still required',
  },
  {
    when: (open) => !acknowledged(open),
    then: { action: 'mark-improved' },
    because: 'below the threshold, but nobody has acknowledged it: it stays visible, marked improved',
  },
  {
    when: () => true,
    then: { action: 'resolve', reason: 'observations improved below the escalation threshold' },
    because: 'acknowledged, and the observations no longer require escalation',
  },
];

export const CONCERN_TABLE: readonly Row[] = [
  {
    when: (open, set) => !open && set.concern,
    then: { action: 'raise' },
    because: 'a worry or concern was recorded',
  },
  // A concern is closed by the people who respond to it, never by the absence of a new one.
  { when: () => true, then: { action: 'none' }, because: 'concern alerts close when someone responds' },
];

export function decide(table: readonly Row[], open: Open, set: SetFacts): Decision {
  return (table.find((row) => row.when(open, set)) ?? { then: { action: 'none' as const } }).then;
}
