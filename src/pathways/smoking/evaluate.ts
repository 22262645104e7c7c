import { DAY_MS, parseInstant } from '../time';
import { APPOINTMENTS, SELF_REPORTS, SMOKING_FLAGS, ng209RuleSet } from './ng209.rules';
import type { Appointment, SelfReport, SmokingCondition, SmokingFlag, SmokingRuleSet } from './ng209.rules';

export const SMOKING_RULE_SET_IDS = ['NICE-NG209'] as const;
export type SmokingRuleSetId = (typeof SMOKING_RULE_SET_IDS)[number];

export const SMOKING_RULE_SETS: Readonly<Record<SmokingRuleSetId, SmokingRuleSet>> = {
  'NICE-NG209': ng209RuleSet,
};

/**
 * One appointment's smoking facts, as JSON. Besides the contract fields, three optional ones are accepted:
 * `inpatient` (boolean: she is admitted; a smoker gets offer-nrt), and `quitDate` with `now` (ISO 8601 instants
 * with an offset; pure code has no clock, so `now` is required with `quitDate`) for the 4- and 12-week quit
 * follow-ups.
 */
export interface SmokingCase {
  readonly appointment: Appointment;
  readonly selfReport?: SelfReport;
  /** Whole days since she stopped; used only with selfReport "ex-smoker" (ignored for "smoker"). */
  readonly stoppedDaysAgo?: number;
  readonly coPpm?: number;
  /** Earlier CO readings in this pregnancy, ppm. */
  readonly previousCoPpm: readonly number[];
  readonly previouslyReferredNotEngaged: boolean;
  readonly inpatient: boolean;
  /** Milliseconds since the epoch. */
  readonly quitDate?: number;
  readonly now?: number;
}

export interface SmokingPrompt {
  readonly code: string;
  readonly text: string;
}

export interface SmokingResult {
  readonly ruleSet: SmokingRuleSetId;
  readonly coTestRequired: boolean;
  readonly optOutReferral: boolean;
  readonly identifyCoSource: boolean;
  readonly prompts: readonly SmokingPrompt[];
}

export type ParsedSmokingCase =
  { readonly ok: true; readonly case: SmokingCase } | { readonly ok: false; readonly error: string };

const KNOWN_FIELDS: readonly string[] = [
  'appointment',
  'selfReport',
  'stoppedDaysAgo',
  'coPpm',
  'previousCoPpm',
  'previouslyReferredNotEngaged',
  'inpatient',
  'quitDate',
  'now',
];

const CO_MIN_PPM = 0;
const CO_MAX_PPM = 100;

function isCoReading(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= CO_MIN_PPM && value <= CO_MAX_PPM;
}

function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}

function quoted(values: readonly string[]): string {
  return values.map((v) => `"${v}"`).join(', ');
}

function fail(error: string): ParsedSmokingCase {
  return { ok: false, error };
}

/** Validates a case; every error starts with the field it is about. Absent means not recorded; null is refused. */
export function parseSmokingCase(input: unknown): ParsedSmokingCase {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return fail('input: must be a JSON object');
  const raw = input as Record<string, unknown>;

  const unknown = Object.keys(raw).find((key) => !KNOWN_FIELDS.includes(key));
  if (unknown !== undefined) return fail(`${unknown}: unknown field`);

  const { appointment, selfReport, stoppedDaysAgo, coPpm, previousCoPpm } = raw;
  const { previouslyReferredNotEngaged, inpatient, quitDate, now } = raw;

  if (appointment === undefined) return fail('appointment: required');
  if (!isOneOf(APPOINTMENTS, appointment)) return fail(`appointment: must be one of ${quoted(APPOINTMENTS)}`);

  if (selfReport !== undefined && !isOneOf(SELF_REPORTS, selfReport))
    return fail(`selfReport: must be one of ${quoted(SELF_REPORTS)} (leave it out when not recorded)`);

  if (stoppedDaysAgo !== undefined) {
    if (typeof stoppedDaysAgo !== 'number' || !Number.isSafeInteger(stoppedDaysAgo) || stoppedDaysAgo < 0)
      return fail('stoppedDaysAgo: must be a whole number of days, 0 or more');
    if (selfReport === 'never')
      return fail('stoppedDaysAgo: not allowed with selfReport "never" (she cannot have stopped)');
  }

  if (coPpm !== undefined && !isCoReading(coPpm))
    return fail(
      `coPpm: must be a number from ${CO_MIN_PPM} to ${CO_MAX_PPM} (leave it out when not recorded)`,
    );

  if (previousCoPpm !== undefined) {
    if (!Array.isArray(previousCoPpm)) return fail('previousCoPpm: must be a list of CO readings in ppm');
    const bad = previousCoPpm.findIndex((reading) => !isCoReading(reading));
    if (bad >= 0)
      return fail(`previousCoPpm: reading ${bad} must be a number from ${CO_MIN_PPM} to ${CO_MAX_PPM}`);
  }

  if (previouslyReferredNotEngaged !== undefined && typeof previouslyReferredNotEngaged !== 'boolean')
    return fail('previouslyReferredNotEngaged: must be true or false');
  if (inpatient !== undefined && typeof inpatient !== 'boolean')
    return fail('inpatient: must be true or false');

  const quitDateMs = parseInstant(quitDate);
  if (quitDate !== undefined && quitDateMs === undefined)
    return fail('quitDate: must be an ISO 8601 instant with an offset, e.g. "2026-03-01T00:00:00Z"');
  const nowMs = parseInstant(now);
  if (now !== undefined && nowMs === undefined)
    return fail('now: must be an ISO 8601 instant with an offset, e.g. "2026-03-29T09:00:00Z"');
  if (quitDateMs !== undefined && nowMs === undefined) return fail('now: required when quitDate is given');

  return {
    ok: true,
    case: {
      appointment,
      selfReport,
      stoppedDaysAgo,
      coPpm,
      previousCoPpm: (previousCoPpm as number[] | undefined) ?? [],
      previouslyReferredNotEngaged: previouslyReferredNotEngaged ?? false,
      inpatient: inpatient ?? false,
      quitDate: quitDateMs,
      now: nowMs,
    },
  };
}

type Flags = Record<SmokingFlag, boolean>;

function holds(condition: SmokingCondition, c: SmokingCase, flags: Flags): boolean {
  switch (condition.kind) {
    case 'appointment':
      return condition.in.includes(c.appointment);
    case 'self-report':
      return c.selfReport !== undefined && condition.in.includes(c.selfReport);
    case 'self-report-not-recorded':
      return c.selfReport === undefined;
    case 'stopped-within':
      return (
        // A recorded stop means she smoked until then, whether or not the status itself was recorded.
        (c.selfReport === 'ex-smoker' || c.selfReport === undefined) &&
        c.stoppedDaysAgo !== undefined &&
        (condition.inclusive ? c.stoppedDaysAgo <= condition.days : c.stoppedDaysAgo < condition.days)
      );
    case 'stop-recorded':
      return c.stoppedDaysAgo !== undefined;
    case 'co-recorded':
      return c.coPpm !== undefined;
    case 'co-at-least':
      return c.coPpm !== undefined && c.coPpm >= condition.ppm;
    case 'co-above':
      return c.coPpm !== undefined && c.coPpm > condition.ppm;
    case 'previous-co-at-least':
      return c.previousCoPpm.some((reading) => reading >= condition.ppm);
    case 'previously-referred-not-engaged':
      return c.previouslyReferredNotEngaged;
    case 'inpatient':
      return c.inpatient;
    case 'days-since-quit-date': {
      if (c.quitDate === undefined || c.now === undefined) return false;
      const days = Math.floor((c.now - c.quitDate) / DAY_MS);
      return days >= condition.from && (condition.before === undefined || days < condition.before);
    }
    case 'flag':
      return flags[condition.flag];
    case 'all':
      return condition.of.every((part) => holds(part, c, flags));
    case 'any':
      return condition.of.some((part) => holds(part, c, flags));
    case 'not':
      return !holds(condition.condition, c, flags);
  }
}

/** Applies a rule set to a valid case: rules in file order, flags first, prompts in rule order. */
export function applySmokingRules(ruleSetId: SmokingRuleSetId, c: SmokingCase): SmokingResult {
  const ruleSet = SMOKING_RULE_SETS[ruleSetId];
  const flags = Object.fromEntries(SMOKING_FLAGS.map((flag) => [flag, false])) as Flags;
  const prompts: SmokingPrompt[] = [];
  for (const rule of ruleSet.rules) {
    if (!holds(rule.when, c, flags)) continue;
    const effect = rule.then;
    if (effect.kind === 'flag') flags[effect.flag] = true;
    else if (!prompts.some((p) => p.code === effect.code))
      prompts.push({ code: effect.code, text: effect.text });
  }
  return {
    ruleSet: ruleSetId,
    coTestRequired: flags.coTestRequired,
    optOutReferral: flags.optOutReferral,
    identifyCoSource: flags.identifyCoSource,
    prompts,
  };
}

export function isSmokingRuleSetId(id: unknown): id is SmokingRuleSetId {
  return isOneOf(SMOKING_RULE_SET_IDS, id);
}

export function evaluateSmokingCase(ruleSetId: string, input: unknown): SmokingResult | { error: string } {
  if (!isSmokingRuleSetId(ruleSetId))
    return {
      error: `rules: unknown smoking rule set "${ruleSetId}" (known: ${SMOKING_RULE_SET_IDS.join(', ')})`,
    };
  const parsed = parseSmokingCase(input);
  if (!parsed.ok) return { error: parsed.error };
  return applySmokingRules(ruleSetId, parsed.case);
}
