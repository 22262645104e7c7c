import { Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import type { EntityManager } from 'typeorm';
import type { AuditEntry } from '../audit/audit.types';
import type { PatientRecordForAssessment } from '../clinical-record/clinical-record.store';
import { ClinicalRecordStore } from '../clinical-record/clinical-record.store';
import { AppConfig } from '../config/app-config';
import type { UnitOfWork } from '../database/unit-of-work';
import { outboxMessage } from '../queue/outbox';
import { JobName } from '../queue/queue.constants';
import type { ChartDefinition, ChartId, PatientGroup, ScoreResult } from '../scoring';
import { scoreObservationSet } from '../scoring';
import type { PatientContext } from './domain/patient-context';
import { derivePatientContext } from './domain/patient-context';
import type { AssembledSet, Placement, SetReading } from './domain/observation-set-assembly';
import { CARRIED_FORWARD, assembleSet, placeReadings } from './domain/observation-set-assembly';
import { ObservationSetRepository } from './observation-set.repository';
import type { ObservationSetEntity } from './persistence/observation-set.entity';

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
  /** When Beacon accepted the newest of the set's readings. */
  readonly acceptedAt: Date;
  /** The set's row as the table holds it after this assessment. */
  readonly row: ObservationSetEntity;
}

export interface AssessmentOutcome {
  readonly patientId: string;
  readonly wardId: string | null;
  readonly sets: readonly AssessedSet[];
  /** Sets left with no reading (everything in them was entered in error). */
  readonly retractedSetIds: readonly string[];
  /** When the patient's latest set was taken before this assessment: newer sets are the ones that decide alerts. */
  readonly latestBefore: Date | null;
  /**
   * Her newest current set after this assessment, when it read it (it cannot change while her assessment lock is held,
   * so the alert decisions need not read it again).
   */
  readonly latestSet?: ObservationSetEntity | null;
}

/**
 * Her newest current set after an assessment that retracted nothing, without reading it again, when that is certain:
 * the newest set it stored, if taken strictly after every other set it stored and every set she had before. Anything
 * less certain (a tie on the time taken, which the table orders by the time scored) is left to the query.
 */
export function newestIfLatest(
  stored: readonly AssessedSet[],
  latestBefore: Date | null,
): ObservationSetEntity | undefined {
  const times = stored.map((set) => set.effectiveAt.getTime()).sort((a, b) => b - a);
  const [newestTime, nextTime] = times;
  if (newestTime === undefined || newestTime === nextTime) return undefined;
  if (latestBefore && newestTime <= latestBefore.getTime()) return undefined;
  return stored.find((set) => set.effectiveAt.getTime() === newestTime)?.row;
}

/**
 * Turns readings waiting for assessment into scored observation sets: places each new reading in the set the EPR
 * sent it with (placeReadings), collects every set that gained or lost a reading, decides the patient's group at the
 * time the set was taken, scores it against the chart the patient's ward uses for that group, and stores it with the
 * chart's id and version. Works per patient, on everything waiting for her, under a patient lock the caller holds.
 */
@Injectable()
export class AssessmentService {
  constructor(
    private readonly sets: ObservationSetRepository,
    private readonly record: ClinicalRecordStore,
    private readonly config: AppConfig,
  ) {}

  private get windowMs(): number {
    return this.config.env.BEACON_SET_WINDOW_MINUTES * 60_000;
  }

  chartFor(wardId: string | null, group: PatientGroup): ChartDefinition {
    const ward = this.config.ward(wardId);
    return this.config.charts.get(ward ? ward.charts[group] : DEFAULT_CHART_BY_GROUP[group]);
  }

  /** False when another worker is assessing the patient right now (the caller tries again shortly). */
  async tryLockPatient(manager: EntityManager, patientId: string): Promise<boolean> {
    return this.sets.tryLockPatient(manager, patientId);
  }

  async hasPending(manager: EntityManager, patientId: string): Promise<boolean> {
    return this.sets.hasPending(manager, patientId);
  }

  /** Assesses everything waiting for a patient within the caller's transaction (which must hold the patient lock). */
  async assess(manager: EntityManager, patientId: string, unit: UnitOfWork): Promise<AssessmentOutcome> {
    const patient = await this.record.recordForAssessment(manager, patientId);
    // Bad data: retrying cannot make the patient exist. It becomes a processing-failure alarm.
    if (!patient) throw new UnrecoverableError(`patient ${patientId} does not exist`);
    const { readings: pending, latestSetTime: latestBefore } = await this.sets.pendingWork(
      manager,
      patientId,
    );
    const empty = { patientId, wardId: patient.wardId, sets: [], retractedSetIds: [], latestBefore: null };
    if (pending.length === 0) return empty;

    const toPlace = pending.filter((reading) => reading.scorable && reading.setId === null);
    const placements = await this.place(manager, patientId, toPlace);
    const touched = new Set(pending.flatMap((reading) => (reading.setId ? [reading.setId] : [])));
    const newMembers = new Map<string, SetReading[]>();
    for (const reading of toPlace) {
      const target = placements.get(reading.id);
      if (!target) continue;
      if ('setId' in target) touched.add(target.setId);
      const key = 'setId' in target ? target.setId : target.newKey;
      newMembers.set(key, [...(newMembers.get(key) ?? []), reading]);
    }

    const existing = await this.sets.existingSets(manager, [...touched]);
    const members = await this.sets.currentMembers(manager, [...touched]);
    const sets: AssessedSet[] = [];
    const retractedSetIds: string[] = [];
    const filed = new Map<string, string>();
    for (const setId of touched) {
      const previous = existing.get(setId);
      if (!previous) continue;
      const all = [...(members.get(setId) ?? []), ...(newMembers.get(setId) ?? [])];
      const stored = await this.scoreAndStore(manager, patient, all, previous.setKey, setId, unit);
      for (const reading of newMembers.get(setId) ?? []) filed.set(reading.id, setId);
      if (stored) sets.push(stored);
      else if (previous.isCurrent) {
        await this.sets.retractSet(manager, setId);
        retractedSetIds.push(setId);
        unit.audit.push({
          type: 'set.retracted',
          actor: { type: 'system', id: 'assessment' },
          patientId,
          wardId: patient.wardId,
          details: { setId, key: previous.setKey },
        });
      }
    }
    for (const [key, readings] of newMembers) {
      if (touched.has(key)) continue;
      const stored = await this.scoreAndStore(manager, patient, readings, key, undefined, unit);
      if (!stored) continue;
      sets.push(stored);
      for (const reading of readings) filed.set(reading.id, stored.setId);
    }
    await this.sets.settle(
      manager,
      filed,
      pending.map((reading) => reading.id),
    );

    const latest =
      (retractedSetIds.length === 0 ? newestIfLatest(sets, latestBefore) : undefined) ??
      (await this.sets.latestSet(manager, patientId));
    return {
      patientId,
      wardId: patient.wardId,
      sets: sets
        .map((set) => ({ ...set, isLatest: set.setId === latest?.id }))
        .sort((a, b) => a.effectiveAt.getTime() - b.effectiveAt.getTime()),
      retractedSetIds,
      latestBefore,
      latestSet: latest,
    };
  }

  private async place(
    manager: EntityManager,
    patientId: string,
    readings: readonly SetReading[],
  ): Promise<Map<string, Placement>> {
    if (readings.length === 0) return new Map();
    const loose = readings
      .filter((reading) => !reading.panelKey)
      .map((reading) => reading.effectiveAt.getTime());
    const window =
      loose.length > 0
        ? {
            from: new Date(Math.min(...loose) - this.windowMs),
            to: new Date(Math.max(...loose) + this.windowMs),
          }
        : undefined;
    const panelKeys = [
      ...new Set(readings.flatMap((reading) => (reading.panelKey ? [reading.panelKey] : []))),
    ];
    const nearby = await this.sets.setsNear(manager, patientId, window, panelKeys);
    return placeReadings(readings, nearby, this.windowMs);
  }

  private async scoreAndStore(
    manager: EntityManager,
    patient: PatientRecordForAssessment,
    members: readonly SetReading[],
    key: string,
    previousId: string | undefined,
    unit: UnitOfWork,
  ): Promise<AssessedSet | undefined> {
    const firstTime = members.reduce<Date | undefined>(
      (earliest, reading) => (!earliest || reading.effectiveAt < earliest ? reading.effectiveAt : earliest),
      undefined,
    );
    if (!firstTime) return undefined;
    const history = await this.sets.latestReadings(manager, patient.id, CARRIED_FORWARD, firstTime);
    const assembled = assembleSet(members, history);
    if (!assembled) return undefined;
    const scored = this.score(patient, assembled);
    if (!scored) return undefined;
    const stored = await this.store(manager, patient, key, assembled, scored, previousId, unit.audit);
    if (this.config.env.BEACON_FHIR_WRITE_BACK && this.config.env.BEACON_FHIR_UPSTREAM_URL) {
      unit.messages.push(outboxMessage(JobName.WriteBackScore, { setId: stored.setId }));
    }
    return stored;
  }

  private score(
    patient: PatientRecordForAssessment,
    assembled: AssembledSet,
  ): { chart: ChartDefinition; context: PatientContext; result: ScoreResult } | undefined {
    const ward = this.config.ward(patient.wardId);
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
    patient: PatientRecordForAssessment,
    key: string,
    assembled: AssembledSet,
    scored: { chart: ChartDefinition; context: PatientContext; result: ScoreResult },
    previousId: string | undefined,
    audit: AuditEntry[],
  ): Promise<AssessedSet> {
    const { chart, context, result } = scored;
    const values = {
      patientId: patient.id,
      setKey: key,
      effectiveAt: assembled.effectiveAt,
      wardId: patient.wardId,
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
      result,
      total: result.total,
      clinicalRisk: result.clinicalRisk,
      escalate: result.escalate,
      responseLevel: result.response.level,
      complete: result.complete,
      isCurrent: true,
      scoredAt: new Date(),
    };
    const row = previousId
      ? await this.sets.rescoreSet(manager, previousId, values)
      : await this.sets.insertSet(manager, values);
    const setId = row.id;
    audit.push({
      type: 'set.scored',
      actor: { type: 'system', id: 'assessment' },
      patientId: patient.id,
      wardId: patient.wardId,
      details: {
        setId,
        key,
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
      patientId: patient.id,
      wardId: patient.wardId,
      bed: patient.bed,
      effectiveAt: assembled.effectiveAt,
      chart,
      context,
      result,
      isLatest: false,
      rescored: Boolean(previousId),
      acceptedAt: new Date(Math.max(...assembled.readings.map((reading) => reading.recordedAt.getTime()))),
      row,
    };
  }
}
