import { UCUM } from './code-systems';

/**
 * The units Beacon accepts for each kind of reading, and how each converts to the canonical unit. A whitelist on
 * purpose: a general UCUM converter would accept units that make no sense for the reading (hazard H3).
 */
export interface UnitRule {
  /** UCUM code as sent in valueQuantity.code. */
  readonly code: string;
  readonly toCanonical: (value: number) => number;
}

export interface UnitFamily {
  /** Canonical UCUM code, the unit stored readings are in. */
  readonly canonical: string;
  readonly accepted: readonly UnitRule[];
}

const same = (value: number) => value;
const KPA_TO_MMHG = 760 / 101.325;

export const UNITS = {
  // UCUM annotations ({beats}) carry no meaning to UCUM, but a heart rate in {breaths}/min is a mix-up to refuse.
  beatsPerMinute: {
    canonical: '/min',
    accepted: ['/min', '{beats}/min', '{beat}/min', '{Beats}/min'].map((code) => ({
      code,
      toCanonical: same,
    })),
  },
  breathsPerMinute: {
    canonical: '/min',
    accepted: ['/min', '{breaths}/min', '{breath}/min', '{Breaths}/min'].map((code) => ({
      code,
      toCanonical: same,
    })),
  },
  percent: { canonical: '%', accepted: [{ code: '%', toCanonical: same }] },
  temperature: {
    canonical: 'Cel',
    accepted: [
      { code: 'Cel', toCanonical: same },
      { code: '[degF]', toCanonical: (fahrenheit: number) => ((fahrenheit - 32) * 5) / 9 },
    ],
  },
  pressure: {
    canonical: 'mm[Hg]',
    accepted: [
      { code: 'mm[Hg]', toCanonical: same },
      { code: 'kPa', toCanonical: (kpa: number) => kpa * KPA_TO_MMHG },
    ],
  },
  gestation: {
    canonical: 'd',
    accepted: [
      // Gestation is kept in whole days (completed weeks + days), never as a fraction of a week.
      { code: 'wk', toCanonical: (weeks: number) => Math.round(weeks * 7) },
      { code: 'd', toCanonical: (days: number) => Math.round(days) },
    ],
  },
  mass: {
    canonical: 'g',
    accepted: [
      { code: 'g', toCanonical: same },
      { code: 'kg', toCanonical: (kg: number) => kg * 1000 },
    ],
  },
  ppm: { canonical: '[ppm]', accepted: [{ code: '[ppm]', toCanonical: same }] },
  oxygenFlow: {
    canonical: 'L/min',
    accepted: [
      { code: 'L/min', toCanonical: same },
      { code: 'l/min', toCanonical: same },
    ],
  },
} as const satisfies Record<string, UnitFamily>;

export type UnitFamilyId = keyof typeof UNITS;

export type UnitConversion =
  | { readonly ok: true; readonly value: number; readonly unit: string }
  | { readonly ok: false; readonly reason: string; readonly element: 'code' | 'system' };

/** Converts a FHIR Quantity to the canonical unit of its family, or says what is wrong with its unit. */
export function toCanonical(
  family: UnitFamilyId,
  quantity: { value: number; system?: string; code?: string; unit?: string },
): UnitConversion {
  const { canonical, accepted } = UNITS[family] as UnitFamily;
  const allowed = accepted.map((rule) => rule.code).join(', ');
  if (!quantity.code) {
    return {
      ok: false,
      element: 'code',
      reason: `the UCUM unit code is missing (expected one of ${allowed})`,
    };
  }
  if (quantity.system !== UCUM) {
    return {
      ok: false,
      element: 'system',
      reason: `the unit system must be ${UCUM} (got ${quantity.system ?? 'none'})`,
    };
  }
  const rule = accepted.find((candidate) => candidate.code === quantity.code);
  if (!rule)
    return {
      ok: false,
      element: 'code',
      reason: `unit "${quantity.code}" is not accepted here (expected one of ${allowed})`,
    };
  return { ok: true, value: rule.toCanonical(quantity.value), unit: canonical };
}
