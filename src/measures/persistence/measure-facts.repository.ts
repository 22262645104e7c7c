import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { babyPretermCase } from '../../prompts/domain/pathway-cases';
import { PathwayRecordReader } from '../../prompts/persistence/pathway-record.reader';
import { AppConfig } from '../../config/app-config';
import { evaluatePretermCase } from '../../pathways';
import type { EscalationFact, MeasureFacts, PretermBabyFact, PromptOutcome } from '../domain/facts';

const ms = (value: Date | string | null): number | null =>
  value === null ? null : new Date(value).getTime();
const must = (value: Date | string): number => new Date(value).getTime();

/** Referrals are read this far past the window: a referral answers a reading up to 30 days after it. */
const REFERRAL_LOOK_AHEAD_MS = 31 * 86_400_000;

/**
 * Reads what the measures count from Beacon's own tables (alert, observation_set, reading, patient and the audit
 * trail), for events in [from, to). Times of escalation steps are the audit events', as in the escalation list.
 */
@Injectable()
export class MeasureFactsRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reader: PathwayRecordReader,
    private readonly config: AppConfig,
  ) {}

  async load(from: Date, to: Date): Promise<MeasureFacts> {
    const range = [from, to] as const;
    const [
      escalations,
      overdue,
      prompts,
      observationSets,
      staffEscalations,
      smoking,
      referrals,
      runs,
      pretermBabies,
    ] = await Promise.all([
      this.escalations(range),
      this.overdue(range),
      this.prompts(range),
      this.observationSets(range),
      this.staffEscalations(range),
      this.smoking(range),
      this.referrals(range),
      this.runs(range),
      this.pretermBabies(from, to),
    ]);
    return {
      escalations,
      overdue,
      prompts,
      observationSets,
      staffEscalations,
      coReadings: smoking.coReadings,
      smokingStatuses: smoking.smokingStatuses,
      referrals,
      pretermBabies,
      runs,
    };
  }

  private rows<T>(sql: string, parameters: readonly unknown[]): Promise<T[]> {
    return this.dataSource.query<T[]>(sql, [...parameters]);
  }

  private async escalations(range: readonly [Date, Date]): Promise<MeasureFacts['escalations']> {
    const escalations = await this.rows<{
      id: string;
      ward_id: string | null;
      patient_id: string | null;
      kind: 'deterioration' | 'concern';
      state: string;
      raised_at: Date;
      acknowledge_due_at: Date | null;
      acknowledged_at: Date | null;
      responded_at: Date | null;
      review_within: string | null;
      closed_at: Date | null;
    }>(
      `SELECT a.id, a.ward_id, a.patient_id, a.kind, a.state, COALESCE(ev.raised_at, a.raised_at) AS raised_at,
           ev.acknowledge_due_at, COALESCE(ev.acknowledged_at, a.acknowledged_at) AS acknowledged_at,
           COALESCE(ev.responded_at, a.responded_at) AS responded_at,
           a.detail->>'reviewWithinMinutes' AS review_within, a.closed_at
         FROM alert a
         LEFT JOIN LATERAL (
           SELECT MIN(e.occurred_at) FILTER (WHERE e.type = 'alert.raised') AS raised_at,
             MIN(e.occurred_at) FILTER (WHERE e.type = 'alert.acknowledged') AS acknowledged_at,
             MIN(e.occurred_at) FILTER (WHERE e.type = 'alert.responded') AS responded_at,
             (array_agg(e.details->>'escalatesAt' ORDER BY e.id) FILTER (WHERE e.type = 'alert.raised'))[1]::timestamptz
               AS acknowledge_due_at
           FROM audit_event e WHERE e.alert_id = a.id
         ) ev ON true
         WHERE a.kind IN ('deterioration', 'concern') AND a.raised_at >= $1 AND a.raised_at < $2`,
      range,
    );
    return escalations.map((row): EscalationFact => ({
      id: row.id,
      wardId: row.ward_id,
      patientId: row.patient_id,
      kind: row.kind,
      raisedAt: must(row.raised_at),
      acknowledgeDueAt: ms(row.acknowledge_due_at),
      acknowledgedAt: ms(row.acknowledged_at),
      respondedAt: ms(row.responded_at),
      reviewWithinMinutes: row.review_within === null ? null : Number(row.review_within),
      closedAt: ms(row.closed_at),
      withdrawn: row.state === 'retracted',
    }));
  }

  private async overdue(range: readonly [Date, Date]): Promise<MeasureFacts['overdue']> {
    const overdue = await this.rows<{
      id: string;
      ward_id: string | null;
      patient_id: string | null;
      raised_at: Date;
    }>(
      `SELECT id, ward_id, patient_id, raised_at FROM alert
         WHERE kind = 'overdue' AND state <> 'retracted' AND raised_at >= $1 AND raised_at < $2`,
      range,
    );
    return overdue.map((row) => ({
      id: row.id,
      wardId: row.ward_id,
      patientId: row.patient_id,
      raisedAt: must(row.raised_at),
    }));
  }

  private async prompts(range: readonly [Date, Date]): Promise<MeasureFacts['prompts']> {
    const prompts = await this.rows<{
      id: string;
      ward_id: string | null;
      patient_id: string | null;
      prompt_code: string;
      state: string;
      raised_at: Date;
      closed_at: Date | null;
    }>(
      `SELECT id, ward_id, patient_id, prompt_code, state, raised_at, closed_at FROM alert
         WHERE kind = 'prompt' AND (closed_at IS NULL OR (closed_at >= $1 AND closed_at < $2))`,
      range,
    );
    return prompts.map((row) => ({
      id: row.id,
      wardId: row.ward_id,
      patientId: row.patient_id,
      code: row.prompt_code,
      raisedAt: must(row.raised_at),
      closedAt: ms(row.closed_at),
      outcome: promptOutcome(row.state),
    }));
  }

  private async observationSets(range: readonly [Date, Date]): Promise<MeasureFacts['observationSets']> {
    const sets = await this.rows<{ ward_id: string | null; patient_id: string; effective_at: Date }>(
      `SELECT ward_id, patient_id, effective_at FROM observation_set
         WHERE is_current AND effective_at >= $1 AND effective_at < $2`,
      range,
    );
    return sets.map((row) => ({
      wardId: row.ward_id,
      patientId: row.patient_id,
      effectiveAt: must(row.effective_at),
    }));
  }

  private async staffEscalations(range: readonly [Date, Date]): Promise<MeasureFacts['staffEscalations']> {
    const staff = await this.rows<{
      ward_id: string | null;
      actor_id: string;
      occurred_at: Date;
      alert_id: string | null;
    }>(
      `SELECT ward_id, actor_id, occurred_at, alert_id FROM audit_event
         WHERE actor_type = 'user' AND occurred_at >= $1 AND occurred_at < $2
           AND (type = 'concern.raised' OR (type = 'alert.escalated' AND details->>'reason' = 'requested'))`,
      range,
    );
    return staff.map((row) => ({
      wardId: row.ward_id,
      staffId: row.actor_id,
      at: must(row.occurred_at),
      alertId: row.alert_id,
    }));
  }

  /** Carbon monoxide readings and smoking statuses. */
  private async smoking(
    range: readonly [Date, Date],
  ): Promise<Pick<MeasureFacts, 'coReadings' | 'smokingStatuses'>> {
    const readings = await this.rows<{
      patient_id: string;
      ward_id: string | null;
      field: string;
      value: unknown;
      effective_at: Date;
    }>(
      `SELECT r.patient_id, p.ward_id, r.field, r.value, r.effective_at FROM reading r
         JOIN patient p ON p.id = r.patient_id
         WHERE r.is_current AND r.field IN ('carbonMonoxidePpm', 'smokingStatus')
           AND r.effective_at >= $1 AND r.effective_at < $2`,
      range,
    );
    return {
      coReadings: readings.flatMap((row) =>
        row.field === 'carbonMonoxidePpm' && typeof row.value === 'number'
          ? [{ wardId: row.ward_id, patientId: row.patient_id, at: must(row.effective_at), ppm: row.value }]
          : [],
      ),
      smokingStatuses: readings.flatMap((row) =>
        row.field === 'smokingStatus' && typeof row.value === 'string'
          ? [
              {
                wardId: row.ward_id,
                patientId: row.patient_id,
                at: must(row.effective_at),
                status: row.value,
              },
            ]
          : [],
      ),
    };
  }

  /** Referrals recorded by staff (referral.recorded) and opt-out referral prompts the EPR closed as recorded. */
  private async referrals(range: readonly [Date, Date]): Promise<MeasureFacts['referrals']> {
    const referrals = await this.rows<{ patient_id: string; ward_id: string | null; at: Date }>(
      `SELECT patient_id, ward_id, occurred_at AS at FROM audit_event
         WHERE type = 'referral.recorded' AND patient_id IS NOT NULL AND occurred_at >= $1 AND occurred_at < $2
         UNION ALL
         SELECT patient_id, ward_id, closed_at AS at FROM alert
         WHERE kind = 'prompt' AND prompt_code = 'smoking/opt-out-referral' AND state = 'resolved'
           AND patient_id IS NOT NULL AND closed_at >= $1 AND closed_at < $2`,
      [range[0], new Date(range[1].getTime() + REFERRAL_LOOK_AHEAD_MS)],
    );
    return referrals.map((row) => ({
      wardId: row.ward_id,
      patientId: row.patient_id,
      at: must(row.at),
    }));
  }

  private async runs(range: readonly [Date, Date]): Promise<MeasureFacts['runs']> {
    const runs = await this.rows<{ type: string; occurred_at: Date }>(
      `SELECT type, occurred_at FROM audit_event
         WHERE type IN ('measures.computed', 'measures.exported') AND occurred_at >= $1 AND occurred_at < $2`,
      range,
    );
    return runs.map((row) => ({
      kind: row.type === 'measures.exported' ? ('exported' as const) : ('computed' as const),
      at: must(row.occurred_at),
    }));
  }

  /** Each baby born in the window, evaluated under the unit's preterm rule set as its passport is. */
  private async pretermBabies(from: Date, to: Date): Promise<PretermBabyFact[]> {
    const babies = await this.dataSource.query<{ id: string; ward_id: string | null; born: Date }[]>(
      `SELECT id, ward_id, COALESCE(birth_time, birth_date::timestamptz) AS born FROM patient
       WHERE mother_patient_id IS NOT NULL AND COALESCE(birth_time, birth_date::timestamptz) >= $1
         AND COALESCE(birth_time, birth_date::timestamptz) < $2`,
      [from, to],
    );
    const ruleSet = this.config.env.BEACON_PRETERM_RULE_SET;
    const now = Date.now();
    const facts: PretermBabyFact[] = [];
    for (const baby of babies) {
      const family = await this.reader.family(this.dataSource.manager, baby.id);
      const person = family?.babies.find((candidate) => candidate.id === baby.id);
      if (!family || !person) continue;
      const input = babyPretermCase(family, person, now);
      const result = input ? evaluatePretermCase(ruleSet, input) : undefined;
      if (!result || 'error' in result) continue;
      facts.push({
        wardId: baby.ward_id,
        babyId: baby.id,
        bornAt: must(baby.born),
        interventions: result.interventions.map((outcome) => ({
          intervention: outcome.intervention,
          eligible: outcome.eligible,
          received: outcome.received,
          meetsStandard: outcome.meetsStandard,
        })),
      });
    }
    return facts;
  }
}

function promptOutcome(state: string): PromptOutcome {
  if (state === 'resolved') return 'recorded';
  if (state === 'missed') return 'missed';
  if (state === 'superseded' || state === 'retracted') return 'withdrawn';
  return 'open';
}
