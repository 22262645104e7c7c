import type {
  ContextReadingField,
  ReadingField,
  ReadingValue,
} from '../../clinical-record/clinical-record.types';
import type { FieldId } from '../../scoring';
import {
  BEACON_CONCERN_SOURCE,
  BEACON_NEWBORN_SIGN,
  BEACON_OBSERVATION,
  LOINC,
  SNOMED,
  codeKey,
} from './code-systems';
import type { UnitFamilyId } from './units';

/**
 * Which Observation codes Beacon understands and how each becomes a reading. A coding matches when ANY coding of
 * Observation.code matches (UK Core puts SNOMED first and LOINC second). Sources: clinical-rules.md §f.1–f.2 (UK Core
 * STU2 value sets [S68]; LOINC vital signs [S70][S71]; ACVPU [S72]; FiO2 [S73]; gestational age [S74]; smoking
 * status [S75][S76]; exhaled CO, mandated by MSDS [S51]). Codes marked "Beacon" are Beacon's own (blocker B4).
 */

export interface Coding {
  readonly system: string;
  readonly code: string;
  readonly display: string;
}

/** Possible values of a context reading (data-quality limits, not clinical thresholds). */
export const CONTEXT_READING_LIMITS: Readonly<
  Partial<Record<ContextReadingField, { min: number; max: number; unit: string }>>
> = {
  gestationalAgeDays: { min: 0, max: 315, unit: 'd' },
  gestationalAgeAtBirthDays: { min: 154, max: 315, unit: 'd' },
  birthWeightGrams: { min: 200, max: 7000, unit: 'g' },
  carbonMonoxidePpm: { min: 0, max: 100, unit: '[ppm]' },
};

export type ReadingRule =
  /** valueQuantity in one of the family's units. `implies` adds readings the code itself carries. */
  | {
      readonly kind: 'quantity';
      readonly field: ReadingField;
      readonly units: UnitFamilyId;
      readonly implies?: Readonly<Partial<Record<FieldId, ReadingValue>>>;
    }
  /** valueQuantity whose size decides a boolean reading (FiO2 above room air, a non-zero oxygen flow). */
  | {
      readonly kind: 'quantity-above';
      readonly field: FieldId;
      readonly units: UnitFamilyId;
      readonly above: number;
    }
  /** valueCodeableConcept matched against an answer list. */
  | {
      readonly kind: 'coded';
      readonly field: ReadingField;
      readonly answers: ReadonlyMap<string, ReadingValue>;
    }
  /** valueBoolean (or valueCodeableConcept from the answer list, for concern). */
  | {
      readonly kind: 'boolean';
      readonly field: FieldId;
      readonly answers?: ReadonlyMap<string, ReadingValue>;
    }
  | { readonly kind: 'integer'; readonly field: FieldId }
  /** The code itself is the reading (UK Core InspiredOxygen: "Breathing room air" / "Patient on oxygen"). */
  | { readonly kind: 'constant'; readonly field: FieldId; readonly value: ReadingValue }
  /** A panel whose components carry the readings (blood pressure). */
  | { readonly kind: 'components'; readonly components: readonly ComponentRule[] }
  /** A panel that only groups other Observations (hasMember), such as the vital-signs panel. */
  | { readonly kind: 'panel' };

export interface ComponentRule {
  readonly codes: readonly Coding[];
  readonly field: FieldId;
  readonly units: UnitFamilyId;
}

export interface ObservationCodeDefinition {
  readonly name: string;
  readonly codes: readonly Coding[];
  readonly rule: ReadingRule;
  readonly source: string;
}

const snomed = (code: string, display: string): Coding => ({ system: SNOMED, code, display });
const loinc = (code: string, display: string): Coding => ({ system: LOINC, code, display });
const beacon = (code: string, display: string): Coding => ({ system: BEACON_OBSERVATION, code, display });
/** Every answer coding of every coded reading, in the order defined. */
export const ANSWER_CODINGS: Coding[] = [];
const answers = (entries: [Coding, ReadingValue][]) => {
  ANSWER_CODINGS.push(...entries.map(([coding]) => coding));
  return new Map(entries.map(([coding, value]) => [codeKey(coding.system, coding.code), value]));
};

const SYSTOLIC: readonly Coding[] = [
  snomed('72313002', 'Systolic arterial pressure'),
  snomed('271649006', 'Systolic blood pressure'),
  loinc('8480-6', 'Systolic blood pressure'),
];
const DIASTOLIC: readonly Coding[] = [
  snomed('1091811000000102', 'Diastolic arterial pressure'),
  snomed('271650006', 'Diastolic blood pressure'),
  loinc('8462-4', 'Diastolic blood pressure'),
];

const newbornSign = (code: string, display: string) => ({ system: BEACON_NEWBORN_SIGN, code, display });

export const OBSERVATION_CODES: readonly ObservationCodeDefinition[] = [
  {
    name: 'respiratory rate',
    codes: [snomed('86290005', 'Respiratory rate'), loinc('9279-1', 'Respiratory rate')],
    rule: { kind: 'quantity', field: 'respiratoryRate', units: 'breathsPerMinute' },
    source: 'UK Core UKCore-RespirationRate [S68]; LOINC [S70]',
  },
  {
    name: 'heart rate',
    codes: [
      snomed('364075005', 'Heart rate'),
      snomed('78564009', 'Pulse rate'),
      snomed('444981005', 'Resting heart rate'),
      loinc('8867-4', 'Heart rate'),
    ],
    rule: { kind: 'quantity', field: 'heartRate', units: 'beatsPerMinute' },
    source: 'UK Core UKCore-HeartRate [S68]; LOINC [S70]',
  },
  {
    name: 'oxygen saturation',
    codes: [
      snomed('103228002', 'Hemoglobin saturation with oxygen'),
      snomed('431314004', 'Peripheral oxygen saturation'),
      loinc('2708-6', 'Oxygen saturation in Arterial blood'),
      loinc('59408-5', 'Oxygen saturation in Arterial blood by Pulse oximetry'),
    ],
    rule: { kind: 'quantity', field: 'oxygenSaturation', units: 'percent' },
    source: 'UK Core UKCore-OxygenSaturation [S68]; LOINC [S70][S71]',
  },
  {
    name: 'oxygen saturation on room air',
    codes: [snomed('866661000000106', 'Oxygen saturation at periphery on room air at rest')],
    rule: {
      kind: 'quantity',
      field: 'oxygenSaturation',
      units: 'percent',
      implies: { onSupplementalOxygen: false },
    },
    source: 'UK Core UKCore-OxygenSaturation [S68]',
  },
  {
    name: 'oxygen saturation on supplemental oxygen',
    codes: [snomed('866701000000100', 'Oxygen saturation at periphery on supplemental oxygen at rest')],
    rule: {
      kind: 'quantity',
      field: 'oxygenSaturation',
      units: 'percent',
      implies: { onSupplementalOxygen: true },
    },
    source: 'UK Core UKCore-OxygenSaturation [S68]',
  },
  {
    name: 'body temperature',
    codes: [
      snomed('386725007', 'Body temperature'),
      snomed('276885007', 'Core body temperature'),
      snomed('415882003', 'Axillary temperature'),
      loinc('8310-5', 'Body temperature'),
    ],
    rule: { kind: 'quantity', field: 'temperature', units: 'temperature' },
    source: 'UK Core UKCore-BodyTemperature [S68]; LOINC [S70]; FHIR R4 bodytemp profile (Cel or [degF])',
  },
  {
    name: 'blood pressure panel',
    codes: [
      snomed('75367002', 'Blood pressure'),
      loinc('85354-9', 'Blood pressure panel with all children optional'),
      loinc('55284-4', 'Blood pressure systolic and diastolic'),
    ],
    rule: {
      kind: 'components',
      components: [
        { codes: SYSTOLIC, field: 'systolicBP', units: 'pressure' },
        { codes: DIASTOLIC, field: 'diastolicBP', units: 'pressure' },
      ],
    },
    source: 'UK Core UKCore-BloodPressure [S68]; LOINC [S70]',
  },
  {
    name: 'systolic blood pressure',
    codes: SYSTOLIC,
    rule: { kind: 'quantity', field: 'systolicBP', units: 'pressure' },
    source: 'UK Core UKCore-BloodPressure components [S68]',
  },
  {
    name: 'diastolic blood pressure',
    codes: DIASTOLIC,
    rule: { kind: 'quantity', field: 'diastolicBP', units: 'pressure' },
    source: 'UK Core UKCore-BloodPressure components [S68]',
  },
  {
    name: 'consciousness (ACVPU)',
    codes: [
      snomed('1104441000000107', 'Alert Confusion Voice Pain Unresponsive scale score'),
      loinc('67775-7', 'Level of responsiveness'),
    ],
    rule: {
      kind: 'coded',
      field: 'consciousness',
      answers: answers([
        [snomed('248234008', 'Mentally alert'), 'A'],
        [snomed('130987000', 'Acute confusion'), 'C'],
        [snomed('300202002', 'Responds to voice'), 'V'],
        [snomed('450847001', 'Responds to pain'), 'P'],
        [snomed('422768004', 'Unresponsive'), 'U'],
      ]),
    },
    source:
      'UK Core UKCore-Observation-ACVPU and UKCore-ACVPU [S68]; LOINC 67775-7 seen only in public mappings [S72]',
  },
  {
    name: 'breathing room air',
    codes: [snomed('722742002', 'Breathing room air')],
    rule: { kind: 'constant', field: 'onSupplementalOxygen', value: false },
    source: 'UK Core UKCore-InspiredOxygen [S68]',
  },
  {
    name: 'on oxygen',
    codes: [snomed('371825009', 'Patient on oxygen')],
    rule: { kind: 'constant', field: 'onSupplementalOxygen', value: true },
    source: 'UK Core UKCore-InspiredOxygen [S68]',
  },
  {
    name: 'inhaled oxygen concentration (FiO2)',
    codes: [
      snomed('250774007', 'Inspired oxygen concentration'),
      loinc('3150-0', 'Inhaled oxygen concentration'),
    ],
    rule: { kind: 'quantity-above', field: 'onSupplementalOxygen', units: 'percent', above: 21 },
    source:
      'LOINC 3150-0 / SNOMED 250774007 in public examples [S73]; more than the 21 % of room air means oxygen',
  },
  {
    name: 'inhaled oxygen flow rate',
    codes: [loinc('3151-8', 'Inhaled oxygen flow rate')],
    rule: { kind: 'quantity-above', field: 'onSupplementalOxygen', units: 'oxygenFlow', above: 0 },
    source: 'LOINC 3151-8 [S71]; any flow means oxygen',
  },
  {
    name: 'supplemental oxygen (Beacon)',
    codes: [beacon('supplemental-oxygen', 'On supplemental oxygen')],
    rule: { kind: 'boolean', field: 'onSupplementalOxygen' },
    source: 'Beacon CodeSystem (valueBoolean), for EPRs without the UK Core InspiredOxygen codes',
  },
  {
    name: 'NEWS2 SpO2 scale (Beacon)',
    codes: [beacon('spo2-scale', 'NEWS2 SpO2 scale in use')],
    rule: { kind: 'integer', field: 'spo2Scale' },
    source: 'Beacon CodeSystem (valueInteger 1 or 2): the clinician-selected NEWS2 SpO2 scale (RCP 2017)',
  },
  {
    name: 'worry or concern (Beacon)',
    codes: [beacon('concern', 'Worry or concern about deterioration')],
    rule: {
      kind: 'boolean',
      field: 'concern',
      answers: answers([
        [{ system: BEACON_CONCERN_SOURCE, code: 'woman', display: 'The woman or patient' }, true],
        [{ system: BEACON_CONCERN_SOURCE, code: 'family', display: 'Family, partner or parent' }, true],
        [{ system: BEACON_CONCERN_SOURCE, code: 'staff', display: 'Staff' }, true],
      ]),
    },
    source:
      'Beacon CodeSystem (valueBoolean, or valueCodeableConcept saying who is worried): clinical-rules.md Decision 4',
  },
  {
    name: 'newborn colour (Beacon)',
    codes: [beacon('newborn-colour', 'Newborn colour')],
    rule: {
      kind: 'coded',
      field: 'colour',
      answers: answers([
        [newbornSign('colour-normal', 'Normal colour'), 'normal'],
        [newbornSign('colour-pale', 'Pale'), 'pale'],
        [newbornSign('colour-mottled', 'Mottled'), 'mottled'],
        [newbornSign('colour-cyanosed', 'Cyanosed'), 'cyanosed'],
      ]),
    },
    source: 'Beacon CodeSystem: no national code (blocker B4); vocabulary of the NEWTT2 placeholder chart',
  },
  {
    name: 'newborn feeding (Beacon)',
    codes: [beacon('newborn-feeding', 'Newborn feeding')],
    rule: {
      kind: 'coded',
      field: 'feeding',
      answers: answers([
        [newbornSign('feeding-normal', 'Feeding normally'), 'normal'],
        [newbornSign('feeding-reduced', 'Feeding reduced'), 'reduced'],
        [newbornSign('feeding-not-feeding', 'Not feeding'), 'not-feeding'],
      ]),
    },
    source: 'Beacon CodeSystem: no national code (blocker B4)',
  },
  {
    name: 'newborn tone and behaviour (Beacon)',
    codes: [beacon('newborn-tone', 'Newborn tone and behaviour')],
    rule: {
      kind: 'coded',
      field: 'tone',
      answers: answers([
        [newbornSign('tone-normal', 'Normal tone'), 'normal'],
        [newbornSign('tone-irritable', 'Irritable'), 'irritable'],
        [newbornSign('tone-lethargic', 'Lethargic'), 'lethargic'],
        [newbornSign('tone-floppy', 'Floppy'), 'floppy'],
      ]),
    },
    source: 'Beacon CodeSystem: no national code (blocker B4)',
  },
  {
    name: 'newborn respiratory distress (Beacon)',
    codes: [beacon('newborn-respiratory-distress', 'Newborn respiratory distress')],
    rule: {
      kind: 'coded',
      field: 'respiratoryDistress',
      answers: answers([
        [newbornSign('distress-none', 'No respiratory distress'), 'none'],
        [newbornSign('distress-mild', 'Mild respiratory distress'), 'mild'],
        [newbornSign('distress-moderate', 'Moderate respiratory distress'), 'moderate'],
        [newbornSign('distress-severe', 'Severe respiratory distress'), 'severe'],
      ]),
    },
    source: 'Beacon CodeSystem: no national code (blocker B4)',
  },
  {
    name: 'vital signs panel',
    codes: [
      loinc('85353-1', 'Vital signs, weight, height, head circumference, oxygen saturation and BMI panel'),
    ],
    rule: { kind: 'panel' },
    source: 'FHIR R4 vital signs panel (hasMember)',
  },
  {
    name: 'gestational age',
    codes: [
      loinc('49051-6', 'Gestational age in weeks'),
      loinc('18185-9', 'Gestational age'),
      loinc('11885-1', 'Gestational age Estimated from last menstrual period'),
      loinc('49052-4', 'Gestational age in days'),
    ],
    rule: { kind: 'quantity', field: 'gestationalAgeDays', units: 'gestation' },
    source:
      'LOINC gestational age codes in public code [S74]; on a baby’s record it means gestation at birth',
  },
  {
    name: 'gestational age at birth',
    codes: [loinc('76516-4', 'Gestational age at birth')],
    rule: { kind: 'quantity', field: 'gestationalAgeAtBirthDays', units: 'gestation' },
    source: 'LOINC 76516-4',
  },
  {
    name: 'birth weight',
    codes: [loinc('8339-4', 'Birth weight Measured')],
    rule: { kind: 'quantity', field: 'birthWeightGrams', units: 'mass' },
    source: 'LOINC 8339-4',
  },
  {
    name: 'exhaled carbon monoxide',
    codes: [snomed('251900003', 'Expired carbon monoxide concentration')],
    rule: { kind: 'quantity', field: 'carbonMonoxidePpm', units: 'ppm' },
    source: 'MSDS smoking status guidance: SNOMED CT 251900003 with a UCUM ppm unit [S51]',
  },
  {
    name: 'tobacco smoking status',
    codes: [loinc('72166-2', 'Tobacco smoking status'), snomed('266918002', 'Tobacco smoking consumption')],
    rule: {
      kind: 'coded',
      field: 'smokingStatus',
      answers: answers([
        [snomed('77176002', 'Smoker'), 'smoker'],
        [snomed('8517006', 'Ex-smoker'), 'ex-smoker'],
        [snomed('266919005', 'Never smoked tobacco'), 'never'],
      ]),
    },
    source: 'LOINC 72166-2 (US Core) [S75]; SNOMED answers (IPS) [S76]; UK Core TobaccoConsumption [S68]',
  },
];

const BY_CODING = new Map<string, ObservationCodeDefinition>();
for (const definition of OBSERVATION_CODES) {
  for (const coding of definition.codes) {
    const key = codeKey(coding.system, coding.code);
    // A component code (systolic) also stands alone; the first definition listing a code wins.
    if (!BY_CODING.has(key)) BY_CODING.set(key, definition);
  }
}

/** Every definition matched by any coding of a CodeableConcept, without duplicates. */
export function definitionsFor(
  codings: readonly { system?: string; code?: string }[],
): ObservationCodeDefinition[] {
  const found = new Set<ObservationCodeDefinition>();
  for (const coding of codings) {
    const definition = BY_CODING.get(codeKey(coding.system, coding.code));
    if (definition) found.add(definition);
  }
  return [...found];
}

export function componentMatches(
  rule: ComponentRule,
  codings: readonly { system?: string; code?: string }[],
): boolean {
  return codings.some((coding) =>
    rule.codes.some((candidate) => candidate.system === coding.system && candidate.code === coding.code),
  );
}
