/** One rung of a ward's escalation ladder: who is called, and how long they have to acknowledge. */
export interface LadderStep {
  readonly role: string;
  readonly label: string;
  readonly acknowledgeWithinMinutes: number;
}

export interface EscalationStep {
  readonly step: number;
  readonly who: LadderStep;
  /** How long this step waits for an acknowledgement before escalating. */
  readonly waitMinutes: number;
}

/**
 * Who an unacknowledged alert is with at a step, and how long before it escalates again. The first step waits the
 * shorter of the chart's review time and the ward's acknowledgement time; later steps wait their own time. Past the
 * top of the ladder the alert stays with the top rung and is escalated (re-notified) again after each wait: it is
 * never left without someone being told. Pure.
 */
export function escalationStep(
  ladder: readonly LadderStep[],
  step: number,
  reviewWithinMinutes: number | null,
): EscalationStep {
  const top = ladder.length - 1;
  const who = ladder[Math.min(step, top)];
  if (!who) throw new RangeError('an escalation ladder needs at least one step');
  const waitMinutes =
    step === 0 && reviewWithinMinutes !== null
      ? Math.min(reviewWithinMinutes, who.acknowledgeWithinMinutes)
      : who.acknowledgeWithinMinutes;
  return { step, who, waitMinutes };
}
