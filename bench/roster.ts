import type { Vitals } from '../src/simulator/fhir-bundles';
import { admissionBundle, observationBundle } from '../src/simulator/fhir-bundles';

export interface BenchPatient {
  /** The EPR's id for her (Patient/<sourceId> in every Bundle). */
  readonly sourceId: string;
  readonly wardId: string;
  /** Unique within the ward: screen events are matched to requests by ward, bed and set time. */
  readonly bed: string;
  /** On a ward whose patients are babies by default (scored on the newborn chart). */
  readonly newborn: boolean;
}

/** Identifies one observation set on a screen: ward, bed and the set's effective time. */
export const setKey = (wardId: string, bed: string | null, effectiveAt: string): string =>
  `${wardId}|${bed ?? ''}|${effectiveAt}`;

export function benchRoster(
  wards: readonly { readonly id: string; readonly newborn: boolean }[],
  perWard: number,
  runId: string,
): BenchPatient[] {
  return wards.flatMap((ward) =>
    Array.from({ length: perWard }, (_, index) => ({
      sourceId: `bench-${runId}-${ward.id}-${index + 1}`,
      wardId: ward.id,
      bed: `Bench ${index + 1}`,
      newborn: ward.newborn,
    })),
  );
}

const WELL_SIGNS = {
  colour: 'normal',
  feeding: 'normal',
  tone: 'normal',
  respiratoryDistress: 'none',
} as const;
export const STEADY: Vitals = {
  respiratoryRate: 16,
  heartRate: 82,
  oxygenSaturation: 98,
  temperature: 36.8,
  systolicBP: 118,
  diastolicBP: 74,
  consciousness: 'A',
};
/** Scores on every chart in use, so alerts are raised (and later improve or resolve) as well as scores sent. */
export const UNWELL: Vitals = {
  ...STEADY,
  respiratoryRate: 26,
  heartRate: 124,
  temperature: 38.4,
  systolicBP: 96,
};
const STEADY_BABY: Vitals = { respiratoryRate: 44, heartRate: 136, temperature: 36.9, ...WELL_SIGNS };
const UNWELL_BABY: Vitals = { ...STEADY_BABY, respiratoryRate: 68, heartRate: 176, temperature: 38.2 };
/** Every UNWELL_EVERY-th set of a patient is unwell. */
const UNWELL_EVERY = 5;

/** The set a patient has at her n-th Bundle (n = 0, 1, …): mostly steady, with a regular unwell one. */
export function vitalsAt(patient: BenchPatient, n: number): Vitals {
  const unwell = n % UNWELL_EVERY === UNWELL_EVERY - 1;
  if (patient.newborn) return unwell ? UNWELL_BABY : STEADY_BABY;
  return unwell ? UNWELL : STEADY;
}

export function admission(patient: BenchPatient, at: string): Record<string, unknown> {
  return admissionBundle(patient.sourceId, patient.wardId, vitalsAt(patient, 0), at, patient.bed);
}

export function setBundle(patient: BenchPatient, n: number, at: string): Record<string, unknown> {
  return observationBundle(patient.sourceId, vitalsAt(patient, n), at);
}
