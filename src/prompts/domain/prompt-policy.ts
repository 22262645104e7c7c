/**
 * What the pathways' latest answer means for a patient's open prompts: raise what is newly due, update a changed
 * deadline, and close what is no longer due — as recorded when the intervention was recorded, as missed when its
 * window passed or the baby was born first, as withdrawn otherwise. A decision table, read top to bottom. Pure: the
 * time is passed in.
 */

export type Pathway = 'preterm' | 'smoking';

/** A prompt the pathways say is due now. */
export interface WantedPrompt {
  /** `preterm/<intervention>` or `smoking/<prompt code>`: one open prompt per patient and code. */
  readonly code: string;
  readonly pathway: Pathway;
  readonly title: string;
  readonly text: string;
  readonly action: string;
  /** A real deadline (ISO instant), or null for "as soon as possible" / a window relative to an unknown birth. */
  readonly dueAt: string | null;
  readonly ruleSet: string;
  readonly source: string;
  readonly verification: 'verified' | 'unverified';
  /** Staff may close it as done from a handheld (otherwise only the EPR's record closes it). */
  readonly staffMayRecord: boolean;
}

export interface OpenPrompt {
  readonly id: string;
  readonly code: string;
  readonly dueAt: string | null;
  readonly raisedAt: string;
}

export interface PromptFacts {
  readonly now: number;
  /** What recorded the prompt's intervention after the prompt was raised, if anything was. */
  readonly recordedSince: (code: string, since: number) => string | undefined;
  /** The baby this before-birth prompt was for has been born. */
  readonly bornSince: (code: string, since: number) => string | undefined;
  /** Codes closed earlier in this episode (recorded or missed): not raised again. */
  readonly closedBefore: ReadonlySet<string>;
}

export type PromptDecision =
  | { readonly action: 'raise'; readonly prompt: WantedPrompt }
  | { readonly action: 'update'; readonly id: string; readonly prompt: WantedPrompt }
  | { readonly action: 'record'; readonly id: string; readonly reason: string }
  | { readonly action: 'miss'; readonly id: string; readonly reason: string }
  | { readonly action: 'withdraw'; readonly id: string; readonly reason: string };

interface ClosingRow {
  readonly when: (open: OpenPrompt, facts: PromptFacts) => string | undefined;
  readonly then: 'record' | 'miss' | 'withdraw';
  readonly because: string;
}

/** An open prompt that is no longer due: the first row that gives a reason decides how it closes. */
export const CLOSING_TABLE: readonly ClosingRow[] = [
  {
    when: (open, facts) => facts.recordedSince(open.code, Date.parse(open.raisedAt)),
    then: 'record',
    because: 'the intervention was recorded',
  },
  {
    when: (open, facts) =>
      open.dueAt !== null && Date.parse(open.dueAt) <= facts.now
        ? `the window closed at ${open.dueAt} without it being recorded`
        : undefined,
    then: 'miss',
    because: 'a missed window is recorded as missed, never dropped',
  },
  {
    when: (open, facts) => {
      const born = facts.bornSince(open.code, Date.parse(open.raisedAt));
      return born ? `the baby was born (${born}) before it was recorded` : undefined;
    },
    then: 'miss',
    because: 'a before-birth intervention not recorded by the birth was missed',
  },
  {
    when: () => 'no longer indicated by the pathway',
    then: 'withdraw',
    because: 'what made it due changed (gestation, labour, a newer reading)',
  },
];

export function reconcilePrompts(
  open: readonly OpenPrompt[],
  wanted: readonly WantedPrompt[],
  facts: PromptFacts,
): PromptDecision[] {
  const decisions: PromptDecision[] = [];
  const wantedByCode = new Map(wanted.map((prompt) => [prompt.code, prompt]));
  for (const prompt of open) {
    const still = wantedByCode.get(prompt.code);
    if (still) {
      if (still.dueAt !== null && still.dueAt !== prompt.dueAt)
        decisions.push({ action: 'update', id: prompt.id, prompt: still });
      continue;
    }
    for (const row of CLOSING_TABLE) {
      const reason = row.when(prompt, facts);
      if (reason === undefined) continue;
      decisions.push(
        row.then === 'record'
          ? { action: 'record', id: prompt.id, reason: `recorded: ${reason}` }
          : { action: row.then, id: prompt.id, reason },
      );
      break;
    }
  }
  const openCodes = new Set(open.map((prompt) => prompt.code));
  for (const prompt of wanted)
    if (!openCodes.has(prompt.code) && !facts.closedBefore.has(prompt.code))
      decisions.push({ action: 'raise', prompt });
  return decisions;
}
