import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import type { DuePrompt, InterventionId } from '../pathways';
import {
  INTERVENTION_EVENTS,
  SMOKING_PROMPT_TITLES,
  evaluatePretermCase,
  evaluateSmokingCase,
  ng209RuleSet,
  pretermRuleSet,
} from '../pathways';
import { outboxMessage } from '../queue/outbox';
import { JobName } from '../queue/queue.constants';
import type { PromptDetail } from '../contracts/alert.view';
import type { UnitOfWork } from '../database/unit-of-work';
import { Transactions } from '../database/unit-of-work';
import type { FamilyRecord, PersonRecord } from './domain/pathway-cases';
import { babyPretermCase, motherPretermCase, smokingCase } from './domain/pathway-cases';
import type { PromptDecision, PromptFacts, WantedPrompt } from './domain/prompt-policy';
import { reconcilePrompts } from './domain/prompt-policy';
import { PromptAlerts } from './prompt-alerts.service';
import type { AlertEntity } from '../alerts/persistence/alert.entity';
import type { Family } from './persistence/pathway-record.reader';
import { PathwayRecordReader } from './persistence/pathway-record.reader';
import { PromptRepository } from './persistence/prompt.repository';

const DAY_MS = 24 * 3600_000;
/** Babies are prompted for while their after-birth windows can still be open (the longest is 72 h). */
const BABY_PROMPT_DAYS = 7;
/** A pregnancy's prompts, once recorded or missed, are not raised again within this long. */
const PREGNANCY_EPISODE_DAYS = 300;

export const INTERVENTION_NAMES: Readonly<Record<InterventionId, string>> = {
  'place-of-birth': 'Place of birth',
  'antenatal-corticosteroids': 'Antenatal corticosteroids',
  'magnesium-sulphate': 'Magnesium sulphate',
  'intrapartum-antibiotics': 'Intrapartum antibiotics',
  'optimal-cord-management': 'Optimal cord management',
  normothermia: 'Normothermia',
  'maternal-breast-milk': "Mother's breast milk",
  caffeine: 'Caffeine',
  'volume-targeted-ventilation': 'Volume-targeted ventilation',
};

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Pathway prompts: after anything changes in a family's record (a mother, her babies), evaluates the preterm
 * optimisation rule set (BEACON_PRETERM_RULE_SET) and NICE NG209, and raises, updates and closes the prompt alerts
 * (src/prompts/domain/prompt-policy.ts decides). Prompts with a deadline get a timer, so a window that passes with
 * nothing recorded is recorded as missed.
 */
@Injectable()
export class PromptsService {
  constructor(
    private readonly config: AppConfig,
    private readonly transactions: Transactions,
    private readonly alerts: PromptAlerts,
    private readonly reader: PathwayRecordReader,
    private readonly prompts: PromptRepository,
  ) {}

  private get ruleSetId(): string {
    return this.config.env.BEACON_PRETERM_RULE_SET;
  }

  /** Re-evaluates the pathways of the patient's family, in its own transaction (serialised per family). */
  async evaluate(patientId: string): Promise<{ decisions: number }> {
    return this.transactions.run(async (manager, unit) => {
      const root = await this.reader.familyRoot(manager, patientId);
      if (!root) return { decisions: 0 };
      await this.prompts.lockFamily(manager, root);
      const family = await this.reader.family(manager, patientId);
      if (!family) return { decisions: 0 };
      const people = [...(family.mother ? [family.mother] : []), ...family.babies];
      await this.prompts.lockOpenPromptsOf(
        manager,
        people.map((person) => person.id),
      );
      const now = Math.floor(Date.now() / 1000) * 1000;
      let decisions = 0;
      for (const person of people) decisions += await this.evaluatePerson(manager, family, person, now, unit);
      return { decisions };
    });
  }

  private wantedFor(
    family: FamilyRecord,
    person: PersonRecord,
    now: number,
  ): {
    wanted: WantedPrompt[];
    smokingSince?: number;
  } {
    const isMother = person.id === family.mother?.id;
    const wanted: WantedPrompt[] = [];
    const preterm = isMother
      ? motherPretermCase(family, now)
      : person.birthTime !== null && now - person.birthTime <= BABY_PROMPT_DAYS * DAY_MS
        ? babyPretermCase(family, person, now)
        : undefined;
    if (preterm) {
      const result = evaluatePretermCase(this.ruleSetId, preterm);
      if ('error' in result) throw new Error(`preterm case of patient ${person.id}: ${result.error}`);
      wanted.push(...result.due.map((due) => this.pretermPrompt(due, now)));
    }
    if (!isMother) return { wanted };
    const smoking = smokingCase(family, now);
    if (!smoking) return { wanted };
    const result = evaluateSmokingCase(ng209RuleSet.id, smoking.case);
    if ('error' in result) throw new Error(`smoking case of patient ${person.id}: ${result.error}`);
    for (const prompt of result.prompts) {
      const rule = ng209RuleSet.rules.find(
        (candidate) => candidate.then.kind === 'prompt' && candidate.then.code === prompt.code,
      );
      wanted.push({
        code: `smoking/${prompt.code}`,
        pathway: 'smoking',
        title: SMOKING_PROMPT_TITLES[prompt.code] ?? prompt.code,
        text: prompt.text,
        action: prompt.code === 'opt-out-referral' ? 'refer' : 'do',
        dueAt: null,
        ruleSet: ng209RuleSet.id,
        source: rule?.source ?? ng209RuleSet.source,
        verification: rule?.verification ?? 'unverified',
        staffMayRecord: true,
      });
    }
    return { wanted, smokingSince: smoking.since };
  }

  private pretermPrompt(due: DuePrompt, now: number): WantedPrompt {
    const rule = pretermRuleSet(this.ruleSetId)?.rules.find(
      (candidate) => candidate.intervention === due.intervention,
    );
    // "As soon as possible" comes back as `by: now`: that is urgency, not a deadline that can pass.
    const deadline = due.by !== null && Date.parse(due.by) !== now ? due.by : null;
    return {
      code: `preterm/${due.intervention}`,
      pathway: 'preterm',
      title: `${INTERVENTION_NAMES[due.intervention]}: ${due.action}`,
      text: due.reason,
      action: due.action,
      dueAt: deadline ? iso(Date.parse(deadline)) : null,
      ruleSet: this.ruleSetId,
      source: rule?.source ?? '',
      verification: rule?.verification ?? 'unverified',
      staffMayRecord: false,
    };
  }

  private async evaluatePerson(
    manager: EntityManager,
    family: Family,
    person: PersonRecord,
    now: number,
    unit: UnitOfWork,
  ): Promise<number> {
    const { wanted, smokingSince } = this.wantedFor(family, person, now);
    const open = await this.prompts.openPrompts(manager, person.id);
    const closed = await this.prompts.closedPrompts(manager, person.id);
    const closedBefore = new Set(
      closed
        .filter((row) =>
          row.prompt_code.startsWith('smoking/')
            ? smokingSince !== undefined && row.raised_at.getTime() >= smokingSince
            : row.raised_at.getTime() >= now - PREGNANCY_EPISODE_DAYS * DAY_MS,
        )
        .map((row) => row.prompt_code),
    );
    const facts: PromptFacts = {
      now,
      closedBefore,
      recordedSince: (code, since) => this.recordedSince(family, person, code, since),
      bornSince: (code) => {
        if (person.id !== family.mother?.id || !code.startsWith('preterm/')) return undefined;
        const births = family.babies.flatMap((baby) =>
          baby.birthTime !== null && now - baby.birthTime <= BABY_PROMPT_DAYS * DAY_MS
            ? [baby.birthTime]
            : [],
        );
        return births.length > 0 ? iso(Math.max(...births)) : undefined;
      },
    };
    const decisions = reconcilePrompts(
      open.map((alert) => ({
        id: alert.id,
        code: alert.promptCode,
        dueAt: alert.dueAt ? alert.dueAt.toISOString() : null,
        raisedAt: alert.raisedAt.toISOString(),
      })),
      wanted,
      facts,
    );
    for (const decision of decisions) await this.apply(manager, person, open, decision, unit);
    return decisions.length;
  }

  /** What recorded a prompt's intervention, in words, or undefined. */
  private recordedSince(
    family: Family,
    person: PersonRecord,
    code: string,
    since: number,
  ): string | undefined {
    const [pathway, name] = code.split('/') as [string, string];
    if (pathway === 'preterm') {
      const types: readonly string[] = INTERVENTION_EVENTS[name as InterventionId] ?? [];
      const people = person.id === family.mother?.id || !family.mother ? [person] : [family.mother, person];
      const event = people
        .flatMap((member) => member.events)
        .find((candidate) => candidate.kind === 'event' && types.includes(candidate.event));
      if (event?.kind === 'event') return `${event.display ?? event.event} at ${iso(event.at)}`;
      const temperature =
        name === 'normothermia' && person.birthTime !== null
          ? person.readings.find(
              (reading) => reading.field === 'temperature' && reading.at >= (person.birthTime ?? 0),
            )
          : undefined;
      return temperature
        ? `temperature ${String(temperature.value)} °C at ${iso(temperature.at)}`
        : undefined;
    }
    const field: Record<string, string> = {
      'co-test-missing': 'carbonMonoxidePpm',
      'co-test-due': 'carbonMonoxidePpm',
      'record-smoking-status': 'smokingStatus',
      'record-smoking-status-at-delivery': 'smokingStatus',
      'record-when-stopped': 'smokingStatus',
    };
    if (field[name]) {
      const reading = person.readings.find(
        (candidate) => candidate.field === field[name] && candidate.recordedAt >= since,
      );
      return reading ? `${field[name]} ${String(reading.value)} at ${iso(reading.at)}` : undefined;
    }
    if (name === 'opt-out-referral') {
      const referral = person.events.find((event) => event.kind === 'referral' && event.at >= since);
      return referral ? `referral at ${iso(referral.at)}` : undefined;
    }
    return undefined;
  }

  private async apply(
    manager: EntityManager,
    person: PersonRecord,
    open: readonly AlertEntity[],
    decision: PromptDecision,
    unit: UnitOfWork,
  ): Promise<void> {
    const alertOf = (id: string) => open.find((alert) => alert.id === id);
    switch (decision.action) {
      case 'raise': {
        const { prompt } = decision;
        await this.alerts.raise(
          manager,
          {
            patientId: person.id,
            wardId: person.wardId,
            code: prompt.code,
            title: prompt.title,
            dueAt: prompt.dueAt ? new Date(prompt.dueAt) : null,
            action: prompt.action,
            detail: detailOf(prompt),
          },
          unit,
        );
        this.scheduleCheck(person.id, prompt.dueAt, unit);
        return;
      }
      case 'update': {
        const alert = alertOf(decision.id);
        if (!alert) return;
        const { prompt } = decision;
        await this.alerts.update(
          manager,
          alert,
          {
            title: prompt.title,
            dueAt: prompt.dueAt ? new Date(prompt.dueAt) : null,
            detail: detailOf(prompt),
          },
          unit,
        );
        this.scheduleCheck(person.id, prompt.dueAt, unit);
        return;
      }
      case 'record':
      case 'miss':
      case 'withdraw': {
        const alert = alertOf(decision.id);
        if (!alert) return;
        const type = decision.action === 'withdraw' ? 'supersede' : decision.action;
        await this.alerts.close(manager, alert, { type, reason: decision.reason }, unit);
        return;
      }
    }
  }

  /** When a prompt's window closes, look again (it is then recorded as missed unless something was recorded). */
  private scheduleCheck(patientId: string, dueAt: string | null, unit: UnitOfWork): void {
    if (!dueAt) return;
    unit.messages.push(
      outboxMessage(JobName.CheckPrompts, { patientId }, new Date(Date.parse(dueAt) + 1000)),
    );
  }

  /** Safety net: open prompts whose deadline passed (their timer lost with Redis data) are evaluated now. */
  async sweep(): Promise<{ evaluated: number }> {
    const late = await this.prompts.patientsWithLatePrompts();
    for (const patientId of late) await this.evaluate(patientId);
    return { evaluated: late.length };
  }
}

export const detailOf = (prompt: WantedPrompt): PromptDetail => ({
  pathway: prompt.pathway,
  action: prompt.action,
  text: prompt.text,
  ruleSet: prompt.ruleSet,
  source: prompt.source,
  verification: prompt.verification,
  staffMayRecord: prompt.staffMayRecord,
});
