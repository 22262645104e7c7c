import type {
  NormalisedReading,
  PatientReference,
  ReadingField,
  ReadingStatus,
  ReadingValue,
} from '../../clinical-record/clinical-record.types';
import type { FieldId } from '../../scoring';
import { OBSERVATION_FIELDS } from '../../scoring';
import { codeKey } from '../codes/code-systems';
import type { ObservationCodeDefinition, ReadingRule } from '../codes/observation-codes';
import { CONTEXT_READING_LIMITS, componentMatches, definitionsFor } from '../codes/observation-codes';
import type { UnitFamilyId } from '../codes/units';
import { toCanonical } from '../codes/units';
import type { Issues } from './issues';
import { invalid, required, valueIssue, warning } from './issues';
import { patientReference } from './references';
import { clinicalTime } from './time';

export interface ObservationIntakeOptions {
  readonly now: Date;
  /** How far in the future an effective time may lie (clock skew between systems). */
  readonly futureToleranceMs: number;
  /** Whether preliminary Observations are scored (default: stored, not scored). */
  readonly scorePreliminary: boolean;
}

export interface NormalisedObservation {
  readonly status: ReadingStatus;
  readonly subject: PatientReference;
  readonly effectiveAt?: Date;
  /** 'day' when the source gave a date without a time: such readings are stored but never scored. */
  readonly effectivePrecision: 'instant' | 'day';
  readonly readings: readonly NormalisedReading[];
  /** Names of the code definitions matched; empty when Beacon does not understand the code (stored, not scored). */
  readonly recognisedAs: readonly string[];
  readonly encounterReference?: string;
  /** References of the Observations a panel groups (hasMember). */
  readonly members: readonly string[];
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

const STATUS: Readonly<
  Record<fhir4.Observation['status'], (options: ObservationIntakeOptions) => ReadingStatus>
> = {
  final: () => 'scored',
  amended: () => 'scored',
  corrected: () => 'scored',
  preliminary: (options) => (options.scorePreliminary ? 'scored' : 'stored-only'),
  registered: () => 'stored-only',
  unknown: () => 'stored-only',
  'entered-in-error': () => 'retracted',
  cancelled: () => 'ignored',
};

type ValueSource = Pick<
  fhir4.Observation,
  | 'valueQuantity'
  | 'valueCodeableConcept'
  | 'valueBoolean'
  | 'valueInteger'
  | 'valueString'
  | 'valueRange'
  | 'valueRatio'
  | 'valueSampledData'
  | 'valueTime'
  | 'valueDateTime'
  | 'valuePeriod'
  | 'dataAbsentReason'
>;

function presentValueType(source: ValueSource): string | undefined {
  return (Object.keys(source) as (keyof ValueSource)[]).find(
    (key) => key.startsWith('value') && source[key] !== undefined,
  );
}

function limitsOf(field: ReadingField): { min: number; max: number; unit: string } | undefined {
  if (field in OBSERVATION_FIELDS) {
    const definition = OBSERVATION_FIELDS[field as FieldId];
    return definition.kind === 'number' ? { ...definition.possible, unit: definition.unit } : undefined;
  }
  return CONTEXT_READING_LIMITS[field as keyof typeof CONTEXT_READING_LIMITS];
}

/** Reads a Quantity in one of the accepted units, converts it and checks it is physically possible. */
function quantity(
  source: ValueSource,
  path: string,
  label: string,
  units: UnitFamilyId,
  field: ReadingField | undefined,
  issues: Issues,
): number | undefined {
  const value = source.valueQuantity;
  if (!value) {
    const other = presentValueType(source);
    issues.push(invalid(path, `${label} needs a valueQuantity${other ? ` (got ${other})` : ''}`));
    return undefined;
  }
  if (typeof value.value !== 'number') {
    issues.push(required(`${path}Quantity.value`, `${label}: valueQuantity.value is missing`));
    return undefined;
  }
  const converted = toCanonical(units, {
    value: value.value,
    system: value.system,
    code: value.code,
    unit: value.unit,
  });
  if (!converted.ok) {
    issues.push(invalid(`${path}Quantity.${converted.element}`, `${label}: ${converted.reason}`));
    return undefined;
  }
  const limits = field ? limitsOf(field) : undefined;
  if (limits && (converted.value < limits.min || converted.value > limits.max)) {
    const shown =
      converted.unit === value.code
        ? `${value.value} ${value.code}`
        : `${value.value} ${value.code} (${converted.value.toFixed(1)} ${converted.unit})`;
    issues.push(
      valueIssue(
        `${path}Quantity.value`,
        `${label}: ${shown} is physically impossible (possible ${limits.min}–${limits.max} ${limits.unit}); check the value and its unit`,
      ),
    );
    return undefined;
  }
  return converted.value;
}

function codedAnswer(
  source: ValueSource,
  path: string,
  label: string,
  answers: ReadonlyMap<string, ReadingValue>,
  issues: Issues,
): ReadingValue | undefined {
  const concept = source.valueCodeableConcept;
  if (!concept) {
    const other = presentValueType(source);
    issues.push(invalid(path, `${label} needs a valueCodeableConcept${other ? ` (got ${other})` : ''}`));
    return undefined;
  }
  for (const coding of concept.coding ?? []) {
    const answer = answers.get(codeKey(coding.system, coding.code));
    if (answer !== undefined) return answer;
  }
  issues.push(
    invalid(`${path}CodeableConcept.coding`, `${label}: none of the codings is a recognised answer`),
  );
  return undefined;
}

/** Applies one code definition's rule to an Observation's value. */
function readingsFor(
  definition: ObservationCodeDefinition,
  observation: fhir4.Observation,
  issues: Issues,
): NormalisedReading[] {
  const rule: ReadingRule = definition.rule;
  const label = definition.name;
  const path = 'Observation.value';
  const absent = observation.dataAbsentReason !== undefined;
  const hasValue = presentValueType(observation) !== undefined;
  if (rule.kind !== 'components' && rule.kind !== 'panel' && rule.kind !== 'constant' && !hasValue) {
    if (!absent)
      issues.push(required('Observation.value[x]', `${label} needs a value or a dataAbsentReason`));
    return [];
  }
  switch (rule.kind) {
    case 'quantity': {
      const value = quantity(observation, path, label, rule.units, rule.field, issues);
      if (value === undefined) return [];
      const implied = Object.entries(rule.implies ?? {}).map(([field, implication]) => ({
        field: field as FieldId,
        value: implication,
      }));
      return [{ field: rule.field, value, unit: limitsOf(rule.field)?.unit }, ...implied];
    }
    case 'quantity-above': {
      const value = quantity(observation, path, label, rule.units, undefined, issues);
      if (value === undefined) return [];
      if (value < 0) {
        issues.push(valueIssue(`${path}Quantity.value`, `${label}: ${value} cannot be negative`));
        return [];
      }
      return [{ field: rule.field, value: value > rule.above }];
    }
    case 'coded': {
      const value = codedAnswer(observation, path, label, rule.answers, issues);
      return value === undefined ? [] : [{ field: rule.field, value }];
    }
    case 'boolean': {
      if (observation.valueBoolean !== undefined)
        return [{ field: rule.field, value: observation.valueBoolean }];
      if (rule.answers && observation.valueCodeableConcept) {
        const value = codedAnswer(observation, path, label, rule.answers, issues);
        return value === undefined ? [] : [{ field: rule.field, value }];
      }
      issues.push(
        invalid(path, `${label} needs a valueBoolean${rule.answers ? ' or a valueCodeableConcept' : ''}`),
      );
      return [];
    }
    case 'integer': {
      const field = OBSERVATION_FIELDS[rule.field];
      const value = observation.valueInteger;
      if (value === undefined || (field.kind === 'choice' && !field.values.includes(value))) {
        const allowed = field.kind === 'choice' ? field.values.join(' or ') : 'an integer';
        issues.push(invalid(`${path}Integer`, `${label} needs a valueInteger of ${allowed}`));
        return [];
      }
      return [{ field: rule.field, value }];
    }
    case 'constant':
      return [{ field: rule.field, value: rule.value }];
    case 'components':
      return componentReadings(rule.components, observation, label, issues);
    case 'panel':
      return [];
  }
}

function componentReadings(
  rules: Extract<ReadingRule, { kind: 'components' }>['components'],
  observation: fhir4.Observation,
  label: string,
  issues: Issues,
): NormalisedReading[] {
  const readings: NormalisedReading[] = [];
  const components = observation.component ?? [];
  let matched = 0;
  components.forEach((component, index) => {
    const rule = rules.find((candidate) => componentMatches(candidate, component.code.coding ?? []));
    if (!rule) return;
    matched += 1;
    const path = `Observation.component[${index}].value`;
    if (presentValueType(component) === undefined) {
      if (!component.dataAbsentReason)
        issues.push(
          required(
            `Observation.component[${index}].value[x]`,
            `${label}: ${rule.field} needs a value or a dataAbsentReason`,
          ),
        );
      return;
    }
    const value = quantity(component, path, `${label} (${rule.field})`, rule.units, rule.field, issues);
    if (value !== undefined) readings.push({ field: rule.field, value, unit: limitsOf(rule.field)?.unit });
  });
  if (matched === 0 && !observation.dataAbsentReason) {
    issues.push(required('Observation.component', `${label} has no systolic or diastolic component`));
  }
  const systolic = readings.find((reading) => reading.field === 'systolicBP')?.value as number | undefined;
  const diastolic = readings.find((reading) => reading.field === 'diastolicBP')?.value as number | undefined;
  if (systolic !== undefined && diastolic !== undefined && diastolic >= systolic) {
    issues.push(
      valueIssue(
        'Observation.component',
        `${label}: diastolic ${diastolic} mmHg must be lower than systolic ${systolic} mmHg`,
      ),
    );
    return [];
  }
  return readings;
}

/** The reading fields a definition produces, to detect codings that disagree. */
function fieldsOf(definition: ObservationCodeDefinition): string {
  const rule = definition.rule;
  switch (rule.kind) {
    case 'components':
      return rule.components.map((component) => component.field).join('+');
    case 'panel':
      return 'panel';
    default:
      return rule.field;
  }
}

/** When an Observation was taken, as the source gave it. */
interface Effective {
  readonly value?: string;
  readonly path: string;
  /** FHIR allows a date without a time; Beacon keeps such a reading but will not guess the time it was taken. */
  readonly dateOnly: boolean;
  readonly at?: Date;
}

function readEffective(observation: fhir4.Observation, issues: Issues): Effective {
  const value =
    observation.effectiveDateTime ?? observation.effectiveInstant ?? observation.effectivePeriod?.start;
  const path = observation.effectivePeriod ? 'Observation.effectivePeriod.start' : 'Observation.effective[x]';
  const dateOnly = value !== undefined && DATE_ONLY.test(value);
  const at = dateOnly ? new Date(`${value}T00:00:00Z`) : clinicalTime(value, path, issues);
  return { value, path, dateOnly, ...(at ? { at } : {}) };
}

/** The code definition that reads this Observation, if Beacon understands its code. */
function recognise(observation: fhir4.Observation, issues: Issues): ObservationCodeDefinition | undefined {
  let definitions = definitionsFor(observation.code.coding ?? []);
  const distinct = new Set(definitions.map(fieldsOf));
  if (distinct.size > 1) {
    issues.push(
      invalid(
        'Observation.code.coding',
        `Observation.code codings name different readings (${[...distinct].join(', ')})`,
      ),
    );
    definitions = [];
  }
  // Several codings for the same reading: the most specific (the one implying more) decides.
  return [...definitions].sort(
    (a, b) =>
      Object.keys((b.rule as { implies?: object }).implies ?? {}).length -
      Object.keys((a.rule as { implies?: object }).implies ?? {}).length,
  )[0];
}

/** What a recognised measurement needs besides its value: a time (to the day, not in the future), no absent reason. */
function measurementIssues(
  definition: ObservationCodeDefinition,
  observation: fhir4.Observation,
  effective: Effective,
  options: ObservationIntakeOptions,
  issues: Issues,
): void {
  const { value, path, at } = effective;
  if (value === undefined && definition.rule.kind !== 'panel') {
    issues.push(
      required(
        'Observation.effective[x]',
        `${definition.name} needs effectiveDateTime (when it was measured)`,
      ),
    );
  }
  if (value !== undefined && /^\d{4}(-\d{2})?$/.test(value)) {
    issues.push(
      invalid(path, `${path} "${value}" must give at least the day (FHIR vital-signs invariant vs-1)`),
    );
  }
  if (at && at.getTime() > options.now.getTime() + options.futureToleranceMs) {
    issues.push(
      invalid(
        path,
        `${path} ${value ?? ''} is in the future (more than ${Math.round(options.futureToleranceMs / 1000)} s ahead of Beacon's clock)`,
      ),
    );
  }
  if (observation.dataAbsentReason && presentValueType(observation) !== undefined) {
    issues.push(
      invalid(
        'Observation.dataAbsentReason',
        'an Observation with a value must not also have a dataAbsentReason',
      ),
    );
  }
}

/**
 * Translates one Observation into readings in Beacon's vocabulary, or into issues naming the element at fault.
 * Pure: the clock is passed in.
 */
export function normaliseObservation(
  observation: fhir4.Observation,
  options: ObservationIntakeOptions,
): { ok: true; value: NormalisedObservation; warnings: Issues } | { ok: false; issues: Issues } {
  const issues: Issues = [];
  const warnings: Issues = [];
  const toStatus = STATUS[observation.status];
  if (!toStatus) {
    return {
      ok: false,
      issues: [
        invalid(
          'Observation.status',
          `Observation.status "${String(observation.status)}" is not an R4 observation status`,
        ),
      ],
    };
  }
  let status = toStatus(options);
  const subject = patientReference(observation.subject, 'Observation.subject', issues);
  const effective = readEffective(observation, issues);
  if (effective.dateOnly && status === 'scored') {
    status = 'stored-only';
    warnings.push(
      warning(
        effective.path,
        `${effective.path} ${effective.value ?? ''} has no time of day: the reading is stored but not scored`,
      ),
    );
  }
  const definition = recognise(observation, issues);
  const scoresValues = status === 'scored' || status === 'stored-only';
  if (definition && scoresValues) measurementIssues(definition, observation, effective, options, issues);
  const readings = definition && scoresValues ? readingsFor(definition, observation, issues) : [];

  if (issues.length > 0 || !subject) return { ok: false, issues };
  return {
    ok: true,
    warnings,
    value: {
      status,
      subject,
      ...(effective.at ? { effectiveAt: effective.at } : {}),
      effectivePrecision: effective.dateOnly ? 'day' : 'instant',
      readings,
      recognisedAs: definition ? [definition.name] : [],
      ...(observation.encounter?.reference ? { encounterReference: observation.encounter.reference } : {}),
      members: (observation.hasMember ?? []).flatMap((member) =>
        member.reference ? [member.reference] : [],
      ),
    },
  };
}
