import type { GestationRange } from '../gestation';
import type { EventType, InterventionId, LabourState } from './preterm-case';

/** Who is eligible (the audit measure's denominator). */
export type Eligibility =
  /** By gestation at birth (and, for NICE measures, the labour state). */
  | {
      readonly kind: 'gestation';
      readonly atBirth: GestationRange;
      readonly labourStates?: readonly LabourState[];
    }
  /** Birth on a NICU site: by gestation for singletons and multiples, or by weight at any gestation. */
  | {
      readonly kind: 'place-of-birth';
      readonly singletons: GestationRange;
      readonly multiples?: GestationRange;
      readonly weightBelowGrams?: {
        readonly grams: number;
        readonly measure: 'estimated-fetal-weight' | 'birth-weight';
      };
    }
  /** Women in a labour state at a gestation (gestation at labour, else at birth). */
  | { readonly kind: 'labour'; readonly states: readonly LabourState[]; readonly gestation: GestationRange }
  /** Babies of a gestation who needed invasive ventilation. */
  | { readonly kind: 'ventilated'; readonly atBirth: GestationRange };

/** What counts as given, and what meets the standard (the numerator). Times are in minutes; windows inclusive unless strict. */
export type Standard =
  | { readonly kind: 'born-on-nicu-site' }
  /** Any qualifying event before birth. */
  | { readonly kind: 'given-before-birth'; readonly events: readonly EventType[] }
  /** At least `doses` doses, every one within `withinMinutes` before birth. */
  | {
      readonly kind: 'course-before-birth';
      readonly events: readonly EventType[];
      readonly doses: number;
      readonly withinMinutes: number;
    }
  /** PERIPrem's optimal course: two doses 12–24 h apart, the second > 24 h and the first < 7 days before birth. */
  | {
      readonly kind: 'spaced-course-before-birth';
      readonly events: readonly EventType[];
      readonly gapMinutes: { readonly from: number; readonly to: number };
      readonly lastMoreThanMinutes: number;
      readonly firstLessThanMinutes: number;
    }
  /** A qualifying event between `fromMinutes` and `toMinutes` before birth (either end may be open). */
  | {
      readonly kind: 'window-before-birth';
      readonly events: readonly EventType[];
      readonly fromMinutes?: number;
      readonly toMinutes?: number;
      readonly strict: boolean;
    }
  /** A different standard per labour state (NICE QS135 measures a and b). */
  | { readonly kind: 'by-labour-state'; readonly states: Partial<Record<LabourState, Standard>> }
  /** The first qualifying event at least `minMinutes` after birth (cord clamping). */
  | { readonly kind: 'delay-after-birth'; readonly event: EventType; readonly minMinutes: number }
  /** The first qualifying event within `withinMinutes` after birth. */
  | {
      readonly kind: 'within-after-birth';
      readonly events: readonly EventType[];
      readonly withinMinutes: number;
    }
  /** The first temperature after the anchor, taken within the window and in range. */
  | {
      readonly kind: 'first-temperature';
      readonly anchor: 'birth' | 'neonatal-admission';
      readonly withinMinutes: number;
      readonly celsius: { readonly from: number; readonly to: number };
    }
  /** The first invasive ventilation in the given mode. */
  | { readonly kind: 'primary-ventilation-mode'; readonly mode: string };

export type DueAction = 'offer' | 'consider' | 'discuss' | 'give';

/** A prompt before birth: for a woman at this gestation now and in one of these labour states. */
export interface ProspectivePrompt {
  readonly gestationNow: GestationRange;
  readonly labourStates?: readonly LabourState[];
  /** Only when the rule's own eligibility holds at the gestation now (place of birth: by weight and plurality too). */
  readonly whenEligible?: boolean;
  readonly action: DueAction;
  /** `now`: as soon as possible; null: a window relative to a birth time not yet known (said in the reason). */
  readonly by: 'now' | null;
  readonly reason: string;
}

export interface InterventionRule {
  readonly intervention: InterventionId;
  readonly eligibility: Eligibility;
  readonly standard: Standard;
  /** Plain-language statement of the standard (the passport and the reasons use it). */
  readonly describe: string;
  readonly before?: readonly ProspectivePrompt[];
  /** The source row: [S..] tags as in clinical-rules.md. */
  readonly source: string;
  /** `verified`: transcribed from the retrieved source text; `unverified`: a choice Beacon made where it is silent. */
  readonly verification: 'verified' | 'unverified';
  /** What was chosen where the source is silent or the sources disagree (ambiguities A1–A12). */
  readonly choice?: string;
}

export interface PretermRuleSet {
  readonly id: string;
  readonly title: string;
  readonly source: string;
  readonly rules: readonly InterventionRule[];
}
