import type { Gestation } from '../gestation';
import { describeGestationRange, formatGestation, inGestationRange } from '../gestation';
import { MINUTE_MS, formatInstant } from '../time';
import type { InterventionId, PretermCase } from './preterm-case';
import { INTERVENTIONS, parsePretermCase } from './preterm-case';
import type { DueAction, Eligibility, InterventionRule, PretermRuleSet, Standard } from './rule';
import { PRETERM_RULE_SETS } from './rule-sets';
import type { Facts } from './standards';
import { assess, beforeBirth, duration, ofTypes } from './standards';

export interface InterventionOutcome {
  readonly intervention: InterventionId;
  /** null: the rule set does not define it, or the case lacks what eligibility needs (never guessed). */
  readonly eligible: boolean | null;
  /** null when not applicable or unknown. */
  readonly received: boolean | null;
  readonly meetsStandard: boolean | null;
  readonly reason: string;
}

export interface DuePrompt {
  readonly intervention: InterventionId;
  readonly action: DueAction;
  /** ISO instant, or null when the deadline hangs on a birth time not yet known (the reason says so). */
  readonly by: string | null;
  readonly reason: string;
}

export interface PretermResult {
  readonly ruleSet: string;
  readonly interventions: readonly InterventionOutcome[];
  readonly due: readonly DuePrompt[];
}

export const PRETERM_RULE_SET_IDS = PRETERM_RULE_SETS.map((ruleSet) => ruleSet.id);

export function pretermRuleSet(id: string): PretermRuleSet | undefined {
  return PRETERM_RULE_SETS.find((ruleSet) => ruleSet.id === id);
}

type Judgement = { readonly value: boolean | null; readonly why: string };
const yes = (why: string): Judgement => ({ value: true, why });
const no = (why: string): Judgement => ({ value: false, why });
const unknown = (why: string): Judgement => ({ value: null, why });

/** The gestation the rules read: at birth once known, otherwise now (birth expected). */
function gestationOf(input: PretermCase): { value?: Gestation; label: string } {
  if (input.gestationAtBirth)
    return { value: input.gestationAtBirth, label: `born at ${formatGestation(input.gestationAtBirth)}` };
  if (input.gestationNow && input.birthTime === undefined)
    return { value: input.gestationNow, label: `${formatGestation(input.gestationNow)} now (not yet born)` };
  return { label: '' };
}

function eligibility(rule: Eligibility, input: PretermCase, gestationValue = gestationOf(input)): Judgement {
  const { value: g, label } = gestationValue;
  switch (rule.kind) {
    case 'gestation': {
      if (!g) return unknown('gestation at birth not recorded');
      if (!inGestationRange(g, rule.atBirth))
        return no(`${label}: outside ${describeGestationRange(rule.atBirth)}`);
      if (!rule.labourStates) return yes(`${label} (${describeGestationRange(rule.atBirth)})`);
      const state = input.labour?.state;
      if (!state) return unknown(`${label}, but the labour state is not recorded`);
      return rule.labourStates.includes(state)
        ? yes(`${label}, labour ${state}`)
        : no(`${label}, but labour ${state} is not ${rule.labourStates.join(' / ')}`);
    }
    case 'place-of-birth': {
      const weight = rule.weightBelowGrams;
      const grams =
        weight?.measure === 'birth-weight' ? input.birthWeightGrams : input.estimatedFetalWeightGrams;
      const weightText = weight?.measure === 'birth-weight' ? 'birth weight' : 'estimated fetal weight';
      if (weight && grams !== undefined && grams < weight.grams)
        return yes(`${weightText} ${grams} g (below ${weight.grams} g)`);
      const multiple = input.plurality === undefined ? undefined : input.plurality > 1;
      if (!g) return unknown('gestation not recorded');
      const singleton = inGestationRange(g, rule.singletons);
      const multiples = rule.multiples ? inGestationRange(g, rule.multiples) : singleton;
      if (singleton && (multiple !== true || multiples))
        return yes(`${label} (singletons ${describeGestationRange(rule.singletons)})`);
      if (multiple === true && multiples)
        return yes(
          `${label}, a multiple birth (${describeGestationRange(rule.multiples ?? rule.singletons)})`,
        );
      if (multiple === undefined && multiples)
        return unknown(`${label}: eligible if a multiple birth, and plurality is not recorded`);
      if (weight && grams === undefined)
        return unknown(
          `${label}: not eligible by gestation, and the ${weightText} (eligible below ${weight.grams} g) is not recorded`,
        );
      return no(`${label}: not eligible by gestation${multiple ? ' for a multiple birth' : ''}`);
    }
    case 'labour': {
      const state = input.labour?.state;
      if (!state) return unknown('labour state not recorded');
      if (!rule.states.includes(state)) return no(`labour ${state}, not ${rule.states.join(' / ')}`);
      const atLabour = input.labour?.gestation ?? g;
      if (!atLabour) return unknown(`labour ${state}, gestation not recorded`);
      return inGestationRange(atLabour, rule.gestation)
        ? yes(`labour ${state} at ${formatGestation(atLabour)}`)
        : no(
            `labour ${state} at ${formatGestation(atLabour)}: outside ${describeGestationRange(rule.gestation)}`,
          );
    }
    case 'ventilated': {
      if (input.events && !input.events.some((event) => event.type === 'invasive-ventilation'))
        return no('no invasive ventilation recorded');
      if (!g) return unknown('gestation at birth not recorded');
      if (!inGestationRange(g, rule.atBirth))
        return no(`${label}: outside ${describeGestationRange(rule.atBirth)}`);
      if (!input.events) return unknown(`${label}; whether invasive ventilation was needed is not recorded`);
      return input.events.some((event) => event.type === 'invasive-ventilation')
        ? yes(`${label}, on invasive ventilation`)
        : no(`${label}, no invasive ventilation recorded`);
    }
  }
}

/** Standards judged on the baby after birth (not applicable while a prospective case has no birth). */
const BABY_STANDARDS = new Set<Standard['kind']>([
  'delay-after-birth',
  'within-after-birth',
  'first-temperature',
  'primary-ventilation-mode',
]);

function outcomeOf(rule: InterventionRule, input: PretermCase): InterventionOutcome {
  const eligible = eligibility(rule.eligibility, input);
  const base = { intervention: rule.intervention, eligible: eligible.value };
  if (eligible.value === false)
    return { ...base, received: null, meetsStandard: null, reason: `not eligible: ${eligible.why}` };
  const prefix = eligible.value ? `eligible: ${eligible.why}` : `eligibility unknown: ${eligible.why}`;
  if (!input.events && rule.standard.kind !== 'born-on-nicu-site')
    return {
      ...base,
      received: null,
      meetsStandard: null,
      reason: `${prefix}; nothing recorded about what was given`,
    };
  if (input.birthTime === undefined && !input.gestationAtBirth && BABY_STANDARDS.has(rule.standard.kind))
    return { ...base, received: null, meetsStandard: null, reason: `${prefix}; the baby is not born yet` };
  const facts: Facts = { events: input.events ?? [], birth: input.birthTime };
  const assessment = assess(rule.standard, input, facts);
  return {
    ...base,
    received: assessment.received,
    meetsStandard: assessment.meets,
    reason: `${prefix}; ${assessment.why}. Standard: ${rule.describe}`,
  };
}

/** A course of antenatal corticosteroids: the next dose is due within 24 h of the last (BAPM [S28], PERIPrem [S24]). */
const COURSE_DOSE_INTERVAL_MS = 24 * 60 * MINUTE_MS;

/** Whether what is due has already been given (a full course counts only when complete). */
function alreadyGiven(rule: InterventionRule, facts: Facts): boolean {
  const { standard } = rule;
  switch (standard.kind) {
    case 'course-before-birth':
      return beforeBirth(facts, standard.events).length >= standard.doses;
    case 'given-before-birth':
    case 'window-before-birth':
    case 'spaced-course-before-birth':
      return beforeBirth(facts, standard.events).length > 0;
    case 'by-labour-state':
      return Object.values(standard.states).some(
        (inner) => inner && alreadyGiven({ ...rule, standard: inner }, facts),
      );
    case 'born-on-nicu-site':
    case 'delay-after-birth':
    case 'within-after-birth':
    case 'first-temperature':
    case 'primary-ventilation-mode':
      return false;
  }
}

function dueBeforeBirth(rule: InterventionRule, input: PretermCase, now: number): DuePrompt | undefined {
  const g = input.gestationNow;
  if (!g || !rule.before) return undefined;
  const facts: Facts = { events: input.events ?? [], birth: undefined };
  if (rule.standard.kind === 'born-on-nicu-site' ? input.bornOnNicuSite === true : alreadyGiven(rule, facts))
    return undefined;
  const state = input.labour?.state;
  const prompt = rule.before.find(
    (candidate) =>
      inGestationRange(g, candidate.gestationNow) &&
      (!candidate.labourStates || (state !== undefined && candidate.labourStates.includes(state))) &&
      (!candidate.whenEligible ||
        eligibility(rule.eligibility, input, { value: g, label: `${formatGestation(g)} now` }).value ===
          true),
  );
  if (!prompt) return undefined;
  const { standard } = rule;
  const started = standard.kind === 'course-before-birth' ? beforeBirth(facts, standard.events) : [];
  const last = started[started.length - 1];
  if (last && standard.kind === 'course-before-birth')
    return {
      intervention: rule.intervention,
      action: prompt.action,
      by: formatInstant(last.at + COURSE_DOSE_INTERVAL_MS),
      reason: `course started (${started.length} of ${standard.doses} doses): give the next dose within 24 h of the last`,
    };
  return {
    intervention: rule.intervention,
    action: prompt.action,
    by: prompt.by === 'now' ? formatInstant(now) : null,
    reason: prompt.reason,
  };
}

/** After birth: what the baby is still due, while its window is open. */
function dueAfterBirth(
  rule: InterventionRule,
  input: PretermCase,
  birth: number,
  now: number,
): DuePrompt | undefined {
  const { standard } = rule;
  const facts: Facts = { events: input.events ?? [], birth };
  let deadline: number | undefined;
  if (standard.kind === 'within-after-birth') deadline = birth + standard.withinMinutes * MINUTE_MS;
  else if (standard.kind === 'first-temperature') {
    const [admission] = ofTypes(facts, ['neonatal-admission']);
    const anchor = standard.anchor === 'birth' ? birth : admission?.at;
    if (anchor !== undefined) deadline = anchor + standard.withinMinutes * MINUTE_MS;
  }
  if (deadline === undefined || now > deadline) return undefined;
  if (eligibility(rule.eligibility, input).value !== true) return undefined;
  if (assess(standard, input, facts).received === true) return undefined;
  return {
    intervention: rule.intervention,
    action: 'give',
    by: formatInstant(deadline),
    reason: `${rule.describe}: due by ${formatInstant(deadline)} (${duration(deadline - now)} left)`,
  };
}

/** The preterm optimisation pathway under one rule set: each intervention's audit outcome, and what is due now. */
export function evaluatePretermCase(ruleSetId: string, input: unknown): PretermResult | { error: string } {
  const ruleSet = pretermRuleSet(ruleSetId);
  if (!ruleSet)
    return {
      error: `rules: unknown preterm rule set "${ruleSetId}" (known: ${PRETERM_RULE_SET_IDS.join(', ')})`,
    };
  const parsed = parsePretermCase(input);
  if (!parsed.ok) return { error: parsed.error };
  const value = parsed.value;
  const interventions = INTERVENTIONS.map((intervention): InterventionOutcome => {
    const rule = ruleSet.rules.find((candidate) => candidate.intervention === intervention);
    return rule
      ? outcomeOf(rule, value)
      : {
          intervention,
          eligible: null,
          received: null,
          meetsStandard: null,
          reason: `${ruleSet.id} does not define this intervention`,
        };
  });
  const due: DuePrompt[] = [];
  if (value.now !== undefined) {
    const now = value.now;
    const born = value.birthTime !== undefined && value.birthTime <= now;
    for (const rule of ruleSet.rules) {
      const prompt = born
        ? dueAfterBirth(rule, value, value.birthTime, now)
        : dueBeforeBirth(rule, value, now);
      if (prompt) due.push(prompt);
    }
  }
  return { ruleSet: ruleSet.id, interventions, due };
}
