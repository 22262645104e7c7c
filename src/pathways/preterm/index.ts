export type { DuePrompt, InterventionOutcome, PretermResult } from './evaluate';
export { PRETERM_RULE_SET_IDS, evaluatePretermCase, pretermRuleSet } from './evaluate';
export type { EventType, InterventionId, LabourState, PretermCase } from './preterm-case';
export { EVENT_TYPES, INTERVENTIONS, LABOUR_STATES, parsePretermCase } from './preterm-case';
export type { InterventionRule, PretermRuleSet } from './rule';
export { PRETERM_RULE_SETS } from './rule-sets';
export { INTERVENTION_EVENTS, PLAIN_LANGUAGE } from './passport';
