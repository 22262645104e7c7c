import type { Vitals } from './fhir-bundles';

/*
 * The cast of `npm run demo` (data): twelve women on Maternity Ward A and six babies on Transitional Care, with
 * their usual observations and what happens to them. All fictional. ward-scenario.ts plays them.
 */

/** What happens to a patient during the demo. */
export type DemoStory =
  /** Normal observations every few ticks. */
  | 'stable'
  /** Antenatal sepsis picture: a set every tick, rising heart rate, respiratory rate and temperature, falling BP. */
  | 'deteriorating'
  /** Normal vitals, but worry or concern recorded at an early tick. */
  | 'concern'
  /** Her last set is older than her observation interval plus the grace period, and no new set comes. */
  | 'overdue'
  /** A baby who starts feeding less and breathing faster (NEWTT2 amber) part-way through. */
  | 'newborn-amber';

export type Woman = {
  readonly given: string;
  readonly family: string;
  readonly birthDate: string;
  readonly story: Exclude<DemoStory, 'newborn-amber'>;
  /** Resting observations, inside the zero bands of MEWS with room for the natural variation. */
  readonly usual: Vitals;
  /** 'overdue': older than her observation interval plus the ward's grace period. */
  readonly lastSetMinutesAgo: number | 'overdue';
  readonly earlierSets: 2 | 3;
} & (
  | { readonly pregnancy: { readonly gestationDays: number } }
  | { readonly delivery: { readonly hoursAgo: number; readonly text: string } }
);

export interface Baby {
  readonly family: string;
  readonly gender: 'female' | 'male';
  readonly motherBed: number;
  readonly story: 'stable' | 'newborn-amber';
  readonly usual: Vitals;
  readonly lastSetMinutesAgo: number;
}

const ALERT = 'A' as const;
const WELL_BABY = {
  colour: 'normal',
  feeding: 'normal',
  tone: 'normal',
  respiratoryDistress: 'none',
} as const;

/** Beds 1–12 of Maternity Ward A, in order. */
export const WOMEN: readonly Woman[] = [
  {
    given: 'Amelia',
    family: 'Hughes',
    birthDate: '1993-04-18',
    story: 'stable',
    pregnancy: { gestationDays: 34 * 7 + 2 },
    usual: vitals(82, 16, 36.7, 118, 74, 98),
    lastSetMinutesAgo: 35,
    earlierSets: 3,
  },
  {
    given: 'Priya',
    family: 'Sharma',
    birthDate: '1990-11-02',
    story: 'stable',
    delivery: { hoursAgo: 30, text: 'Spontaneous vaginal delivery' },
    usual: vitals(88, 17, 36.9, 112, 70, 97),
    lastSetMinutesAgo: 80,
    earlierSets: 3,
  },
  {
    given: 'Chloe',
    family: 'Bennett',
    birthDate: '1996-08-23',
    story: 'deteriorating',
    pregnancy: { gestationDays: 31 * 7 + 5 },
    usual: vitals(90, 16, 37.0, 112, 70, 98),
    lastSetMinutesAgo: 60,
    earlierSets: 3,
  },
  {
    given: 'Fatima',
    family: 'Begum',
    birthDate: '1988-02-14',
    story: 'stable',
    delivery: { hoursAgo: 51, text: 'Caesarean section' },
    usual: vitals(76, 15, 36.6, 124, 80, 98),
    lastSetMinutesAgo: 125,
    earlierSets: 3,
  },
  {
    given: 'Rhiannon',
    family: 'Evans',
    birthDate: '1998-06-30',
    story: 'concern',
    pregnancy: { gestationDays: 38 * 7 + 4 },
    usual: vitals(84, 16, 36.8, 116, 72, 99),
    lastSetMinutesAgo: 50,
    earlierSets: 2,
  },
  {
    given: 'Grace',
    family: 'Okafor',
    birthDate: '1985-09-09',
    story: 'stable',
    delivery: { hoursAgo: 80, text: 'Forceps delivery' },
    usual: vitals(92, 18, 37.0, 108, 66, 97),
    lastSetMinutesAgo: 150,
    earlierSets: 2,
  },
  {
    given: 'Megan',
    family: 'Clarke',
    birthDate: '2001-01-27',
    story: 'overdue',
    pregnancy: { gestationDays: 27 * 7 + 1 },
    usual: vitals(80, 16, 36.7, 120, 76, 98),
    lastSetMinutesAgo: 'overdue',
    earlierSets: 2,
  },
  {
    given: 'Zofia',
    family: 'Nowak',
    birthDate: '1992-05-05',
    story: 'stable',
    delivery: { hoursAgo: 18, text: 'Spontaneous vaginal delivery' },
    usual: vitals(96, 17, 37.1, 110, 68, 97),
    lastSetMinutesAgo: 95,
    earlierSets: 3,
  },
  {
    given: 'Hannah',
    family: 'Murphy',
    birthDate: '1994-12-12',
    story: 'stable',
    pregnancy: { gestationDays: 40 * 7 + 6 },
    usual: vitals(86, 15, 36.8, 128, 82, 98),
    lastSetMinutesAgo: 20,
    earlierSets: 3,
  },
  {
    given: 'Aisha',
    family: 'Rahman',
    birthDate: '1991-03-21',
    story: 'stable',
    delivery: { hoursAgo: 98, text: 'Spontaneous vaginal delivery' },
    usual: vitals(74, 14, 36.5, 122, 78, 99),
    lastSetMinutesAgo: 170,
    earlierSets: 2,
  },
  {
    given: 'Sophie',
    family: 'Walsh',
    birthDate: '1999-10-10',
    story: 'stable',
    pregnancy: { gestationDays: 24 * 7 + 3 },
    usual: vitals(90, 16, 36.9, 106, 64, 98),
    lastSetMinutesAgo: 110,
    earlierSets: 3,
  },
  {
    given: 'Emily',
    family: 'Turner',
    birthDate: '1987-07-07',
    story: 'stable',
    delivery: { hoursAgo: 121, text: 'Caesarean section' },
    usual: vitals(78, 15, 36.6, 130, 84, 98),
    lastSetMinutesAgo: 140,
    earlierSets: 2,
  },
];

/** Cots 1–6 of Transitional Care: the babies of the six postnatal women. */
export const BABIES: readonly Baby[] = [
  {
    family: 'Sharma',
    gender: 'female',
    motherBed: 2,
    story: 'stable',
    usual: newborn(36.9, 138, 44),
    lastSetMinutesAgo: 40,
  },
  {
    family: 'Begum',
    gender: 'male',
    motherBed: 4,
    story: 'stable',
    usual: newborn(37.0, 130, 40),
    lastSetMinutesAgo: 100,
  },
  {
    family: 'Okafor',
    gender: 'female',
    motherBed: 6,
    story: 'stable',
    usual: newborn(36.8, 142, 46),
    lastSetMinutesAgo: 70,
  },
  {
    family: 'Nowak',
    gender: 'male',
    motherBed: 8,
    story: 'newborn-amber',
    usual: newborn(36.9, 134, 48),
    lastSetMinutesAgo: 130,
  },
  {
    family: 'Rahman',
    gender: 'female',
    motherBed: 10,
    story: 'stable',
    usual: newborn(37.0, 126, 42),
    lastSetMinutesAgo: 25,
  },
  {
    family: 'Turner',
    gender: 'male',
    motherBed: 12,
    story: 'stable',
    usual: newborn(36.9, 132, 38),
    lastSetMinutesAgo: 160,
  },
];

/** Where the deteriorating woman ends up: MEWS high (placeholder bands), a sepsis picture. */
export const SEPTIC: Vitals = vitals(136, 29, 38.9, 86, 48, 94);
/** The amber baby from NEWBORN_AMBER_TICK: feeding reduced and breathing a little fast (two NEWTT2 ambers). */
export const AMBER_BABY: Vitals = { ...newborn(37.2, 150, 66), feeding: 'reduced' };

function vitals(hr: number, rr: number, temp: number, sys: number, dia: number, spo2: number): Vitals {
  return {
    heartRate: hr,
    respiratoryRate: rr,
    temperature: temp,
    systolicBP: sys,
    diastolicBP: dia,
    oxygenSaturation: spo2,
    consciousness: ALERT,
  };
}

function newborn(temp: number, hr: number, rr: number): Vitals {
  return { temperature: temp, heartRate: hr, respiratoryRate: rr, ...WELL_BABY };
}
