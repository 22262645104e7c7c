import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ClinicalEventFacts, NormalisedReading } from './clinical-record.types';
import { insertEntities } from '../database/persistence/entity-sql';
import { ClinicalEventEntity } from './persistence/clinical-event.entity';
import { ReadingEntity } from './persistence/reading.entity';

/** The readings of one Observation version, as intake stores them. */
export interface ReadingsInput {
  readonly patientId: string;
  readonly resourceId: string;
  readonly effectiveAt: Date;
  readonly effectivePrecision: 'instant' | 'day';
  readonly status: string;
  readonly panelKey?: string | undefined;
  readonly replacesResourceId?: string | undefined;
  readonly readings: readonly NormalisedReading[];
}

export interface PatientRecordForAssessment {
  readonly id: string;
  readonly wardId: string | null;
  readonly bed: string | null;
  readonly birthTime: Date | null;
  readonly events: readonly {
    kind: string;
    codes: string[];
    status: string | null;
    occurredAt: Date | null;
    endedAt: Date | null;
  }[];
  readonly gestations: readonly { days: number; at: Date }[];
  readonly babiesBorn: readonly Date[];
}

/**
 * Writes and reads a patient's readings and clinical events (a patient's identity and location are `PatientStore`'s).
 * Every method takes the caller's EntityManager so intake can store a resource, its readings, its outbox work and its
 * audit events in one transaction.
 */
@Injectable()
export class ClinicalRecordStore {
  /**
   * Stores the readings of Observation versions (a Bundle's in one INSERT). Scorable ones wait for the assessment; a
   * new version of an Observation whose readings were already in a set stays in that set (a correction re-scores its
   * own set, nothing else).
   */
  async recordReadings(manager: EntityManager, inputs: readonly ReadingsInput[]): Promise<void> {
    const withReadings = inputs.filter((input) => input.readings.length > 0);
    if (withReadings.length === 0) return;
    const replaced = withReadings.flatMap((input) =>
      input.replacesResourceId ? [input.replacesResourceId] : [],
    );
    const setOf = new Map(
      replaced.length === 0
        ? []
        : (
            await manager.query<{ resource_id: string; set_id: string }[]>(
              `SELECT DISTINCT ON (resource_id) resource_id, set_id FROM reading
               WHERE resource_id = ANY($1::uuid[]) AND set_id IS NOT NULL ORDER BY resource_id, id`,
              [replaced],
            )
          ).map((row) => [row.resource_id, row.set_id]),
    );
    await insertEntities(
      manager,
      ReadingEntity,
      withReadings.flatMap((input) => {
        const scorable = input.status === 'scored' && input.effectivePrecision === 'instant';
        const setId = (input.replacesResourceId && setOf.get(input.replacesResourceId)) || null;
        return input.readings.map((reading) => ({
          patientId: input.patientId,
          resourceId: input.resourceId,
          field: reading.field,
          value: reading.value,
          unit: reading.unit ?? null,
          effectiveAt: input.effectiveAt,
          effectivePrecision: input.effectivePrecision,
          status: input.status,
          panelKey: input.panelKey ?? null,
          setId,
          assessmentPending: scorable || setId !== null,
        }));
      }),
    );
  }

  async recordEvent(
    manager: EntityManager,
    patientId: string,
    resourceId: string,
    event: ClinicalEventFacts,
  ): Promise<void> {
    await manager.insert(ClinicalEventEntity, {
      patientId,
      resourceId,
      kind: event.kind,
      codes: [...event.codes],
      display: event.display ?? null,
      status: event.status ?? null,
      occurredAt: event.occurredAt ? new Date(event.occurredAt) : null,
      endedAt: event.endedAt ? new Date(event.endedAt) : null,
      details: (event.details ?? {}) as object,
    });
  }

  /** What decides a patient's group: birth, pregnancy and delivery events, gestation readings, babies born. */
  async recordForAssessment(
    manager: EntityManager,
    patientId: string,
  ): Promise<PatientRecordForAssessment | undefined> {
    // One round trip: the assessment runs for every observation set, so its reads are what throughput is made of.
    const [patient] = await manager.query<
      {
        id: string;
        wardId: string | null;
        bed: string | null;
        birthTime: Date | null;
        birthDate: string | null;
        events: {
          kind: string;
          codes: string[];
          status: string | null;
          occurredAt: string | null;
          endedAt: string | null;
        }[];
        gestations: { days: number; at: string }[];
        babiesBorn: string[];
      }[]
    >(
      `SELECT p.id, p.ward_id AS "wardId", p.bed, p.birth_time AS "birthTime", p.birth_date::text AS "birthDate",
         COALESCE((SELECT json_agg(json_build_object('kind', e.kind, 'codes', e.codes, 'status', e.status,
                     'occurredAt', e.occurred_at, 'endedAt', e.ended_at))
                   FROM clinical_event e
                   WHERE e.patient_id = p.id AND e.is_current
                     AND e.kind IN ('condition', 'procedure', 'episode-of-care')), '[]') AS events,
         COALESCE((SELECT json_agg(json_build_object('days', (r.value #>> '{}')::int, 'at', r.effective_at))
                   FROM reading r
                   WHERE r.patient_id = p.id AND r.is_current AND r.field = 'gestationalAgeDays'), '[]') AS gestations,
         COALESCE((SELECT json_agg(COALESCE(b.birth_time, b.birth_date::timestamptz))
                   FROM patient b
                   WHERE b.mother_patient_id = p.id AND (b.birth_time IS NOT NULL OR b.birth_date IS NOT NULL)), '[]')
           AS "babiesBorn"
       FROM patient p WHERE p.id = $1`,
      [patientId],
    );
    if (!patient) return undefined;
    const date = (text: string | null) => (text === null ? null : new Date(text));
    return {
      id: patient.id,
      wardId: patient.wardId,
      bed: patient.bed,
      birthTime: patient.birthTime ?? (patient.birthDate ? new Date(`${patient.birthDate}T00:00:00Z`) : null),
      events: patient.events.map((event) => ({
        ...event,
        occurredAt: date(event.occurredAt),
        endedAt: date(event.endedAt),
      })),
      gestations: patient.gestations.map((gestation) => ({
        days: gestation.days,
        at: new Date(gestation.at),
      })),
      babiesBorn: patient.babiesBorn.map((born) => new Date(born)),
    };
  }

  /** Readings and events of a resource version that is no longer current (superseded or retracted). */
  async retire(manager: EntityManager, resourceId: string): Promise<number> {
    // A reading that was in a set takes its set back to the assessment (re-scored without it).
    const readings: [unknown, number] = await manager.query(
      `UPDATE reading SET is_current = false, assessment_pending = assessment_pending OR set_id IS NOT NULL
       WHERE resource_id = $1 AND is_current`,
      [resourceId],
    );
    await manager.update(ClinicalEventEntity, { resourceId, isCurrent: true }, { isCurrent: false });
    return readings[1];
  }
}
