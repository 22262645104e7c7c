import { createHmac } from 'node:crypto';
import type { OutcomeIssue } from '../../http/operation-outcome';
import { toCanonical } from '../codes/units';
import { NHS_NUMBER_SYSTEM, isValidNhsNumber } from '../nhs-number';
import { parseNotification } from '../upstream/notification';
import { deliveryAuthenticated } from '../upstream/notification-secret';
import type { ObservationIntakeOptions } from './observation';
import { normaliseObservation } from './observation';
import {
  normaliseClinicalEvent,
  normaliseEncounter,
  normalisePatient,
  normaliseRelatedPerson,
} from './resources';

const UCUM = 'http://unitsofmeasure.org';
const SNOMED = 'http://snomed.info/sct';
const LOINC = 'http://loinc.org';
const BEACON = 'https://beacon-ews.github.io/fhir/CodeSystem/observation';
const NEWBORN_SIGN = 'https://beacon-ews.github.io/fhir/CodeSystem/newborn-sign';
const CONCERN_SOURCE = 'https://beacon-ews.github.io/fhir/CodeSystem/concern-source';
const DATA_ABSENT = 'http://terminology.hl7.org/CodeSystem/data-absent-reason';
const ROLE_CODE = 'http://terminology.hl7.org/CodeSystem/v3-RoleCode';

const NOW = new Date('2026-03-01T12:00:00Z');
const OPTIONS: ObservationIntakeOptions = { now: NOW, futureToleranceMs: 300_000, scorePreliminary: false };
const TAKEN = '2026-03-01T10:00:00+00:00';

type Value = Pick<
  fhir4.Observation,
  'valueQuantity' | 'valueCodeableConcept' | 'valueBoolean' | 'valueInteger' | 'valueString' | 'component'
>;

const code = (system: string, value: string) => ({ coding: [{ system, code: value }] });
const quantity = (value: number, unit: string): fhir4.Quantity => ({ value, unit, system: UCUM, code: unit });
const concept = (system: string, value: string): fhir4.CodeableConcept => code(system, value);

/** A final Observation about Patient/p1, taken two hours before NOW. */
function observation(
  observationCode: fhir4.CodeableConcept,
  value: Value = {},
  changes: Partial<fhir4.Observation> = {},
): fhir4.Observation {
  return {
    resourceType: 'Observation',
    status: 'final',
    code: observationCode,
    subject: { reference: 'Patient/p1' },
    effectiveDateTime: TAKEN,
    ...value,
    ...changes,
  };
}

function accepted(resource: fhir4.Observation, options: ObservationIntakeOptions = OPTIONS) {
  const result = normaliseObservation(resource, options);
  if (!result.ok)
    throw new Error(`expected the Observation to be accepted: ${JSON.stringify(result.issues)}`);
  return result;
}

function rejected(resource: fhir4.Observation): OutcomeIssue[] {
  const result = normaliseObservation(resource, OPTIONS);
  if (result.ok) throw new Error('expected the Observation to be rejected');
  return result.issues;
}

const readingsOf = (resource: fhir4.Observation) =>
  Object.fromEntries(accepted(resource).value.readings.map((reading) => [reading.field, reading.value]));

const HEART_RATE = code(SNOMED, '364075005');
const BLOOD_PRESSURE = code(SNOMED, '75367002');
const SYSTOLIC = code(SNOMED, '72313002');
const DIASTOLIC = code(SNOMED, '1091811000000102');
const ACVPU = code(SNOMED, '1104441000000107');

describe('normaliseObservation', () => {
  describe('codes', () => {
    it('matches a SNOMED-first dual coding on its second (LOINC) coding when the SNOMED code is unknown', () => {
      const result = accepted(
        observation(
          {
            coding: [
              { system: SNOMED, code: '999999999', display: 'Not a code Beacon knows' },
              { system: LOINC, code: '8867-4', display: 'Heart rate' },
            ],
          },
          { valueQuantity: quantity(84, '/min') },
        ),
      );
      expect(result.value.recognisedAs).toEqual(['heart rate']);
      expect(result.value.readings).toEqual([{ field: 'heartRate', value: 84, unit: 'beats/min' }]);
    });

    it('matches the UK Core SNOMED-then-LOINC coding once, not twice', () => {
      const result = accepted(
        observation(
          {
            coding: [
              { system: SNOMED, code: '86290005' },
              { system: LOINC, code: '9279-1' },
            ],
          },
          { valueQuantity: quantity(16, '/min') },
        ),
      );
      expect(result.value.recognisedAs).toEqual(['respiratory rate']);
      expect(result.value.readings).toEqual([{ field: 'respiratoryRate', value: 16, unit: 'breaths/min' }]);
    });

    it.each<[string, fhir4.Observation, Record<string, unknown>]>([
      [
        'respiratory rate',
        observation(code(SNOMED, '86290005'), { valueQuantity: quantity(16, '/min') }),
        { respiratoryRate: 16 },
      ],
      [
        'heart rate',
        observation(HEART_RATE, { valueQuantity: quantity(84, '{beats}/min') }),
        { heartRate: 84 },
      ],
      [
        'pulse rate',
        observation(code(SNOMED, '78564009'), { valueQuantity: quantity(90, '/min') }),
        { heartRate: 90 },
      ],
      [
        'resting heart rate',
        observation(code(SNOMED, '444981005'), { valueQuantity: quantity(70, '/min') }),
        { heartRate: 70 },
      ],
      [
        'peripheral oxygen saturation',
        observation(code(SNOMED, '431314004'), { valueQuantity: quantity(98, '%') }),
        { oxygenSaturation: 98 },
      ],
      [
        'oxygen saturation on room air (implies no supplemental oxygen)',
        observation(code(SNOMED, '866661000000106'), { valueQuantity: quantity(97, '%') }),
        { oxygenSaturation: 97, onSupplementalOxygen: false },
      ],
      [
        'oxygen saturation on supplemental oxygen',
        observation(code(SNOMED, '866701000000100'), { valueQuantity: quantity(94, '%') }),
        { oxygenSaturation: 94, onSupplementalOxygen: true },
      ],
      [
        'core body temperature in Cel',
        observation(code(SNOMED, '276885007'), { valueQuantity: quantity(36.9, 'Cel') }),
        { temperature: 36.9 },
      ],
      [
        'blood pressure panel',
        observation(BLOOD_PRESSURE, {
          component: [
            { code: SYSTOLIC, valueQuantity: quantity(118, 'mm[Hg]') },
            { code: DIASTOLIC, valueQuantity: quantity(76, 'mm[Hg]') },
          ],
        }),
        { systolicBP: 118, diastolicBP: 76 },
      ],
      [
        'blood pressure panel whose diastolic component has a dataAbsentReason',
        observation(BLOOD_PRESSURE, {
          component: [
            { code: SYSTOLIC, valueQuantity: quantity(107, 'mm[Hg]') },
            { code: DIASTOLIC, dataAbsentReason: concept(DATA_ABSENT, 'not-performed') },
          ],
        }),
        { systolicBP: 107 },
      ],
      ['breathing room air', observation(code(SNOMED, '722742002')), { onSupplementalOxygen: false }],
      [
        'patient on oxygen (with a flow rate)',
        observation(code(SNOMED, '371825009'), { valueQuantity: quantity(2, 'l/min') }),
        { onSupplementalOxygen: true },
      ],
      [
        'FiO2 above the 21 % of room air',
        observation(code(LOINC, '3150-0'), { valueQuantity: quantity(28, '%') }),
        { onSupplementalOxygen: true },
      ],
      [
        'FiO2 of exactly 21 %',
        observation(code(SNOMED, '250774007'), { valueQuantity: quantity(21, '%') }),
        { onSupplementalOxygen: false },
      ],
      [
        'an oxygen flow of 2 L/min',
        observation(code(LOINC, '3151-8'), { valueQuantity: quantity(2, 'L/min') }),
        { onSupplementalOxygen: true },
      ],
      [
        'an oxygen flow of 0 L/min',
        observation(code(LOINC, '3151-8'), { valueQuantity: quantity(0, 'L/min') }),
        { onSupplementalOxygen: false },
      ],
      [
        'supplemental oxygen (Beacon valueBoolean)',
        observation(code(BEACON, 'supplemental-oxygen'), { valueBoolean: true }),
        { onSupplementalOxygen: true },
      ],
      [
        'NEWS2 SpO2 scale 2 (Beacon)',
        observation(code(BEACON, 'spo2-scale'), { valueInteger: 2 }),
        { spo2Scale: 2 },
      ],
      [
        'concern as valueBoolean',
        observation(code(BEACON, 'concern'), { valueBoolean: true }),
        { concern: true },
      ],
      [
        'no concern as valueBoolean false',
        observation(code(BEACON, 'concern'), { valueBoolean: false }),
        { concern: false },
      ],
      [
        'concern as a valueCodeableConcept naming who is worried',
        observation(code(BEACON, 'concern'), { valueCodeableConcept: concept(CONCERN_SOURCE, 'family') }),
        { concern: true },
      ],
      [
        'newborn colour',
        observation(code(BEACON, 'newborn-colour'), {
          valueCodeableConcept: concept(NEWBORN_SIGN, 'colour-mottled'),
        }),
        { colour: 'mottled' },
      ],
      [
        'newborn feeding',
        observation(code(BEACON, 'newborn-feeding'), {
          valueCodeableConcept: concept(NEWBORN_SIGN, 'feeding-reduced'),
        }),
        { feeding: 'reduced' },
      ],
      [
        'newborn tone',
        observation(code(BEACON, 'newborn-tone'), {
          valueCodeableConcept: concept(NEWBORN_SIGN, 'tone-floppy'),
        }),
        { tone: 'floppy' },
      ],
      [
        'newborn respiratory distress',
        observation(code(BEACON, 'newborn-respiratory-distress'), {
          valueCodeableConcept: concept(NEWBORN_SIGN, 'distress-moderate'),
        }),
        { respiratoryDistress: 'moderate' },
      ],
      [
        'gestational age of 29.857 weeks (209 whole days)',
        observation(code(LOINC, '49051-6'), { valueQuantity: quantity(29.857, 'wk') }),
        { gestationalAgeDays: 209 },
      ],
      [
        'gestational age in days',
        observation(code(LOINC, '49052-4'), { valueQuantity: quantity(210, 'd') }),
        { gestationalAgeDays: 210 },
      ],
      [
        'gestational age at birth of 36 weeks',
        observation(code(LOINC, '76516-4'), { valueQuantity: quantity(36, 'wk') }),
        { gestationalAgeAtBirthDays: 252 },
      ],
      [
        'birth weight in kg',
        observation(code(LOINC, '8339-4'), { valueQuantity: quantity(2.65, 'kg') }),
        { birthWeightGrams: 2650 },
      ],
      [
        'exhaled carbon monoxide in ppm',
        observation(code(SNOMED, '251900003'), { valueQuantity: quantity(6, '[ppm]') }),
        { carbonMonoxidePpm: 6 },
      ],
      [
        'smoking status: smoker',
        observation(code(LOINC, '72166-2'), { valueCodeableConcept: concept(SNOMED, '77176002') }),
        { smokingStatus: 'smoker' },
      ],
      [
        'smoking status: ex-smoker',
        observation(code(LOINC, '72166-2'), { valueCodeableConcept: concept(SNOMED, '8517006') }),
        { smokingStatus: 'ex-smoker' },
      ],
      [
        'smoking status: never smoked',
        observation(code(SNOMED, '266918002'), { valueCodeableConcept: concept(SNOMED, '266919005') }),
        { smokingStatus: 'never' },
      ],
    ])('turns a %s into the right readings', (_name, resource, expected) => {
      expect(readingsOf(resource)).toEqual(expected);
    });

    it.each([
      ['A', '248234008'],
      ['C', '130987000'],
      ['V', '300202002'],
      ['P', '450847001'],
      ['U', '422768004'],
    ])('reads ACVPU answer %s from SNOMED %s', (letter, answer) => {
      expect(readingsOf(observation(ACVPU, { valueCodeableConcept: concept(SNOMED, answer) }))).toEqual({
        consciousness: letter,
      });
    });

    it('converts 98.6 [degF] to 37.0 °C', () => {
      const [reading] = accepted(
        observation(code(SNOMED, '386725007'), { valueQuantity: quantity(98.6, '[degF]') }),
      ).value.readings;
      expect(reading?.field).toBe('temperature');
      expect(Math.abs((reading?.value as number) - 37)).toBeLessThan(1e-9);
      expect(reading?.unit).toBe('°C');
    });

    it('converts a blood pressure in kPa to mmHg', () => {
      const readings = readingsOf(
        observation(BLOOD_PRESSURE, {
          component: [
            { code: SYSTOLIC, valueQuantity: quantity(16, 'kPa') },
            { code: DIASTOLIC, valueQuantity: quantity(10, 'kPa') },
          ],
        }),
      );
      expect(readings.systolicBP).toBeCloseTo((16 * 760) / 101.325, 9);
      expect(readings.diastolicBP).toBeCloseTo((10 * 760) / 101.325, 9);
    });

    it('stores an Observation whose code it does not know without readings, and does not reject it', () => {
      const result = accepted(
        observation(code(LOINC, '29463-7'), { valueQuantity: { ...quantity(70, 'kg'), value: 70 } }),
      );
      expect(result.value.recognisedAs).toEqual([]);
      expect(result.value.readings).toEqual([]);
      expect(result.value.status).toBe('scored');
    });

    it('keeps the members of a vital-signs panel and makes no reading of its own', () => {
      const result = accepted(
        observation(code(LOINC, '85353-1'), {}, { hasMember: [{ reference: 'Observation/hr' }] }),
      );
      expect(result.value.recognisedAs).toEqual(['vital signs panel']);
      expect(result.value.readings).toEqual([]);
      expect(result.value.members).toEqual(['Observation/hr']);
    });
  });

  describe('status', () => {
    const heartRate = (changes: Partial<fhir4.Observation>) =>
      observation(HEART_RATE, { valueQuantity: quantity(84, '/min') }, changes);

    it.each(['final', 'amended', 'corrected'] as const)('scores a %s Observation', (status) => {
      expect(accepted(heartRate({ status })).value.status).toBe('scored');
    });

    it('stores a preliminary Observation without scoring it', () => {
      expect(accepted(heartRate({ status: 'preliminary' })).value.status).toBe('stored-only');
    });

    it('scores a preliminary Observation when scorePreliminary is set', () => {
      expect(
        accepted(heartRate({ status: 'preliminary' }), { ...OPTIONS, scorePreliminary: true }).value.status,
      ).toBe('scored');
    });

    it.each(['registered', 'unknown'] as const)('stores a %s Observation without scoring it', (status) => {
      expect(accepted(heartRate({ status })).value.status).toBe('stored-only');
    });

    it('retracts an entered-in-error Observation without checking its value (a heart rate of 400)', () => {
      const result = accepted(
        observation(HEART_RATE, { valueQuantity: quantity(400, '/min') }, { status: 'entered-in-error' }),
      );
      expect(result.value.status).toBe('retracted');
      expect(result.value.readings).toEqual([]);
    });

    it('ignores a cancelled Observation', () => {
      const result = accepted(heartRate({ status: 'cancelled' }));
      expect(result.value.status).toBe('ignored');
      expect(result.value.readings).toEqual([]);
    });
  });

  describe('effective time', () => {
    it('stores a date-only reading with day precision, unscored, and warns', () => {
      const result = accepted(
        observation(HEART_RATE, { valueQuantity: quantity(84, '/min') }, { effectiveDateTime: '2026-02-28' }),
      );
      expect(result.value.status).toBe('stored-only');
      expect(result.value.effectivePrecision).toBe('day');
      expect(result.value.effectiveAt).toEqual(new Date('2026-02-28T00:00:00Z'));
      expect(result.value.readings).toEqual([{ field: 'heartRate', value: 84, unit: 'beats/min' }]);
      expect(result.warnings).toEqual([
        expect.objectContaining({ severity: 'warning', expression: 'Observation.effective[x]' }),
      ]);
    });

    it('gives an instant precision and the instant for a date and time with a zone', () => {
      const result = accepted(observation(HEART_RATE, { valueQuantity: quantity(84, '/min') }));
      expect(result.value.effectivePrecision).toBe('instant');
      expect(result.value.effectiveAt).toEqual(new Date('2026-03-01T10:00:00Z'));
      expect(result.warnings).toEqual([]);
    });

    it('accepts an effective time within the future tolerance', () => {
      const result = accepted(
        observation(
          HEART_RATE,
          { valueQuantity: quantity(84, '/min') },
          { effectiveDateTime: '2026-03-01T12:04:00Z' },
        ),
      );
      expect(result.value.status).toBe('scored');
    });
  });

  describe('rejections', () => {
    const hr = (value: Value, changes: Partial<fhir4.Observation> = {}) =>
      observation(HEART_RATE, value, changes);
    const perMinute = (value: number) => ({ valueQuantity: quantity(value, '/min') });

    it.each<[string, fhir4.Observation, string]>([
      ['no subject', hr(perMinute(80), { subject: undefined }), 'Observation.subject'],
      [
        'a subject that is only a display name',
        hr(perMinute(80), { subject: { display: 'Amelia' } }),
        'Observation.subject.reference',
      ],
      [
        'a subject that is not a Patient',
        hr(perMinute(80), { subject: { reference: 'Group/g1' } }),
        'Observation.subject.reference',
      ],
      [
        'a subject NHS number with a wrong check digit',
        hr(perMinute(80), { subject: { identifier: { system: NHS_NUMBER_SYSTEM, value: '9991234072' } } }),
        'Observation.subject.identifier.value',
      ],
      ['a heart rate as valueString', hr({ valueString: '80' }), 'Observation.value'],
      ['a heart rate without any value', hr({}), 'Observation.value[x]'],
      [
        'a valueQuantity without a value',
        hr({ valueQuantity: { unit: '/min', system: UCUM, code: '/min' } }),
        'Observation.valueQuantity.value',
      ],
      [
        'a valueQuantity without a unit code',
        hr({ valueQuantity: { value: 80, system: UCUM } }),
        'Observation.valueQuantity.code',
      ],
      ['a heart rate in Cel', hr({ valueQuantity: quantity(80, 'Cel') }), 'Observation.valueQuantity.code'],
      [
        'a valueQuantity without a unit system',
        hr({ valueQuantity: { value: 80, code: '/min' } }),
        'Observation.valueQuantity.system',
      ],
      [
        '98.6 labelled Cel',
        observation(code(SNOMED, '276885007'), { valueQuantity: quantity(98.6, 'Cel') }),
        'Observation.valueQuantity.value',
      ],
      [
        '37 labelled [degF]',
        observation(code(SNOMED, '276885007'), { valueQuantity: quantity(37, '[degF]') }),
        'Observation.valueQuantity.value',
      ],
      ['a heart rate of 400', hr(perMinute(400)), 'Observation.valueQuantity.value'],
      [
        'a negative respiratory rate',
        observation(code(SNOMED, '86290005'), perMinute(-4)),
        'Observation.valueQuantity.value',
      ],
      [
        'an SpO2 of 101 %',
        observation(code(SNOMED, '431314004'), { valueQuantity: quantity(101, '%') }),
        'Observation.valueQuantity.value',
      ],
      [
        'a respiratory rate of 1e9',
        observation(code(SNOMED, '86290005'), perMinute(1e9)),
        'Observation.valueQuantity.value',
      ],
      [
        'a negative FiO2',
        observation(code(LOINC, '3150-0'), { valueQuantity: quantity(-1, '%') }),
        'Observation.valueQuantity.value',
      ],
      [
        'a blood pressure whose diastolic is not below its systolic',
        observation(BLOOD_PRESSURE, {
          component: [
            { code: SYSTOLIC, valueQuantity: quantity(90, 'mm[Hg]') },
            { code: DIASTOLIC, valueQuantity: quantity(90, 'mm[Hg]') },
          ],
        }),
        'Observation.component',
      ],
      ['a blood pressure panel without components', observation(BLOOD_PRESSURE), 'Observation.component'],
      [
        'a blood pressure component without value or dataAbsentReason',
        observation(BLOOD_PRESSURE, {
          component: [{ code: SYSTOLIC, valueQuantity: quantity(120, 'mm[Hg]') }, { code: DIASTOLIC }],
        }),
        'Observation.component[1].value[x]',
      ],
      [
        'an ACVPU answer that is not on the list',
        observation(ACVPU, { valueCodeableConcept: concept(SNOMED, '44808001') }),
        'Observation.valueCodeableConcept.coding',
      ],
      [
        'a NEWS2 SpO2 scale of 3',
        observation(code(BEACON, 'spo2-scale'), { valueInteger: 3 }),
        'Observation.valueInteger',
      ],
      [
        'a value together with a dataAbsentReason',
        hr(perMinute(80), { dataAbsentReason: concept(DATA_ABSENT, 'unknown') }),
        'Observation.dataAbsentReason',
      ],
      [
        'codings that disagree',
        observation(
          {
            coding: [
              { system: LOINC, code: '8867-4' },
              { system: SNOMED, code: '86290005' },
            ],
          },
          perMinute(80),
        ),
        'Observation.code.coding',
      ],
      [
        'an R4 status that does not exist',
        hr(perMinute(80), { status: 'done' as fhir4.Observation['status'] }),
        'Observation.status',
      ],
      [
        'an effective time a day in the future',
        hr(perMinute(80), { effectiveDateTime: '2026-03-02T12:00:00Z' }),
        'Observation.effective[x]',
      ],
      [
        'an effective time just beyond the future tolerance',
        hr(perMinute(80), { effectiveDateTime: '2026-03-01T12:05:01Z' }),
        'Observation.effective[x]',
      ],
      [
        'an effective time without a time zone',
        hr(perMinute(80), { effectiveDateTime: '2026-03-01T10:00:00' }),
        'Observation.effective[x]',
      ],
      [
        'a malformed effective time',
        hr(perMinute(80), { effectiveDateTime: 'yesterday' }),
        'Observation.effective[x]',
      ],
      [
        'an effective year and month',
        hr(perMinute(80), { effectiveDateTime: '2026-03' }),
        'Observation.effective[x]',
      ],
      ['no effective time', hr(perMinute(80), { effectiveDateTime: undefined }), 'Observation.effective[x]'],
      [
        'an effective period starting without a time zone',
        hr(perMinute(80), { effectiveDateTime: undefined, effectivePeriod: { start: '2026-03-01T10:00' } }),
        'Observation.effectivePeriod.start',
      ],
    ])('rejects %s, naming %s', (_name, resource, expression) => {
      const issues = rejected(resource);
      expect(issues.map((issue) => issue.expression)).toContain(expression);
    });

    it('names an element in every issue of every rejection', () => {
      const bad = [
        hr(perMinute(400), { subject: undefined, effectiveDateTime: 'soon' }),
        hr({ valueQuantity: { value: 80 } }, { subject: { display: 'x' } }),
        observation(BLOOD_PRESSURE, {
          component: [
            { code: SYSTOLIC, valueQuantity: quantity(400, 'mm[Hg]') },
            { code: DIASTOLIC, valueQuantity: quantity(80, 'cm[Hg]') },
          ],
        }),
        hr(perMinute(80), { status: 'bogus' as fhir4.Observation['status'] }),
      ];
      for (const resource of bad) {
        const issues = rejected(resource);
        expect(issues.length).toBeGreaterThan(0);
        for (const issue of issues) expect(issue.expression).toMatch(/^Observation(\.|$)/);
      }
    });
  });
});

describe('normalisePatient', () => {
  const patient = (changes: Partial<fhir4.Patient> = {}): fhir4.Patient => ({
    resourceType: 'Patient',
    identifier: [{ system: NHS_NUMBER_SYSTEM, value: '9991234012' }],
    name: [{ use: 'official', family: 'BEACONTEST', given: ['Amelia'] }],
    gender: 'female',
    birthDate: '1993-04-17',
    ...changes,
  });

  it('reads the NHS number, name, birth date and sex', () => {
    const result = normalisePatient(patient());
    expect(result).toEqual({
      ok: true,
      warnings: [],
      value: {
        facts: { nhsNumber: '9991234012', name: 'Amelia BEACONTEST', birthDate: '1993-04-17', sex: 'female' },
      },
    });
  });

  it('removes spaces from an NHS number', () => {
    const result = normalisePatient(
      patient({ identifier: [{ system: NHS_NUMBER_SYSTEM, value: '999 123 4012' }] }),
    );
    expect(result.ok && result.value.facts.nhsNumber).toBe('9991234012');
  });

  it('rejects an NHS number with a wrong check digit, naming the identifier', () => {
    const result = normalisePatient(
      patient({
        identifier: [
          { system: 'urn:oid:1.2.3', value: 'MRN1' },
          { system: NHS_NUMBER_SYSTEM, value: '9991234013' },
        ],
      }),
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues.map((issue) => issue.expression)).toEqual([
      'Patient.identifier[1].value',
    ]);
  });

  it('keeps a birth time on the birth date', () => {
    const result = normalisePatient(
      patient({
        birthDate: '2026-02-28',
        _birthDate: {
          extension: [
            {
              url: 'http://hl7.org/fhir/StructureDefinition/patient-birthTime',
              valueDateTime: '2026-02-28T23:40:00+00:00',
            },
          ],
        },
      }),
    );
    expect(result.ok && result.value.facts.birthTime).toBe('2026-02-28T23:40:00.000Z');
    expect(result.ok && result.warnings).toEqual([]);
  });

  it('drops, with a warning, a birth time that is not on the birth date', () => {
    const result = normalisePatient(
      patient({
        birthDate: '2017-09-05',
        _birthDate: {
          extension: [
            {
              url: 'http://hl7.org/fhir/StructureDefinition/patient-birthTime',
              valueDateTime: '2017-05-09T17:11:00+01:00',
            },
          ],
        },
      }),
    );
    expect(result.ok && result.value.facts.birthTime).toBeUndefined();
    expect(result.ok && result.warnings.map((issue) => issue.expression)).toEqual(['Patient.birthDate']);
  });

  it('reads a mother linked by seealso', () => {
    const result = normalisePatient(
      patient({ link: [{ other: { reference: 'Patient/mum' }, type: 'seealso' }] }),
    );
    expect(result.ok && result.value.facts.motherReference).toEqual({ kind: 'id', resourceId: 'mum' });
  });
});

describe('normaliseRelatedPerson', () => {
  const person = (role: string, changes: Partial<fhir4.RelatedPerson> = {}): fhir4.RelatedPerson => ({
    resourceType: 'RelatedPerson',
    patient: { reference: 'Patient/baby' },
    relationship: [{ coding: [{ system: ROLE_CODE, code: role }] }],
    identifier: [{ system: NHS_NUMBER_SYSTEM, value: '9991234047' }],
    ...changes,
  });

  it.each(['MTH', 'NMTH'])('recognises a %s as the mother and keeps her NHS number', (role) => {
    expect(normaliseRelatedPerson(person(role))).toEqual({
      ok: true,
      warnings: [],
      value: { patient: { kind: 'id', resourceId: 'baby' }, isMother: true, motherNhsNumber: '9991234047' },
    });
  });

  it('does not take a father for the mother', () => {
    const result = normaliseRelatedPerson(person('FTH'));
    expect(result.ok && result.value).toEqual({
      patient: { kind: 'id', resourceId: 'baby' },
      isMother: false,
    });
  });

  it('rejects a RelatedPerson without a patient', () => {
    const result = normaliseRelatedPerson(
      person('MTH', { patient: undefined as unknown as fhir4.Reference }),
    );
    expect(!result.ok && result.issues.map((issue) => issue.expression)).toEqual(['RelatedPerson.patient']);
  });

  it('rejects an invalid NHS number', () => {
    const result = normaliseRelatedPerson(
      person('MTH', { identifier: [{ system: NHS_NUMBER_SYSTEM, value: '9991234080' }] }),
    );
    expect(!result.ok && result.issues.map((issue) => issue.expression)).toEqual([
      'RelatedPerson.identifier[0].value',
    ]);
  });
});

describe('normaliseEncounter', () => {
  const wards: Record<string, string> = { 'Location/maternity-a': 'maternity-a' };
  const wardFor = (keys: readonly string[]) => keys.map((key) => wards[key]).find(Boolean);
  const encounter = (changes: Partial<fhir4.Encounter> = {}): fhir4.Encounter => ({
    resourceType: 'Encounter',
    status: 'in-progress',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
    subject: { reference: 'urn:uuid:5ee4a029-3352-5ffd-963f-d3df3e353e26' },
    period: { start: '2026-03-01T08:15:00+00:00' },
    location: [
      { location: { reference: 'Location/maternity-a', display: 'Maternity Ward A' }, status: 'active' },
      {
        location: { display: 'Bed 4' },
        status: 'active',
        physicalType: {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/location-physical-type', code: 'bd' }],
        },
      },
      { location: { reference: 'Location/delivery-suite' }, status: 'completed' },
    ],
    ...changes,
  });

  it('finds the ward and bed of the current locations', () => {
    const result = normaliseEncounter(encounter(), wardFor);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.value.subject).toEqual({
      kind: 'bundle',
      fullUrl: 'urn:uuid:5ee4a029-3352-5ffd-963f-d3df3e353e26',
    });
    expect(result.value.location).toEqual({
      wardId: 'maternity-a',
      bed: 'Bed 4',
      locationReferences: ['Location/maternity-a', 'Maternity Ward A', 'Bed 4'],
      active: true,
    });
    expect(result.value.event).toEqual(
      expect.objectContaining({
        kind: 'encounter',
        status: 'in-progress',
        occurredAt: '2026-03-01T08:15:00.000Z',
        codes: ['http://terminology.hl7.org/CodeSystem/v3-ActCode|IMP'],
      }),
    );
  });

  it('marks a finished encounter as not active', () => {
    const result = normaliseEncounter(encounter({ status: 'finished' }), wardFor);
    expect(result.ok && result.value.location.active).toBe(false);
  });

  it('rejects a start time without a time zone', () => {
    const result = normaliseEncounter(encounter({ period: { start: '2026-03-01T08:15:00' } }), wardFor);
    expect(!result.ok && result.issues.map((issue) => issue.expression)).toEqual(['Encounter.period.start']);
  });

  it('rejects an encounter without a subject', () => {
    const result = normaliseEncounter(encounter({ subject: undefined }), wardFor);
    expect(!result.ok && result.issues.map((issue) => issue.expression)).toEqual(['Encounter.subject']);
  });
});

describe('normaliseClinicalEvent', () => {
  const subject = { reference: 'Patient/p1' };

  it('turns a Condition into a condition event', () => {
    const result = normaliseClinicalEvent({
      resourceType: 'Condition',
      subject,
      code: { coding: [{ system: SNOMED, code: '398254007', display: 'Pre-eclampsia' }] },
      clinicalStatus: { coding: [{ code: 'active' }] },
      onsetDateTime: '2026-03-01T09:00:00Z',
    });
    expect(result).toEqual({
      ok: true,
      warnings: [],
      value: {
        subject: { kind: 'id', resourceId: 'p1' },
        event: {
          kind: 'condition',
          codes: [`${SNOMED}|398254007`],
          display: 'Pre-eclampsia',
          status: 'active',
          occurredAt: '2026-03-01T09:00:00.000Z',
        },
      },
    });
  });

  it('marks a Condition entered in error', () => {
    const result = normaliseClinicalEvent({
      resourceType: 'Condition',
      subject,
      code: { text: 'x' },
      clinicalStatus: { coding: [{ code: 'active' }] },
      verificationStatus: { coding: [{ code: 'entered-in-error' }] },
    });
    expect(result.ok && result.value.event.status).toBe('entered-in-error');
  });

  it('rejects a Condition without a code', () => {
    const result = normaliseClinicalEvent({ resourceType: 'Condition', subject });
    expect(!result.ok && result.issues.map((issue) => issue.expression)).toEqual(['Condition.code']);
  });

  it('turns a Procedure into a procedure event', () => {
    const result = normaliseClinicalEvent({
      resourceType: 'Procedure',
      status: 'completed',
      subject,
      code: { coding: [{ system: SNOMED, code: '11466000', display: 'Caesarean section' }] },
      performedPeriod: { start: '2026-03-01T09:00:00Z', end: '2026-03-01T10:00:00Z' },
    });
    expect(result.ok && result.value.event).toEqual({
      kind: 'procedure',
      codes: [`${SNOMED}|11466000`],
      display: 'Caesarean section',
      status: 'completed',
      occurredAt: '2026-03-01T09:00:00.000Z',
      endedAt: '2026-03-01T10:00:00.000Z',
      details: {},
    });
  });

  it('turns a MedicationAdministration into an event with its dosage', () => {
    const result = normaliseClinicalEvent({
      resourceType: 'MedicationAdministration',
      status: 'completed',
      subject,
      medicationCodeableConcept: { text: 'Magnesium sulfate' },
      effectiveDateTime: '2026-03-01T09:30:00Z',
      dosage: { text: '4 g IV over 5 minutes' },
    });
    expect(result.ok && result.value.event).toEqual(
      expect.objectContaining({
        kind: 'medication-administration',
        display: 'Magnesium sulfate',
        occurredAt: '2026-03-01T09:30:00.000Z',
        details: { dosage: '4 g IV over 5 minutes' },
      }),
    );
  });

  it('rejects a MedicationAdministration without the time it was given', () => {
    const result = normaliseClinicalEvent({
      resourceType: 'MedicationAdministration',
      status: 'completed',
      subject,
      medicationCodeableConcept: { text: 'Oxytocin' },
    });
    expect(!result.ok && result.issues.map((issue) => issue.expression)).toEqual([
      'MedicationAdministration.effective[x]',
    ]);
  });

  it('reads the patient of an EpisodeOfCare', () => {
    const result = normaliseClinicalEvent({
      resourceType: 'EpisodeOfCare',
      status: 'active',
      patient: { identifier: { system: NHS_NUMBER_SYSTEM, value: '9991234012' } },
      period: { start: '2026-02-01T00:00:00Z' },
    });
    expect(result.ok && result.value.subject).toEqual({ kind: 'nhs-number', nhsNumber: '9991234012' });
    expect(result.ok && result.value.event.kind).toBe('episode-of-care');
  });

  it('rejects a Procedure performed at a time without a zone', () => {
    const result = normaliseClinicalEvent({
      resourceType: 'Procedure',
      status: 'completed',
      subject,
      performedDateTime: '2026-03-01T09:00:00',
    });
    expect(!result.ok && result.issues.map((issue) => issue.expression)).toEqual(['Procedure.performed[x]']);
  });
});

describe('toCanonical', () => {
  it('converts 98.6 [degF] to 37 Cel', () => {
    const result = toCanonical('temperature', { value: 98.6, system: UCUM, code: '[degF]' });
    expect(result.ok).toBe(true);
    expect(result.ok && Math.abs(result.value - 37)).toBeLessThan(1e-9);
    expect(result.ok && result.unit).toBe('Cel');
  });

  it('keeps Cel as it is', () => {
    expect(toCanonical('temperature', { value: 36.9, system: UCUM, code: 'Cel' })).toEqual({
      ok: true,
      value: 36.9,
      unit: 'Cel',
    });
  });

  it('converts kPa to mm[Hg]', () => {
    const result = toCanonical('pressure', { value: 101.325, system: UCUM, code: 'kPa' });
    expect(result.ok && result.value).toBeCloseTo(760, 9);
  });

  it('rounds weeks of gestation to whole days', () => {
    expect(toCanonical('gestation', { value: 29.857, system: UCUM, code: 'wk' })).toEqual({
      ok: true,
      value: 209,
      unit: 'd',
    });
  });

  it('converts kg to g', () => {
    expect(toCanonical('mass', { value: 2.65, system: UCUM, code: 'kg' })).toEqual({
      ok: true,
      value: 2650,
      unit: 'g',
    });
  });

  it.each<[Parameters<typeof toCanonical>[0], string]>([
    ['beatsPerMinute', '/min'],
    ['beatsPerMinute', '{beats}/min'],
    ['breathsPerMinute', '/min'],
    ['breathsPerMinute', '{breaths}/min'],
  ])('accepts %s in %s', (family, unit) => {
    expect(toCanonical(family, { value: 80, system: UCUM, code: unit })).toEqual({
      ok: true,
      value: 80,
      unit: '/min',
    });
  });

  it.each<[Parameters<typeof toCanonical>[0], string]>([
    ['beatsPerMinute', '{breaths}/min'],
    ['breathsPerMinute', '{beats}/min'],
  ])('refuses %s in %s: the annotation names the other rate', (family, unit) => {
    expect(toCanonical(family, { value: 80, system: UCUM, code: unit })).toEqual(
      expect.objectContaining({ ok: false, element: 'code' }),
    );
  });

  it('blames the code when the unit code is missing', () => {
    expect(toCanonical('beatsPerMinute', { value: 80, system: UCUM, unit: 'per minute' })).toEqual(
      expect.objectContaining({ ok: false, element: 'code' }),
    );
  });

  it('blames the system when it is not UCUM', () => {
    expect(
      toCanonical('beatsPerMinute', { value: 80, system: 'http://example.org/units', code: '/min' }),
    ).toEqual(expect.objectContaining({ ok: false, element: 'system' }));
    expect(toCanonical('beatsPerMinute', { value: 80, code: '/min' })).toEqual(
      expect.objectContaining({ ok: false, element: 'system' }),
    );
  });

  it.each<[Parameters<typeof toCanonical>[0], string]>([
    ['beatsPerMinute', 'Cel'],
    ['percent', '/min'],
    ['temperature', 'K'],
    ['pressure', 'cm[H2O]'],
  ])('refuses a unit outside the %s whitelist (%s)', (family, unit) => {
    expect(toCanonical(family, { value: 1, system: UCUM, code: unit })).toEqual(
      expect.objectContaining({ ok: false, element: 'code' }),
    );
  });
});

describe('isValidNhsNumber', () => {
  it.each([
    '9991234012',
    '9991234039',
    '9991234047',
    '9991234071',
    '9991234098',
    '9991234020',
    '999 123 4012',
  ])('accepts %s', (value) => {
    expect(isValidNhsNumber(value)).toBe(true);
  });

  it.each(['9991234013', '9991234072', '999123401', '99912340120', '999123401X', 'abcdefghij', ''])(
    'refuses %s',
    (value) => {
      expect(isValidNhsNumber(value)).toBe(false);
    },
  );

  it('refuses every number whose check digit would be 10 (999123408x)', () => {
    for (let digit = 0; digit <= 9; digit += 1) expect(isValidNhsNumber(`999123408${digit}`)).toBe(false);
  });
});

describe('parseNotification', () => {
  const heartRate: fhir4.Observation = observation(
    HEART_RATE,
    { valueQuantity: quantity(84, '/min') },
    { id: 'hr1' },
  );
  const backportStatus = (type: string): fhir4.Parameters => ({
    resourceType: 'Parameters',
    parameter: [
      { name: 'subscription', valueReference: { reference: 'Subscription/beacon' } },
      { name: 'type', valueCode: type },
    ],
  });
  const subscriptionStatus = (type: string, focus?: string) => ({
    resourceType: 'SubscriptionStatus',
    status: 'active',
    type,
    subscription: { reference: 'Subscription/beacon' },
    ...(focus ? { notificationEvent: [{ eventNumber: '1', focus: { reference: focus } }] } : {}),
  });
  const bundle = (type: string, entry: unknown[]) => ({ resourceType: 'Bundle', type, entry });

  it.each([undefined, null, '', {}])('answers an empty body (%p) as a ping', (body) => {
    expect(parseNotification(body)).toEqual({ ok: true, kind: 'ping' });
  });

  it('turns an empty body on the update path into a fetch of the resource it names', () => {
    expect(parseNotification(undefined, { resourceType: 'Observation', id: 'hr1' })).toEqual({
      ok: true,
      kind: 'event',
      items: [{ kind: 'reference', resourceType: 'Observation', id: 'hr1' }],
    });
  });

  it('takes a bare resource as the changed resource', () => {
    expect(parseNotification(heartRate)).toEqual({
      ok: true,
      kind: 'event',
      items: [{ kind: 'resource', resource: heartRate }],
    });
  });

  it('takes the resource of the update path (PUT {type}/{id}), with the id of the URL', () => {
    const { id: _id, ...withoutId } = heartRate;
    expect(parseNotification(withoutId, { resourceType: 'Observation', id: 'hr9' })).toEqual({
      ok: true,
      kind: 'event',
      items: [{ kind: 'resource', resource: { ...withoutId, id: 'hr9' } }],
    });
  });

  it('refuses an update whose body names another id than its URL', () => {
    expect(parseNotification(heartRate, { resourceType: 'Observation', id: 'other' })).toEqual(
      expect.objectContaining({ ok: false, expression: 'id' }),
    );
  });

  it('refuses an update whose body is another resource type than its URL', () => {
    expect(parseNotification(heartRate, { resourceType: 'Patient', id: 'hr1' })).toEqual(
      expect.objectContaining({ ok: false }),
    );
  });

  it.each([[[heartRate]], ['a string'], [{ status: 'final' }]])(
    'refuses a body that is not a resource (%#)',
    (body) => {
      expect(parseNotification(body)).toEqual(
        expect.objectContaining({ ok: false, expression: 'resourceType' }),
      );
    },
  );

  it('reads a full-resource R4 backport history Bundle', () => {
    const parsed = parseNotification(
      bundle('history', [
        { fullUrl: 'urn:uuid:status', resource: backportStatus('event-notification') },
        { fullUrl: 'https://upstream.example/fhir/Observation/hr1', resource: heartRate },
      ]),
    );
    expect(parsed).toEqual({ ok: true, kind: 'event', items: [{ kind: 'resource', resource: heartRate }] });
  });

  it('reads an id-only R4 backport history Bundle (fullUrl only)', () => {
    const parsed = parseNotification(
      bundle('history', [
        { fullUrl: 'urn:uuid:status', resource: backportStatus('event-notification') },
        { fullUrl: 'https://upstream.example/fhir/Observation/hr1/_history/3' },
        { fullUrl: 'https://upstream.example/fhir/Patient/p1' },
      ]),
    );
    expect(parsed).toEqual({
      ok: true,
      kind: 'event',
      items: [
        { kind: 'reference', resourceType: 'Observation', id: 'hr1', versionId: '3' },
        { kind: 'reference', resourceType: 'Patient', id: 'p1' },
      ],
    });
  });

  it('refuses a notification entry with neither a resource nor a URL', () => {
    const parsed = parseNotification(
      bundle('history', [{ resource: backportStatus('event-notification') }, { search: { mode: 'match' } }]),
    );
    expect(parsed).toEqual(expect.objectContaining({ ok: false, expression: 'Bundle.entry[1]' }));
  });

  it('reads an id-only R4B/R5 subscription-notification whose focus is only in the SubscriptionStatus', () => {
    const parsed = parseNotification(
      bundle('subscription-notification', [
        {
          resource: subscriptionStatus('event-notification', 'https://upstream.example/fhir/Observation/hr2'),
        },
      ]),
    );
    expect(parsed).toEqual({
      ok: true,
      kind: 'event',
      items: [{ kind: 'reference', resourceType: 'Observation', id: 'hr2' }],
    });
  });

  it('reads a full-resource R4B/R5 subscription-notification', () => {
    const parsed = parseNotification(
      bundle('subscription-notification', [
        { resource: subscriptionStatus('event-notification', 'Observation/hr1') },
        { fullUrl: 'https://upstream.example/fhir/Observation/hr1', resource: heartRate },
      ]),
    );
    expect(parsed).toEqual({ ok: true, kind: 'event', items: [{ kind: 'resource', resource: heartRate }] });
  });

  it('answers an event notification that names nothing as a ping', () => {
    const parsed = parseNotification(
      bundle('subscription-notification', [{ resource: subscriptionStatus('event-notification') }]),
    );
    expect(parsed).toEqual({ ok: true, kind: 'ping' });
  });

  it.each([
    ['handshake', bundle('history', [{ resource: backportStatus('handshake') }])],
    ['heartbeat', bundle('history', [{ resource: backportStatus('heartbeat') }])],
    ['handshake', bundle('subscription-notification', [{ resource: subscriptionStatus('handshake') }])],
    ['heartbeat', bundle('subscription-notification', [{ resource: subscriptionStatus('heartbeat') }])],
  ])('recognises a %s', (kind, body) => {
    expect(parseNotification(body)).toEqual({ ok: true, kind });
  });

  it.each(['transaction', 'batch', 'collection', 'searchset'])('refuses a Bundle of type %s', (type) => {
    expect(parseNotification(bundle(type, [{ resource: heartRate }]))).toEqual(
      expect.objectContaining({ ok: false, expression: 'Bundle.type' }),
    );
  });

  it('refuses a notification Bundle whose first entry is not a status', () => {
    expect(parseNotification(bundle('history', [{ resource: heartRate }]))).toEqual(
      expect.objectContaining({ ok: false, expression: 'Bundle.entry[0]' }),
    );
  });
});

describe('deliveryAuthenticated', () => {
  const secret = 'notify-secret-0123456789';
  const body = Buffer.from('{"resourceType":"Bundle","type":"history"}');
  const signature = (key: string, bytes: Buffer) => createHmac('sha256', key).update(bytes).digest('hex');

  it('accepts the secret as a Bearer token', () => {
    expect(deliveryAuthenticated(secret, { authorization: `Bearer ${secret}` }, body)).toBe(true);
    expect(deliveryAuthenticated(secret, { authorization: `bearer ${secret}` }, body)).toBe(true);
  });

  it('refuses a wrong Bearer token', () => {
    expect(deliveryAuthenticated(secret, { authorization: 'Bearer notify-secret-9876543210' }, body)).toBe(
      false,
    );
    expect(deliveryAuthenticated(secret, { authorization: `Bearer ${secret}x` }, body)).toBe(false);
    expect(deliveryAuthenticated(secret, { authorization: `Basic ${secret}` }, body)).toBe(false);
  });

  it('accepts an X-Signature that is the hex HMAC-SHA256 of the raw body', () => {
    expect(deliveryAuthenticated(secret, { signature: signature(secret, body) }, body)).toBe(true);
    expect(deliveryAuthenticated(secret, { signature: signature(secret, body).toUpperCase() }, body)).toBe(
      true,
    );
  });

  it('refuses a signature made with another secret or over another body', () => {
    expect(deliveryAuthenticated(secret, { signature: signature('another-secret-0123', body) }, body)).toBe(
      false,
    );
    expect(deliveryAuthenticated(secret, { signature: signature(secret, Buffer.from('{}')) }, body)).toBe(
      false,
    );
    expect(deliveryAuthenticated(secret, { signature: 'not-hex' }, body)).toBe(false);
  });

  it('refuses a delivery without credentials', () => {
    expect(deliveryAuthenticated(secret, {}, body)).toBe(false);
  });

  it('never authenticates anything when the secret is empty', () => {
    expect(deliveryAuthenticated('', { authorization: 'Bearer ' }, body)).toBe(false);
    expect(deliveryAuthenticated('', { signature: signature('', body) }, body)).toBe(false);
    expect(deliveryAuthenticated('', { authorization: 'Bearer anything' }, body)).toBe(false);
  });
});
