// Whether an intervention was received and met its standard, judged from the case's events and birth time.
import { MINUTE_MS } from '../time';
import type { EventType, PathwayEvent, PretermCase } from './preterm-case';
import type { Standard } from './rule';

export interface Facts {
  readonly events: readonly PathwayEvent[];
  readonly birth: number | undefined;
}

export type Assessment = {
  readonly received: boolean | null;
  readonly meets: boolean | null;
  readonly why: string;
};

type StandardOf<K extends Standard['kind']> = Extract<Standard, { kind: K }>;

export const minutes = (ms: number) => Math.round(ms / MINUTE_MS);

export function duration(ms: number): string {
  const total = minutes(Math.abs(ms));
  if (total < 120) return `${total} min`;
  const hours = Math.floor(total / 60);
  return hours < 72
    ? `${hours} h${total % 60 ? ` ${total % 60} min` : ''}`
    : `${Math.floor(hours / 24)} days ${hours % 24} h`;
}

const byTime = (a: PathwayEvent, b: PathwayEvent) => a.at - b.at;
export const ofTypes = (facts: Facts, types: readonly EventType[]) =>
  facts.events.filter((event) => types.includes(event.type)).sort(byTime);
/** Given to the mother: at or before the birth (all of them while she has not given birth). */
export const beforeBirth = (facts: Facts, types: readonly EventType[]) =>
  ofTypes(facts, types).filter((event) => facts.birth === undefined || event.at <= facts.birth);

/** Something was (or was not) given, but without a birth time its timing cannot be judged. */
function noBirth(received: boolean, what: string): Assessment {
  return {
    received,
    meets: received ? null : false,
    why: received
      ? `${what}; birth time not recorded, so the timing cannot be judged`
      : `no ${what} recorded`,
  };
}

export function assess(standard: Standard, input: PretermCase, facts: Facts): Assessment {
  switch (standard.kind) {
    case 'born-on-nicu-site': {
      const site = input.bornOnNicuSite;
      if (site === undefined) return { received: null, meets: null, why: 'place of birth not recorded' };
      return { received: site, meets: site, why: site ? 'born on a NICU site' : 'not born on a NICU site' };
    }
    case 'given-before-birth': {
      const given = beforeBirth(facts, standard.events);
      if (given.length === 0) return { received: false, meets: false, why: 'not given before birth' };
      const times = given.length === 1 ? 'once' : `${given.length} times`;
      if (facts.birth === undefined) return noBirth(true, `given ${times}`);
      return { received: true, meets: true, why: `given ${times} before birth` };
    }
    case 'course-before-birth':
      return courseBeforeBirth(standard, facts);
    case 'spaced-course-before-birth':
      return spacedCourseBeforeBirth(standard, facts);
    case 'window-before-birth':
      return windowBeforeBirth(standard, facts);
    case 'by-labour-state': {
      const state = input.labour?.state;
      const chosen = state ? standard.states[state] : undefined;
      if (!chosen) return { received: null, meets: null, why: 'no standard for this labour state' };
      return assess(chosen, input, facts);
    }
    case 'delay-after-birth':
      return delayAfterBirth(standard, facts);
    case 'within-after-birth':
      return withinAfterBirth(standard, facts);
    case 'first-temperature':
      return firstTemperature(standard, facts);
    case 'primary-ventilation-mode': {
      const [first] = ofTypes(facts, ['invasive-ventilation']);
      if (!first) return { received: false, meets: false, why: 'no invasive ventilation recorded' };
      if (first.mode === undefined)
        return { received: true, meets: null, why: 'ventilation mode not recorded' };
      return { received: true, meets: first.mode === standard.mode, why: `primary mode ${first.mode}` };
    }
  }
}

function courseBeforeBirth(standard: StandardOf<'course-before-birth'>, facts: Facts): Assessment {
  const doses = beforeBirth(facts, standard.events);
  if (doses.length === 0) return { received: false, meets: false, why: 'no dose recorded before birth' };
  if (facts.birth === undefined) return noBirth(true, `${doses.length} dose(s) given`);
  const birth = facts.birth;
  const inWindow = doses.filter((dose) => birth - dose.at <= standard.withinMinutes * MINUTE_MS);
  return {
    received: true,
    meets: inWindow.length >= standard.doses,
    why: `${doses.length} dose(s) before birth, ${inWindow.length} within ${duration(standard.withinMinutes * MINUTE_MS)} before birth (${standard.doses} needed)`,
  };
}

function spacedCourseBeforeBirth(
  standard: StandardOf<'spaced-course-before-birth'>,
  facts: Facts,
): Assessment {
  const doses = beforeBirth(facts, standard.events);
  if (doses.length === 0) return { received: false, meets: false, why: 'no dose recorded before birth' };
  if (facts.birth === undefined) return noBirth(true, `${doses.length} dose(s) given`);
  const birth = facts.birth;
  const optimal = doses.some((first, index) => {
    const second = doses[index + 1];
    if (!second) return false;
    const gap = minutes(second.at - first.at);
    return (
      gap >= standard.gapMinutes.from &&
      gap <= standard.gapMinutes.to &&
      birth - second.at > standard.lastMoreThanMinutes * MINUTE_MS &&
      birth - first.at < standard.firstLessThanMinutes * MINUTE_MS
    );
  });
  return {
    received: true,
    meets: optimal,
    why: optimal
      ? 'two doses 12–24 h apart, more than 24 h and less than 7 days before birth'
      : `${doses.length} dose(s), not the optimal course timing`,
  };
}

function windowBeforeBirth(standard: StandardOf<'window-before-birth'>, facts: Facts): Assessment {
  const given = beforeBirth(facts, standard.events);
  if (given.length === 0) return { received: false, meets: false, why: 'not given before birth' };
  if (facts.birth === undefined) return noBirth(true, 'given');
  const birth = facts.birth;
  const { fromMinutes, toMinutes, strict } = standard;
  const inWindow = given.find((event) => {
    const before = birth - event.at;
    const low =
      fromMinutes === undefined ||
      (strict ? before > fromMinutes * MINUTE_MS : before >= fromMinutes * MINUTE_MS);
    const high =
      toMinutes === undefined || (strict ? before < toMinutes * MINUTE_MS : before <= toMinutes * MINUTE_MS);
    return low && high;
  });
  const latest = given[given.length - 1] as PathwayEvent;
  return {
    received: true,
    meets: inWindow !== undefined,
    why: `given ${duration(birth - (inWindow ?? latest).at)} before birth`,
  };
}

function delayAfterBirth(standard: StandardOf<'delay-after-birth'>, facts: Facts): Assessment {
  const [first] = ofTypes(facts, [standard.event]);
  if (!first) return { received: false, meets: false, why: 'not recorded' };
  if (facts.birth === undefined) return noBirth(true, 'recorded');
  const after = first.at - facts.birth;
  return {
    received: true,
    meets: after >= standard.minMinutes * MINUTE_MS,
    why: `clamped ${Math.round(after / 1000)} s after birth`,
  };
}

function withinAfterBirth(standard: StandardOf<'within-after-birth'>, facts: Facts): Assessment {
  const birth = facts.birth;
  const [first] = ofTypes(facts, standard.events).filter((event) => birth === undefined || event.at >= birth);
  if (!first) return { received: false, meets: false, why: 'not given' };
  if (birth === undefined) return noBirth(true, 'given');
  const after = first.at - birth;
  return {
    received: true,
    meets: after <= standard.withinMinutes * MINUTE_MS,
    why: `first given ${duration(after)} after birth`,
  };
}

function firstTemperature(standard: StandardOf<'first-temperature'>, facts: Facts): Assessment {
  const [admission] = ofTypes(facts, ['neonatal-admission']);
  const anchor = standard.anchor === 'birth' ? facts.birth : admission?.at;
  const temperatures = ofTypes(facts, ['temperature']);
  if (anchor === undefined) {
    const missing = standard.anchor === 'birth' ? 'birth time' : 'neonatal admission';
    return temperatures.length > 0
      ? { received: true, meets: null, why: `${missing} not recorded, so the timing cannot be judged` }
      : { received: false, meets: false, why: 'no temperature recorded' };
  }
  // The first admission temperature when the admission is recorded (NNAP: measured within 1 h of birth).
  const from = standard.anchor === 'birth' && admission && admission.at >= anchor ? admission.at : anchor;
  const [first] = temperatures.filter((event) => event.at >= from);
  if (!first)
    return {
      received: false,
      meets: false,
      why: `no temperature recorded after ${standard.anchor.replace('-', ' ')}`,
    };
  const celsius = first.celsius ?? Number.NaN;
  const inTime = first.at - anchor <= standard.withinMinutes * MINUTE_MS;
  const inRange = celsius >= standard.celsius.from && celsius <= standard.celsius.to;
  return {
    received: true,
    meets: inTime && inRange,
    why: `first temperature ${celsius} °C, ${duration(first.at - anchor)} after ${standard.anchor.replace('-', ' ')}`,
  };
}
