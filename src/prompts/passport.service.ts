import { Injectable } from '@nestjs/common';
import { initialsOf } from '../clinical-record/patient.store';
import { AppConfig } from '../config/app-config';
import type { InterventionOutcome } from '../pathways';
import { INTERVENTION_EVENTS, PLAIN_LANGUAGE, evaluatePretermCase, pretermRuleSet } from '../pathways';
import { babyPretermCase } from './domain/pathway-cases';
import type { PassportIntervention, PassportStatus, PassportView } from '../contracts/passport.view';
import { PathwayRecordReader } from './persistence/pathway-record.reader';
import { PromptRepository } from './persistence/prompt.repository';
import { INTERVENTION_NAMES } from './prompts.service';

const STATUS_TEXT: Readonly<Record<PassportStatus, string>> = {
  done: 'Done',
  'done-late': 'Done, but not within the recommended time',
  due: 'Due now',
  'not-given': 'Not given',
  'not-needed': 'Not needed for this baby',
  'not-known': 'Not recorded yet',
};

function statusOf(outcome: InterventionOutcome, prompted: boolean): PassportStatus {
  if (outcome.eligible === false) return 'not-needed';
  if (outcome.received === true) return outcome.meetsStandard === false ? 'done-late' : 'done';
  if (prompted) return 'due';
  if (outcome.received === false) return 'not-given';
  return 'not-known';
}

/**
 * A baby's preterm passport: the nine interventions under the unit's rule set, each eligible or not, given or not,
 * on time or not, with what was recorded and when — in words a family can read, beside the clinical reasoning.
 */
@Injectable()
export class PassportService {
  constructor(
    private readonly prompts: PromptRepository,
    private readonly config: AppConfig,
    private readonly reader: PathwayRecordReader,
  ) {}

  async passport(babyId: string): Promise<PassportView | undefined> {
    const family = await this.reader.family(this.prompts.reader, babyId);
    const baby = family?.babies.find((candidate) => candidate.id === babyId);
    const row = await this.prompts.patient(babyId);
    if (!family || !baby || !row) return undefined;
    const ruleSetId = this.config.env.BEACON_PRETERM_RULE_SET;
    const ruleSet = pretermRuleSet(ruleSetId);
    const now = Date.now();
    const input = babyPretermCase(family, baby, now);
    const result = input ? evaluatePretermCase(ruleSetId, input) : undefined;
    if (!ruleSet || (result && 'error' in result)) return undefined;
    const prompts = await this.prompts.openPromptsOf(family.ids);
    const events = (input?.events ?? []) as { type: string; time: string; celsius?: number }[];
    const interventions = (result?.interventions ?? []).map((outcome): PassportIntervention => {
      const rule = ruleSet.rules.find((candidate) => candidate.intervention === outcome.intervention);
      const prompt = prompts.find((candidate) => candidate.prompt_code === `preterm/${outcome.intervention}`);
      const types: readonly string[] = INTERVENTION_EVENTS[outcome.intervention];
      const status = statusOf(outcome, prompt !== undefined);
      return {
        intervention: outcome.intervention,
        ...PLAIN_LANGUAGE[outcome.intervention],
        status,
        statusText: STATUS_TEXT[status],
        clinicalName: INTERVENTION_NAMES[outcome.intervention],
        eligible: outcome.eligible,
        received: outcome.received,
        meetsStandard: outcome.meetsStandard,
        reason: outcome.reason,
        standard: rule?.describe ?? null,
        verification: rule?.verification ?? null,
        recorded: events
          .filter((event) => types.includes(event.type))
          .map((event) => ({
            what: event.celsius === undefined ? event.type : `temperature ${event.celsius} °C`,
            at: event.time,
          })),
        prompt: prompt ? { title: prompt.title, dueAt: prompt.due_at?.toISOString() ?? null } : null,
      };
    });
    const gestation = input?.gestationAtBirth;
    const weight = input?.birthWeightGrams;
    return {
      baby: {
        id: babyId,
        initials: initialsOf(row.name),
        bed: row.bed,
        wardId: row.ward_id,
        birthTime: baby.birthTime !== null ? new Date(baby.birthTime).toISOString() : null,
        gestationAtBirth: typeof gestation === 'string' ? gestation : null,
        birthWeightGrams: typeof weight === 'number' ? weight : null,
      },
      ruleSet: { id: ruleSet.id, title: ruleSet.title, source: ruleSet.source },
      generatedAt: new Date(now).toISOString(),
      interventions,
    };
  }
}
