import type { ClinicalEventFacts } from '../../clinical-record/clinical-record.types';
import type { EventType, LabourState } from '../../pathways';
import { BEACON_CODE_SYSTEM_BASE, SNOMED, codeKey } from './code-systems';

/**
 * Which Conditions, Procedures, MedicationAdministrations and Encounters are preterm-pathway events (issue 6), as
 * data. No national value set names them (clinical-rules.md blocker B4 covers only observations; the MatNeoSIP
 * measures are defined on NNAP/MSDS fields, not on FHIR codes), so Beacon's own CodeSystem `pathway-event` is the
 * integration contract: an EPR adds a Beacon coding next to its own. A few SNOMED CT concepts are accepted too;
 * they are marked `unverified` because no terminology source was retrieved for them (a terminology review should
 * confirm them and add the dm+d products an EPR actually sends). Nothing is inferred from free text.
 */

export const BEACON_PATHWAY_EVENT = `${BEACON_CODE_SYSTEM_BASE}/pathway-event`;

export type PathwayMeaning =
  | { readonly kind: 'event'; readonly event: EventType; readonly mode?: string }
  | { readonly kind: 'labour'; readonly state: LabourState }
  | { readonly kind: 'membranes-ruptured' }
  | { readonly kind: 'referral'; readonly service: 'stop-smoking' };

export interface PathwayCode {
  readonly system: string;
  readonly code: string;
  readonly display: string;
  readonly means: PathwayMeaning;
  /** `beacon`: Beacon's own code (the contract). `unverified`: a national code not checked against a source. */
  readonly verification: 'beacon' | 'unverified';
}

const beacon = (code: string, display: string, means: PathwayMeaning): PathwayCode => ({
  system: BEACON_PATHWAY_EVENT,
  code,
  display,
  means,
  verification: 'beacon',
});
const snomed = (code: string, display: string, means: PathwayMeaning): PathwayCode => ({
  system: SNOMED,
  code,
  display,
  means,
  verification: 'unverified',
});

export const PATHWAY_CODES: readonly PathwayCode[] = [
  beacon('antenatal-corticosteroid', 'Antenatal corticosteroid dose', {
    kind: 'event',
    event: 'corticosteroid-dose',
  }),
  beacon('magnesium-sulphate-loading', 'Magnesium sulphate loading dose (neuroprotection)', {
    kind: 'event',
    event: 'magnesium-sulphate-loading',
  }),
  beacon('magnesium-sulphate-infusion', 'Magnesium sulphate maintenance infusion (neuroprotection)', {
    kind: 'event',
    event: 'magnesium-sulphate-infusion',
  }),
  beacon('intrapartum-antibiotics', 'Intrapartum antibiotic prophylaxis', {
    kind: 'event',
    event: 'intrapartum-antibiotics',
  }),
  beacon('cord-clamped', 'Umbilical cord clamped', { kind: 'event', event: 'cord-clamped' }),
  beacon('neonatal-admission', 'Admission to a neonatal unit', {
    kind: 'event',
    event: 'neonatal-admission',
  }),
  beacon('caffeine', 'Caffeine (citrate) started', { kind: 'event', event: 'caffeine' }),
  beacon('maternal-breast-milk', "First feed of the mother's own breast milk", {
    kind: 'event',
    event: 'maternal-breast-milk',
  }),
  beacon('invasive-ventilation', 'Invasive ventilation', { kind: 'event', event: 'invasive-ventilation' }),
  beacon('volume-targeted-ventilation', 'Invasive ventilation, volume-targeted synchronised mode', {
    kind: 'event',
    event: 'invasive-ventilation',
    mode: 'volume-targeted-synchronised',
  }),
  beacon('preterm-labour-suspected', 'Suspected (threatened) preterm labour', {
    kind: 'labour',
    state: 'suspected',
  }),
  beacon('preterm-labour-diagnosed', 'Diagnosed preterm labour', { kind: 'labour', state: 'diagnosed' }),
  beacon('preterm-labour-established', 'Established preterm labour', {
    kind: 'labour',
    state: 'established',
  }),
  beacon('planned-preterm-birth', 'Planned preterm birth', { kind: 'labour', state: 'planned-birth' }),
  beacon('preterm-prelabour-rupture-of-membranes', 'Preterm prelabour rupture of membranes', {
    kind: 'membranes-ruptured',
  }),
  beacon('stop-smoking-referral', 'Opt-out referral to a stop smoking service', {
    kind: 'referral',
    service: 'stop-smoking',
  }),
  snomed('387202002', 'Magnesium sulfate (substance)', {
    kind: 'event',
    event: 'magnesium-sulphate-loading',
  }),
  snomed('116571008', 'Betamethasone (substance)', { kind: 'event', event: 'corticosteroid-dose' }),
  snomed('372584003', 'Dexamethasone (substance)', { kind: 'event', event: 'corticosteroid-dose' }),
  snomed('6383007', 'Premature labor (disorder)', { kind: 'labour', state: 'diagnosed' }),
];

const BY_KEY = new Map(PATHWAY_CODES.map((entry) => [codeKey(entry.system, entry.code), entry]));

/** Statuses of an event that mean it did not happen (or is withdrawn). */
const NOT_HAPPENED = new Set([
  'entered-in-error',
  'not-done',
  'cancelled',
  'preparation',
  'on-hold',
  'unknown',
  'resolved',
  'inactive',
  'remission',
]);

/** A magnesium sulphate administration longer than this is the maintenance infusion (a loading dose takes ~15 min). */
const INFUSION_LONGER_THAN_MS = 60 * 60_000;

/**
 * What a stored clinical event means for the pathways; undefined when nothing. A Beacon coding wins over a SNOMED
 * one. Magnesium sulphate coded only by substance counts as the infusion when given over more than an hour, as the
 * loading dose otherwise (Beacon's choice; the Beacon codes say which it was).
 */
export function pathwayMeaning(
  event: Pick<ClinicalEventFacts, 'codes' | 'status' | 'occurredAt' | 'endedAt'>,
): PathwayMeaning | undefined {
  if (event.status && NOT_HAPPENED.has(event.status)) return undefined;
  const matches = event.codes.flatMap((code) => BY_KEY.get(code) ?? []);
  const entry = matches.find((match) => match.verification === 'beacon') ?? matches[0];
  if (!entry) return undefined;
  const { means } = entry;
  if (
    entry.verification !== 'beacon' &&
    means.kind === 'event' &&
    means.event === 'magnesium-sulphate-loading' &&
    event.occurredAt &&
    event.endedAt &&
    Date.parse(event.endedAt) - Date.parse(event.occurredAt) > INFUSION_LONGER_THAN_MS
  )
    return { kind: 'event', event: 'magnesium-sulphate-infusion' };
  return means;
}
