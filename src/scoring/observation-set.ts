/**
 * The vocabulary of an observation set: every reading Beacon can score, its unit and the range of values
 * that are physically possible. A value outside that range is a data error (a unit mix-up, a typo, a device
 * artefact) and is rejected, never scored. These limits are Beacon data-quality limits, not clinical thresholds.
 */

export type Consciousness = 'A' | 'C' | 'V' | 'P' | 'U';
export type NewbornColour = 'normal' | 'pale' | 'mottled' | 'cyanosed';
export type NewbornFeeding = 'normal' | 'reduced' | 'not-feeding';
export type NewbornTone = 'normal' | 'irritable' | 'lethargic' | 'floppy';
export type RespiratoryDistress = 'none' | 'mild' | 'moderate' | 'severe';

/** One observation set. Every field is optional: absent means "not recorded", never "normal". */
export interface ObservationSet {
  readonly respiratoryRate?: number;
  readonly oxygenSaturation?: number;
  readonly onSupplementalOxygen?: boolean;
  /** NEWS2 SpO2 scale, selected per patient by a clinician; scale 1 when not stated. */
  readonly spo2Scale?: 1 | 2;
  readonly temperature?: number;
  readonly systolicBP?: number;
  readonly diastolicBP?: number;
  readonly heartRate?: number;
  readonly consciousness?: Consciousness;
  /** Worry or concern recorded by the woman, her family, the parents or staff. */
  readonly concern?: boolean;
  readonly colour?: NewbornColour;
  readonly feeding?: NewbornFeeding;
  readonly tone?: NewbornTone;
  readonly respiratoryDistress?: RespiratoryDistress;
}

export type FieldId = keyof ObservationSet;
export type FieldValue = NonNullable<ObservationSet[FieldId]>;

export interface NumericField {
  readonly kind: 'number';
  readonly label: string;
  readonly unit: string;
  /** Inclusive physically possible range in `unit`. */
  readonly possible: { readonly min: number; readonly max: number };
}
export interface ChoiceField {
  readonly kind: 'choice';
  readonly label: string;
  readonly values: readonly (string | number | boolean)[];
}
export type FieldDefinition = NumericField | ChoiceField;

const BOOLEAN = [false, true] as const;

export const OBSERVATION_FIELDS: { readonly [K in FieldId]-?: FieldDefinition } = {
  respiratoryRate: {
    kind: 'number',
    label: 'Respiratory rate',
    unit: 'breaths/min',
    possible: { min: 0, max: 150 },
  },
  oxygenSaturation: { kind: 'number', label: 'SpO2', unit: '%', possible: { min: 0, max: 100 } },
  onSupplementalOxygen: { kind: 'choice', label: 'Air or oxygen', values: BOOLEAN },
  spo2Scale: { kind: 'choice', label: 'SpO2 scale', values: [1, 2] },
  temperature: { kind: 'number', label: 'Temperature', unit: '°C', possible: { min: 25, max: 45 } },
  systolicBP: { kind: 'number', label: 'Systolic BP', unit: 'mmHg', possible: { min: 0, max: 300 } },
  diastolicBP: { kind: 'number', label: 'Diastolic BP', unit: 'mmHg', possible: { min: 0, max: 200 } },
  heartRate: { kind: 'number', label: 'Heart rate', unit: 'beats/min', possible: { min: 0, max: 300 } },
  consciousness: { kind: 'choice', label: 'Consciousness (ACVPU)', values: ['A', 'C', 'V', 'P', 'U'] },
  concern: { kind: 'choice', label: 'Worry or concern', values: BOOLEAN },
  colour: { kind: 'choice', label: 'Colour', values: ['normal', 'pale', 'mottled', 'cyanosed'] },
  feeding: { kind: 'choice', label: 'Feeding', values: ['normal', 'reduced', 'not-feeding'] },
  tone: { kind: 'choice', label: 'Tone / behaviour', values: ['normal', 'irritable', 'lethargic', 'floppy'] },
  respiratoryDistress: {
    kind: 'choice',
    label: 'Respiratory distress',
    values: ['none', 'mild', 'moderate', 'severe'],
  },
};

export const FIELD_IDS = Object.keys(OBSERVATION_FIELDS) as FieldId[];

export type ParseResult =
  { readonly ok: true; readonly set: ObservationSet } | { readonly ok: false; readonly error: string };

function isFieldId(key: string): key is FieldId {
  return Object.prototype.hasOwnProperty.call(OBSERVATION_FIELDS, key);
}

function describe(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : (JSON.stringify(value) ?? String(value));
}

function checkValue(field: FieldDefinition, value: unknown): string | undefined {
  if (field.kind === 'number') {
    if (typeof value !== 'number' || !Number.isFinite(value)) return `must be a number in ${field.unit}`;
    const { min, max } = field.possible;
    if (value < min || value > max) {
      return `${value} ${field.unit} is outside the possible range ${min}–${max} ${field.unit}`;
    }
    return undefined;
  }
  if (!field.values.includes(value as string | number | boolean)) {
    return `must be one of ${field.values.map(describe).join(', ')}`;
  }
  return undefined;
}

/**
 * Checks an untrusted value (for example parsed JSON) against the vocabulary and returns a typed observation
 * set, or the first problem as "<field>: <reason>".
 */
export function parseObservationSet(input: unknown): ParseResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, error: 'set: must be a JSON object' };
  }
  const set: Partial<Record<FieldId, unknown>> = {};
  for (const [key, value] of Object.entries(input)) {
    if (!isFieldId(key)) return { ok: false, error: `${key}: unknown field` };
    if (value === null || value === undefined) continue;
    const problem = checkValue(OBSERVATION_FIELDS[key], value);
    if (problem) return { ok: false, error: `${key}: ${problem}` };
    set[key] = value;
  }
  const { systolicBP, diastolicBP } = set as ObservationSet;
  if (systolicBP !== undefined && diastolicBP !== undefined && diastolicBP >= systolicBP) {
    return {
      ok: false,
      error: `diastolicBP: ${diastolicBP} mmHg must be lower than systolicBP ${systolicBP} mmHg`,
    };
  }
  return { ok: true, set: set as ObservationSet };
}
