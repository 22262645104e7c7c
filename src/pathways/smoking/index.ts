export {
  SMOKING_RULE_SET_IDS,
  SMOKING_RULE_SETS,
  applySmokingRules,
  evaluateSmokingCase,
  isSmokingRuleSetId,
  parseSmokingCase,
} from './evaluate';
export type {
  ParsedSmokingCase,
  SmokingCase,
  SmokingPrompt,
  SmokingResult,
  SmokingRuleSetId,
} from './evaluate';
export { APPOINTMENTS, SELF_REPORTS, SMOKING_FLAGS, ng209RuleSet } from './ng209.rules';
export type {
  Appointment,
  SelfReport,
  SmokingCondition,
  SmokingDecision,
  SmokingEffect,
  SmokingFlag,
  SmokingRule,
  SmokingRuleSet,
  Verification,
} from './ng209.rules';
export { SMOKING_PROMPT_TITLES } from './titles';
