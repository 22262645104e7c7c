import type { FieldId } from './observation-set';

/** `verified`: transcribed from the cited source and checked against it. `unverified`: a placeholder. */
export type Verification = 'verified' | 'unverified';

export interface Source {
  readonly title: string;
  readonly url?: string;
  readonly date?: string;
  /** Where in the source, or in ../shared/clinical/clinical-rules.md, the value comes from. */
  readonly detail?: string;
}

/** The document a chart is transcribed from: what a clinician holds the chart against, line by line. */
export interface SourceDocument extends Source {
  readonly publisher: string;
  /** The edition or version as the publisher names it. */
  readonly version: string;
  readonly date: string;
  /** SHA-256 (hex) of the PDF transcribed from; null when the transcriber did not have it (sign-off then refuses). */
  readonly sha256: string | null;
}

/** Who a chart is for: a pregnant woman, a woman after birth, a baby, anyone else. */
export type PatientGroup = 'antenatal' | 'postnatal' | 'newborn' | 'adult';
export const PATIENT_GROUPS: readonly PatientGroup[] = ['antenatal', 'postnatal', 'newborn', 'adult'];

export type ClinicalRisk = 'low' | 'low-medium' | 'medium' | 'high';
export const CLINICAL_RISKS: readonly ClinicalRisk[] = ['low', 'low-medium', 'medium', 'high'];

/** Inclusive on both ends at the parameter's precision; bands are listed in ascending order. */
export interface NumericBand {
  readonly from: number;
  readonly to: number;
  readonly score: number;
}

export interface ChoiceBand {
  readonly values: readonly (string | number | boolean)[];
  readonly score: number;
}

/** Selector readings (for example SpO2 scale and air/oxygen) choose which band table applies. */
export type VariantCondition = Partial<Record<FieldId, string | number | boolean>>;

export interface NumericVariant {
  readonly when: VariantCondition;
  readonly bands: readonly NumericBand[];
}

interface ParameterCommon {
  readonly id: FieldId;
  readonly source: Source;
  readonly verification: Verification;
}

export interface NumericParameter extends ParameterCommon {
  readonly kind: 'number';
  /** Decimal places the chart is read at; readings are rounded half up to it before banding. */
  readonly precision: number;
  readonly variants: readonly NumericVariant[];
}

export interface ChoiceParameter extends ParameterCommon {
  readonly kind: 'choice';
  readonly bands: readonly ChoiceBand[];
}

export type ParameterDefinition = NumericParameter | ChoiceParameter;

export interface RiskRuleCondition {
  readonly totalAtLeast?: number;
  readonly anyParameterScoreAtLeast?: number;
}

/** Rules are read top to bottom; the first whose every condition holds decides. The last has no condition. */
export interface RiskRule {
  readonly when: RiskRuleCondition;
  readonly clinicalRisk: ClinicalRisk;
  readonly response: string;
  readonly source: Source;
  readonly verification: Verification;
}

export interface ResponseDefinition {
  readonly level: string;
  readonly who: string;
  readonly reviewWithinMinutes: number | null;
  /** Minimum observation frequency; null when monitoring is continuous. */
  readonly observationIntervalMinutes: number | null;
  readonly continuousMonitoring?: boolean;
  readonly source: Source;
  readonly verification: Verification;
}

export interface RiskLevelDefinition {
  readonly id: ClinicalRisk;
  readonly label: string;
  readonly escalate: boolean;
  /** Display colour (CSS) and a text cue so colour is never the only cue. */
  readonly colour: string;
}

export interface ChartDefinition {
  readonly id: string;
  readonly version: string;
  readonly title: string;
  readonly population: string;
  /** The patient groups the chart is validated for; a ward may not use it for anyone else. */
  readonly suitableFor: readonly PatientGroup[];
  /** Path of the file that defines this chart (set by the loader, not written in the file). */
  readonly file: string;
  readonly source: SourceDocument;
  readonly verification: Verification;
  /** What is unverified and what replaces it. Required for an unverified chart. */
  readonly verificationNote?: string;
  /** What the transcriber wants the next reader to know (what is sourced, what is a placeholder). */
  readonly notes?: readonly string[];
  readonly parameters: readonly ParameterDefinition[];
  /** Ordered from the lowest to the highest risk. */
  readonly riskLevels: readonly RiskLevelDefinition[];
  readonly rules: readonly RiskRule[];
  /** Ordered from the most to the least urgent. */
  readonly responses: readonly ResponseDefinition[];
  /** A recorded worry or concern escalates by itself to at least this response. */
  readonly concern: {
    readonly response: string;
    readonly source: Source;
    readonly verification: Verification;
  };
  /** How a set with missing readings is treated (always: score what is present and list what is missing). */
  readonly missingReadings: string;
  /** Display colour per parameter score. */
  readonly scoreColours: Readonly<Record<number, string>>;
}
