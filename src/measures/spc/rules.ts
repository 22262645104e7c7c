/**
 * The statistical process control rules Beacon applies, as NHS England's "Making Data Count" (MDC) states them.
 * Each constant names the guidance it comes from, so a reviewer can check it against the source.
 *
 * Sources:
 * - MDC-2019: NHS England and NHS Improvement, "Making data count: strengthening your decisions" (2019),
 *   https://www.england.nhs.uk/publication/making-data-count/ — sections "Getting the most from SPC" (the rules)
 *   and "Using summary icons" (the variation and assurance icons).
 * - MDC-2018: NHS Improvement, "Making data count" (May 2018), the getting-started guide — XmR process limits.
 * - NHSR: NHS-R Community, NHSRplotthedots (R package implementing MDC),
 *   https://github.com/nhs-r-community/NHSRplotthedots — used to cross-check how the rules treat ties and edges.
 * - Provost & Murray, "The Health Care Data Guide" (2011), ch. 5 — the p-chart (limits from each subgroup's size).
 */
export const SPC_SOURCES = {
  'MDC-2019':
    'NHS England and NHS Improvement, "Making data count: strengthening your decisions" (2019), https://www.england.nhs.uk/publication/making-data-count/',
  'MDC-2018':
    'NHS Improvement, "Making data count" (May 2018), https://www.england.nhs.uk/publication/making-data-count/',
  NHSR: 'NHS-R Community, NHSRplotthedots, https://github.com/nhs-r-community/NHSRplotthedots',
  'PROVOST-MURRAY-2011':
    'Provost LP, Murray SK. The Health Care Data Guide. Jossey-Bass, 2011, chapter 5 (p-chart).',
} as const;

export type SpcSourceId = keyof typeof SPC_SOURCES;

export interface SpcRule<Id extends string> {
  readonly id: Id;
  readonly description: string;
  readonly source: SpcSourceId;
}

/**
 * XmR process limits: mean ± 2.66 × the mean moving range (MDC-2018, "process limits"; 2.66 = 3 / d2 with
 * d2 = 1.128 for ranges of two consecutive points). Beacon does not screen large moving ranges out first.
 */
export const XMR_LIMIT_FACTOR = 2.66;

/** p-chart: p̄ ± 3 × √(p̄(1 − p̄) / nᵢ) for each period's denominator nᵢ, never outside [0, 1] (PROVOST-MURRAY-2011). */
export const P_CHART_SIGMAS = 3;

/** MDC uses 7 for both runs: 7 or more points on one side of the mean, 7 or more points all rising or all falling. */
export const SHIFT_RUN_LENGTH = 7;
export const TREND_RUN_LENGTH = 7;

/**
 * "Close to a limit": beyond two thirds of the distance from the mean to a limit (the 2-sigma line when the limits
 * are at 3 sigma) but not beyond the limit itself (NHSR's reading of MDC-2019).
 */
export const NEAR_LIMIT_FRACTION = 2 / 3;

export type SpcSignal = 'outside-limits' | 'shift' | 'trend' | 'two-of-three';

export const SPC_RULES: readonly SpcRule<SpcSignal>[] = [
  {
    id: 'outside-limits',
    description: 'A single point above the upper or below the lower process limit.',
    source: 'MDC-2019',
  },
  {
    id: 'shift',
    description: `A run of ${SHIFT_RUN_LENGTH} or more consecutive points all above or all below the mean (a point on the mean breaks the run).`,
    source: 'MDC-2019',
  },
  {
    id: 'trend',
    description: `A run of ${TREND_RUN_LENGTH} or more consecutive points each higher (or each lower) than the one before (an equal value breaks the run).`,
    source: 'MDC-2019',
  },
  {
    id: 'two-of-three',
    description:
      'Two of three consecutive points close to the same process limit (beyond two thirds of the way from the mean), all three on that side of the mean.',
    source: 'MDC-2019',
  },
];

/** The variation icons of MDC-2019 ("Using summary icons"); "neither" when no direction of improvement is given. */
export type SpcVariation =
  | 'common-cause'
  | 'special-cause-improving'
  | 'special-cause-concerning'
  | 'special-cause-neither-high'
  | 'special-cause-neither-low';

/**
 * The assurance icons of MDC-2019: the target outside the latest limits on the good side always passes, on the bad
 * side always fails, between them hit and miss. null when no target (or no direction) was given.
 */
export type SpcAssurance = 'pass' | 'fail' | 'hit-and-miss' | null;
