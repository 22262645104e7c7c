import { Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import type { EntityManager } from 'typeorm';
import { DataSource } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import type { AuditEntry } from '../audit/audit.types';
import type { StoredReading } from '../clinical-record/clinical-record.store';
import { ClinicalRecordStore } from '../clinical-record/clinical-record.store';
import { AppConfig } from '../config/app-config';
import type { OutboxMessage } from '../queue/outbox';
import { outboxMessage } from '../queue/outbox';
import { JobName } from '../queue/queue.constants';
import type { ChartDefinition, ChartId, PatientGroup, ScoreResult } from '../scoring';
import { scoreObservationSet } from '../scoring';
import type { AssembledSet, SetReading } from './domain/observation-set-assembly';
import {
  CARRIED_FORWARD,
  collectSet,
  scopeForReading,
  scopeOfKey,
  setKey,
} from './domain/observation-set-assembly';
import type { PatientContext } from './domain/patient-context';
import { derivePatientContext } from './domain/patient-context';
import { ObservationSetEntity } from './persistence/observation-set.entity';

/** The chart for a patient who is on no configured ward (the unit-wide default, the charts' own populations). */
const DEFAULT_CHART_BY_GROUP: Readonly<Record<PatientGroup, ChartId>> = {
  antenatal: 'mews',
  postnatal: 'mews',
  newborn: 'newtt2',
  adult: 'news2',
};

export interface AssessedSet {
  readonly setId: string;
  readonly patientId: string;
  readonly wardId: string | null;
  readonly bed: string | null;
  readonly effectiveAt: Date;
  readonly chart: ChartDefinition;
  readonly context: PatientContext;
  readonly result: ScoreResult;
  /** Whether this is the patient's most recent current set (only the latest set changes alert state). */
  readonly isLatest: boolean;
  readonly rescored: boolean;
}

export interface AssessmentOutcome {
  readonly patientId: string;
  readonly wardId: string | null;
  readonly sets: readonly AssessedSet[];
  /** Sets left with no reading (everything in them was entered in error). */
  readonly retractedSetIds: readonly string[];
}

const toSetReading = (reading: StoredReading): SetReading => ({
  id: reading.id,
  field: reading.field,
  value: reading.value,
  effectiveAt: new Date(reading.effectiveAt),
  recordedAt: new Date(reading.recordedAt),
  panelKey: reading.panelKey,
});

/**
 * Turns changed readings into scored observation sets: finds the set each changed reading belongs to (and any set
 * that lost a retracted reading), collects it, decides the patient's group at the time the set was taken, scores it
 * against the chart the patient's ward uses for that group, and stores the set with the chart's id and version.
 * One patient at a time (advisory lock), so sets of a patient are never assessed concurrently.
 */
@Injectable()
export class AssessmentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly record: ClinicalRecordStore,
    private readonly auditLog: AuditLog,
    private readonly config: AppConfig,
  ) {}

  private get windowMs(): number {
    return this.config.env.BEACON_SET_WINDOW_MINUTES * 60_000;
  }

  chartFor(wardId: string | null, group: PatientGroup): ChartDefinition {
    const ward = this.config.wards.wards.find((candidate) => candidate.id === wardId);
    return this.config.charts.get(ward ? ward.charts[group] : DEFAULT_CHART_BY_GROUP[group]);
  }

  async lockPatient(manager: EntityManager, patientId: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`patient:${patientId}`]);
  }

  /** Assesses what changed for a patient within the caller's transaction (which must hold the patient lock). */
  async assess(
    manager: EntityManager,
    patientId: string,
    resourceId: string | undefined,
    unit: { readonly audit: AuditEntry[]; readonly messages: OutboxMessage[] },
  ): Promise<AssessmentOutcome> {
    const { audit } = unit;
    const patient = await this.record.recordForAssessment(manager, patientId);
    // Bad data: retrying cannot make the patient exist. It becomes a processing-failure alarm.
    if (!patient) throw new UnrecoverableError(`patient ${patientId} does not exist`);
    const outcome: { sets: AssessedSet[]; retractedSetIds: string[] } = { sets: [], retractedSetIds: [] };
    if (!resourceId) return { patientId, wardId: patient.wardId, ...outcome };

    const changed = await this.record.readingsOfLogicalResource(manager, resourceId);
    const existing = await manager.find(ObservationSetEntity, {
      where: { patientId },
      select: { id: true, setKey: true, effectiveAt: true, readings: true, isCurrent: true },
    });
    const anchors = existing
      .filter((set) => set.setKey.startsWith('time:'))
      .map((set) => scopeOfKey(set.setKey))
      .flatMap((scope) => (scope.kind === 'time' ? [scope.anchor] : []));

    const keys = new Set<string>();
    for (const reading of changed) {
      if (reading.isCurrent && reading.status === 'scored' && reading.precision === 'instant') {
        keys.add(setKey(scopeForReading(toSetReading(reading), anchors, this.windowMs)));
      }
    }
    const changedIds = new Set(changed.map((reading) => reading.id));
    for (const set of existing) {
      if ((set.readings as { readingId: string }[]).some((reading) => changedIds.has(reading.readingId)))
        keys.add(set.setKey);
    }

    for (const key of keys) {
      const scope = scopeOfKey(key);
      const candidates =
        scope.kind === 'panel'
          ? await this.record.scorableReadings(manager, patientId, { panelKey: scope.panelKey })
          : await this.record.scorableReadings(manager, patientId, {
              from: new Date(scope.anchor.getTime() - this.windowMs),
              to: new Date(scope.anchor.getTime() + this.windowMs),
            });
      const effectiveGuess = candidates[0] ? new Date(candidates[0].effectiveAt) : new Date();
      const history = await this.record.latestReadings(manager, patientId, CARRIED_FORWARD, effectiveGuess);
      const assembled = collectSet(
        scope,
        candidates.map(toSetReading),
        this.windowMs,
        history.map(toSetReading),
      );
      const previous = existing.find((set) => set.setKey === key);
      const scored = assembled ? this.score(patient, assembled) : undefined;
      if (!assembled || !scored) {
        if (previous?.isCurrent) {
          await manager.update(
            ObservationSetEntity,
            { id: previous.id },
            { isCurrent: false, scoredAt: new Date() },
          );
          outcome.retractedSetIds.push(previous.id);
          audit.push({
            type: 'set.retracted',
            actor: { type: 'system', id: 'assessment' },
            patientId,
            wardId: patient.wardId,
            details: { setId: previous.id, key },
          });
        }
        continue;
      }
      const stored = await this.store(
        manager,
        patient.id,
        patient.wardId,
        patient.bed,
        assembled,
        scored,
        previous?.id,
        audit,
      );
      outcome.sets.push(stored);
      if (this.config.env.BEACON_FHIR_WRITE_BACK && this.config.env.BEACON_FHIR_UPSTREAM_URL) {
        unit.messages.push(outboxMessage(JobName.WriteBackScore, { setId: stored.setId }));
      }
    }

    const [latest] = await manager.query<{ id: string }[]>(
      `SELECT id FROM observation_set WHERE patient_id = $1 AND is_current ORDER BY effective_at DESC, scored_at DESC LIMIT 1`,
      [patientId],
    );
    return {
      patientId,
      wardId: patient.wardId,
      sets: outcome.sets.map((set) => ({ ...set, isLatest: set.setId === latest?.id })),
      retractedSetIds: outcome.retractedSetIds,
    };
  }

  private score(
    patient: NonNullable<Awaited<ReturnType<ClinicalRecordStore['recordForAssessment']>>>,
    assembled: AssembledSet,
  ): { chart: ChartDefinition; context: PatientContext; result: ScoreResult } | undefined {
    const ward = this.config.wards.wards.find((candidate) => candidate.id === patient.wardId);
    const context = derivePatientContext(
      {
        birthTime: patient.birthTime,
        events: patient.events,
        gestations: patient.gestations,
        babiesBorn: patient.babiesBorn,
        defaultGroup: ward?.defaultGroup ?? 'adult',
      },
      assembled.effectiveAt,
    );
    const chart = this.chartFor(patient.wardId, context.group);
    const outcome = scoreObservationSet(chart, assembled.set);
    return outcome.ok ? { chart, context, result: outcome.result } : undefined;
  }

  private async store(
    manager: EntityManager,
    patientId: string,
    wardId: string | null,
    bed: string | null,
    assembled: AssembledSet,
    scored: { chart: ChartDefinition; context: PatientContext; result: ScoreResult },
    previousId: string | undefined,
    audit: AuditEntry[],
  ): Promise<AssessedSet> {
    const { chart, context, result } = scored;
    const values = {
      patientId,
      setKey: assembled.key,
      effectiveAt: assembled.effectiveAt,
      wardId,
      patientGroup: context.group,
      groupAssumed: context.assumed,
      chartId: chart.id,
      chartVersion: chart.version,
      chartVerification: chart.verification,
      readings: assembled.readings.map((reading) => ({
        field: reading.field,
        value: reading.value,
        readingId: reading.id,
        effectiveAt: reading.effectiveAt.toISOString(),
      })),
      result: result as unknown as object,
      total: result.total,
      clinicalRisk: result.clinicalRisk,
      escalate: result.escalate,
      responseLevel: result.response.level,
      complete: result.complete,
      isCurrent: true,
      scoredAt: new Date(),
    };
    let setId: string;
    if (previousId) {
      await manager.update(ObservationSetEntity, { id: previousId }, values);
      await manager.increment(ObservationSetEntity, { id: previousId }, 'timesScored', 1);
      setId = previousId;
    } else {
      const inserted = await manager.insert(ObservationSetEntity, values);
      setId = (inserted.identifiers[0] as { id: string }).id;
    }
    audit.push({
      type: 'set.scored',
      actor: { type: 'system', id: 'assessment' },
      patientId,
      wardId,
      details: {
        setId,
        key: assembled.key,
        takenAt: assembled.effectiveAt.toISOString(),
        chart: { id: chart.id, version: chart.version, verification: chart.verification },
        patientGroup: context.group,
        groupAssumed: context.assumed,
        total: result.total,
        clinicalRisk: result.clinicalRisk,
        escalate: result.escalate,
        response: result.response.level,
        complete: result.complete,
        missing: result.missing,
        readings: values.readings.map((reading) => reading.readingId),
        rescored: Boolean(previousId),
      },
    });
    return {
      setId,
      patientId,
      wardId,
      bed,
      effectiveAt: assembled.effectiveAt,
      chart,
      context,
      result,
      isLatest: false,
      rescored: Boolean(previousId),
    };
  }
}
