import type { Gestation } from '../gestation';
import { parseGestation } from '../gestation';
import { parseInstant } from '../time';

/** The nine MatNeoSIP optimisation interventions, in the order every result lists them. */
export const INTERVENTIONS = [
  'place-of-birth',
  'antenatal-corticosteroids',
  'magnesium-sulphate',
  'intrapartum-antibiotics',
  'optimal-cord-management',
  'normothermia',
  'maternal-breast-milk',
  'caffeine',
  'volume-targeted-ventilation',
] as const;
export type InterventionId = (typeof INTERVENTIONS)[number];

export const LABOUR_STATES = ['none', 'suspected', 'diagnosed', 'established', 'planned-birth'] as const;
export type LabourState = (typeof LABOUR_STATES)[number];

export const EVENT_TYPES = [
  'corticosteroid-dose',
  'magnesium-sulphate-loading',
  'magnesium-sulphate-infusion',
  'intrapartum-antibiotics',
  'cord-clamped',
  'neonatal-admission',
  'temperature',
  'caffeine',
  'maternal-breast-milk',
  'invasive-ventilation',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface PathwayEvent {
  readonly type: EventType;
  /** Milliseconds since the epoch. */
  readonly at: number;
  readonly end?: number;
  readonly celsius?: number;
  readonly mode?: string;
}

/** A woman and (once born) her baby, as the preterm rules read them. Absent means not recorded. */
export interface PretermCase {
  readonly gestationAtBirth?: Gestation;
  readonly gestationNow?: Gestation;
  readonly plurality?: number;
  readonly estimatedFetalWeightGrams?: number;
  readonly birthWeightGrams?: number;
  readonly birthTime?: number;
  readonly now?: number;
  readonly bornOnNicuSite?: boolean;
  readonly labour?: {
    readonly state?: LabourState;
    readonly membranesRuptured?: boolean;
    readonly gestation?: Gestation;
  };
  /** Undefined: nothing is known about what was given (received is then unknown, never false). */
  readonly events?: readonly PathwayEvent[];
}

type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const CASE_FIELDS = new Set([
  'gestationAtBirth',
  'gestationNow',
  'plurality',
  'estimatedFetalWeightGrams',
  'birthWeightGrams',
  'birthTime',
  'now',
  'bornOnNicuSite',
  'labour',
  'events',
]);
const LABOUR_FIELDS = new Set(['state', 'membranesRuptured', 'gestation']);
const EVENT_FIELDS = new Set(['type', 'time', 'end', 'celsius', 'mode']);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

class InvalidCase extends Error {}

function fail(message: string): never {
  throw new InvalidCase(message);
}

function unknownFields(value: Record<string, unknown>, known: Set<string>, prefix: string): void {
  const unknown = Object.keys(value).find((key) => !known.has(key));
  if (unknown !== undefined) fail(`${prefix}${unknown}: unknown field`);
}

function gestationField(value: unknown, field: string): Gestation | undefined {
  if (value === undefined) return undefined;
  return parseGestation(value) ?? fail(`${field}: must be completed weeks+days such as "29+6" (days 0–6)`);
}

function instantField(value: unknown, field: string): number | undefined {
  if (value === undefined) return undefined;
  return parseInstant(value) ?? fail(`${field}: must be an ISO 8601 date-time with a time zone`);
}

function numberField(
  value: unknown,
  field: string,
  min: number,
  max: number,
  integer = false,
): number | undefined {
  if (value === undefined) return undefined;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < min ||
    value > max ||
    (integer && !Number.isInteger(value))
  )
    fail(`${field}: must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`);
  return value;
}

function booleanField(value: unknown, field: string): boolean | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'boolean' ? value : fail(`${field}: must be true or false`);
}

function eventOf(value: unknown, index: number): PathwayEvent {
  const prefix = `events[${index}]`;
  if (!isObject(value)) fail(`${prefix}: must be an object`);
  unknownFields(value, EVENT_FIELDS, `${prefix}.`);
  const type = value.type;
  if (typeof type !== 'string' || !(EVENT_TYPES as readonly string[]).includes(type))
    fail(`${prefix}.type: must be one of ${EVENT_TYPES.join(', ')}`);
  const at = instantField(value.time, `${prefix}.time`) ?? fail(`${prefix}.time: required`);
  const end = instantField(value.end, `${prefix}.end`);
  if (end !== undefined && end < at) fail(`${prefix}.end: is before its time`);
  const celsius = numberField(value.celsius, `${prefix}.celsius`, 25, 45);
  if (type === 'temperature' && celsius === undefined) fail(`${prefix}.celsius: required for a temperature`);
  if (value.mode !== undefined && typeof value.mode !== 'string') fail(`${prefix}.mode: must be text`);
  return {
    type: type as EventType,
    at,
    ...(end === undefined ? {} : { end }),
    ...(celsius === undefined ? {} : { celsius }),
    ...(typeof value.mode === 'string' ? { mode: value.mode } : {}),
  };
}

function labourOf(value: unknown): PretermCase['labour'] {
  if (value === undefined) return undefined;
  if (!isObject(value)) fail('labour: must be an object');
  unknownFields(value, LABOUR_FIELDS, 'labour.');
  const state = value.state;
  if (
    state !== undefined &&
    (typeof state !== 'string' || !(LABOUR_STATES as readonly string[]).includes(state))
  )
    fail(`labour.state: must be one of ${LABOUR_STATES.join(', ')}`);
  const membranesRuptured = booleanField(value.membranesRuptured, 'labour.membranesRuptured');
  const gestation = gestationField(value.gestation, 'labour.gestation');
  return {
    ...(state === undefined ? {} : { state: state as LabourState }),
    ...(membranesRuptured === undefined ? {} : { membranesRuptured }),
    ...(gestation === undefined ? {} : { gestation }),
  };
}

/** Validates one case; errors start with the field's name. */
export function parsePretermCase(input: unknown): Parsed<PretermCase> {
  try {
    if (!isObject(input)) fail('case: must be a JSON object');
    unknownFields(input, CASE_FIELDS, '');
    if (input.events !== undefined && !Array.isArray(input.events)) fail('events: must be an array');
    const entries: [string, unknown][] = [
      ['gestationAtBirth', gestationField(input.gestationAtBirth, 'gestationAtBirth')],
      ['gestationNow', gestationField(input.gestationNow, 'gestationNow')],
      ['plurality', numberField(input.plurality, 'plurality', 1, 8, true)],
      [
        'estimatedFetalWeightGrams',
        numberField(input.estimatedFetalWeightGrams, 'estimatedFetalWeightGrams', 1, 7000),
      ],
      ['birthWeightGrams', numberField(input.birthWeightGrams, 'birthWeightGrams', 1, 7000)],
      ['birthTime', instantField(input.birthTime, 'birthTime')],
      ['now', instantField(input.now, 'now')],
      ['bornOnNicuSite', booleanField(input.bornOnNicuSite, 'bornOnNicuSite')],
      ['labour', labourOf(input.labour)],
      ['events', (input.events as unknown[] | undefined)?.map(eventOf)],
    ];
    return {
      ok: true,
      value: Object.fromEntries(entries.filter(([, value]) => value !== undefined)),
    };
  } catch (error) {
    if (error instanceof InvalidCase) return { ok: false, error: error.message };
    throw error;
  }
}
