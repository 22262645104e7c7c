import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type {
  ClinicalEventFacts,
  LocationFacts,
  NormalisedReading,
  OwnershipConflict,
  PatientFacts,
  PatientReference,
} from './clinical-record.types';
import { insertEntities } from '../database/persistence/entity-sql';
import { ClinicalEventEntity } from './persistence/clinical-event.entity';
import { PatientIdentityEntity } from './persistence/patient-identity.entity';
import { PatientEntity } from './persistence/patient.entity';
import { ReadingEntity } from './persistence/reading.entity';

/** A patient's initials as screens show them (at most three letters; "?" when no name is known). */
export function initialsOf(name: string | null): string {
  return (
    (name ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((part) => part[0]?.toUpperCase() ?? '')
      .join('')
      .slice(0, 3) || '?'
  );
}

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

export interface PatientSummary {
  readonly id: string;
  readonly wardId: string | null;
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

/** A patient's id and ward, by Beacon id, by a source system's own id, or by NHS number. */
const PATIENT_BY = {
  id: `SELECT id, ward_id AS "wardId" FROM patient WHERE id = $1`,
  sourceId: `SELECT p.id, p.ward_id AS "wardId" FROM patient_identity i JOIN patient p ON p.id = i.patient_id
             WHERE i.source_system = $1 AND i.source_id = $2`,
  nhsNumber: `SELECT id, ward_id AS "wardId" FROM patient WHERE nhs_number = $1`,
};

/**
 * Writes and reads what Beacon knows about patients. Every method takes the caller's EntityManager so intake can
 * store a resource, its readings, its outbox work and its audit events in one transaction.
 */
@Injectable()
export class ClinicalRecordStore {
  /** The Beacon patient a reference means, within a source system; undefined when not known. One query. */
  async resolvePatient(
    manager: EntityManager,
    sourceSystem: string,
    reference: PatientReference,
    inBundle: ReadonlyMap<string, string> = new Map(),
  ): Promise<PatientSummary | undefined> {
    const bundled =
      reference.kind === 'bundle'
        ? inBundle.get(reference.fullUrl)
        : reference.kind === 'id'
          ? inBundle.get(`Patient/${reference.resourceId}`)
          : undefined;
    if (reference.kind === 'bundle' && !bundled) return undefined;
    const [sql, parameters] = bundled
      ? [PATIENT_BY.id, [bundled]]
      : reference.kind === 'id'
        ? [PATIENT_BY.sourceId, [sourceSystem, reference.resourceId]]
        : [PATIENT_BY.nhsNumber, [reference.kind === 'nhs-number' ? reference.nhsNumber : '']];
    return (await manager.query<PatientSummary[]>(sql, parameters))[0];
  }

  /** The patient a Patient resource from this source describes: by the source's own id, then by NHS number. */
  private async existingPatientId(
    manager: EntityManager,
    sourceSystem: string,
    sourceId: string | undefined,
    nhsNumber: string | undefined,
  ): Promise<string | undefined> {
    let patientId: string | undefined;
    if (sourceId) {
      patientId = (await manager.findOne(PatientIdentityEntity, { where: { sourceSystem, sourceId } }))
        ?.patientId;
    }
    if (!patientId && nhsNumber) {
      patientId = (await manager.findOne(PatientEntity, { where: { nhsNumber } }))?.id;
    }
    return patientId;
  }

  /**
   * Whether a Patient from this source would change demographics another source registered. A source that does not
   * own the patient may link itself to her and fill facts that are missing, never replace one (docs/integration.md).
   */
  async demographicsConflict(
    manager: EntityManager,
    sourceSystem: string,
    sourceId: string | undefined,
    facts: PatientFacts,
  ): Promise<OwnershipConflict | undefined> {
    const patientId = await this.existingPatientId(manager, sourceSystem, sourceId, facts.nhsNumber);
    if (!patientId) return undefined;
    const held = await manager.findOne(PatientEntity, { where: { id: patientId } });
    if (facts.nhsNumber && held && held.nhsNumber !== facts.nhsNumber) {
      // The NHS number already identifies another Beacon patient: two records must not claim one person.
      const other = await manager.findOne(PatientEntity, { where: { nhsNumber: facts.nhsNumber } });
      if (other && other.id !== patientId)
        return {
          kind: 'demographics',
          patientId,
          wardId: held.wardId,
          owner: other.registeredBy ?? 'another patient record',
          differences: [
            { element: 'Patient.identifier', held: `another patient (${other.id})`, sent: facts.nhsNumber },
          ],
        };
    }
    if (!held?.registeredBy || held.registeredBy === sourceSystem) return undefined;
    const compared: [string, string | null, string | undefined][] = [
      ['Patient.identifier', held.nhsNumber, facts.nhsNumber],
      ['Patient.name', held.name, facts.name],
      ['Patient.birthDate', held.birthDate, facts.birthDate],
      [
        'Patient.extension',
        held.birthTime?.toISOString() ?? null,
        facts.birthTime && new Date(facts.birthTime).toISOString(),
      ],
      ['Patient.gender', held.sex, facts.sex],
    ];
    const differences = compared
      .filter(([, current, sent]) => current !== null && sent !== undefined && current !== sent)
      .map(([element, current, sent]) => ({ element, held: current, sent: sent ?? null }));
    if (differences.length === 0) return undefined;
    return { kind: 'demographics', patientId, wardId: held.wardId, owner: held.registeredBy, differences };
  }

  /**
   * Whether an Encounter from this source would move a patient (or end her stay) on a ward another source placed
   * her on. Moving between sources is a discharge by one and an admission by the other (docs/integration.md).
   */
  async locationConflict(
    manager: EntityManager,
    sourceSystem: string,
    patientId: string,
    location: LocationFacts,
    since: Date,
  ): Promise<OwnershipConflict | undefined> {
    const held = await manager.findOneOrFail(PatientEntity, { where: { id: patientId } });
    if (held.wardId === null || !held.locationSource || held.locationSource === sourceSystem)
      return undefined;
    if (held.locationSince && held.locationSince.getTime() > since.getTime()) return undefined;
    const wardId = location.active ? (location.wardId ?? null) : null;
    const bed = location.active ? (location.bed ?? null) : null;
    const changes = location.active
      ? held.wardId !== wardId || held.bed !== bed
      : held.wardId === (location.wardId ?? null);
    if (!changes) return undefined;
    return {
      kind: 'location',
      patientId,
      wardId: held.wardId,
      owner: held.locationSource,
      differences: [
        {
          element: 'Encounter.location',
          held: [held.wardId, held.bed].filter(Boolean).join(', '),
          sent: location.active
            ? [wardId ?? 'no configured ward', bed].filter(Boolean).join(', ')
            : 'stay ended',
        },
      ],
    };
  }

  /**
   * Creates or updates the patient a Patient resource describes. The same person sent by two sources (same NHS
   * number) is one Beacon patient. Links a baby to its mother in either order of arrival.
   */
  async upsertPatient(
    manager: EntityManager,
    sourceSystem: string,
    sourceId: string | undefined,
    facts: PatientFacts,
    inBundle: ReadonlyMap<string, string> = new Map(),
  ): Promise<string> {
    let patientId = await this.existingPatientId(manager, sourceSystem, sourceId, facts.nhsNumber);
    const motherId = facts.motherReference
      ? (await this.resolvePatient(manager, sourceSystem, facts.motherReference, inBundle))?.id
      : undefined;
    const values = {
      nhsNumber: facts.nhsNumber ?? null,
      name: facts.name ?? null,
      birthDate: facts.birthDate ?? null,
      birthTime: facts.birthTime ? new Date(facts.birthTime) : null,
      sex: facts.sex ?? null,
      ...(motherId ? { motherPatientId: motherId } : {}),
      updatedAt: new Date(),
    };
    const held = patientId ? await manager.findOne(PatientEntity, { where: { id: patientId } }) : null;
    if (patientId && held?.registeredBy && held.registeredBy !== sourceSystem) {
      // Not the owner (the caller has checked there is no conflict): fill what is missing, replace nothing.
      const missing = Object.fromEntries(
        Object.entries(values).filter(
          ([key, value]) => value !== null && held[key as keyof PatientEntity] === null,
        ),
      );
      await manager.update(PatientEntity, { id: patientId }, { ...missing, updatedAt: new Date() });
    } else if (patientId) {
      await manager.update(PatientEntity, { id: patientId }, { ...values, registeredBy: sourceSystem });
    } else {
      const inserted = await manager.insert(PatientEntity, { ...values, registeredBy: sourceSystem });
      patientId = (inserted.identifiers[0] as { id: string }).id;
    }
    if (sourceId) {
      await manager
        .createQueryBuilder()
        .insert()
        .into(PatientIdentityEntity)
        .values({ sourceSystem, sourceId, patientId })
        .orIgnore()
        .execute();
    }
    if (facts.nhsNumber) {
      // Babies whose mother was named (by NHS number) before her own record arrived.
      await manager.query(
        `UPDATE patient SET mother_patient_id = $1 WHERE mother_nhs_number = $2 AND mother_patient_id IS NULL`,
        [patientId, facts.nhsNumber],
      );
    }
    return patientId;
  }

  /** Records who a baby's mother is, by her NHS number; resolved now if her record is known, later otherwise. */
  async recordMother(manager: EntityManager, babyId: string, motherNhsNumber: string): Promise<void> {
    const mother = await manager.findOne(PatientEntity, {
      where: { nhsNumber: motherNhsNumber },
      select: { id: true },
    });
    await manager.update(
      PatientEntity,
      { id: babyId },
      { motherNhsNumber, motherPatientId: mother?.id ?? null },
    );
  }

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

  /** The patient's ward (`undefined`: no such patient); `write` locks her row until the caller's transaction ends. */
  async wardOfPatient(
    manager: EntityManager,
    patientId: string,
    lock: 'none' | 'write' = 'none',
  ): Promise<{ wardId: string | null } | undefined> {
    const [patient] = await manager.query<{ ward_id: string | null }[]>(
      `SELECT ward_id FROM patient WHERE id = $1${lock === 'write' ? ' FOR UPDATE' : ''}`,
      [patientId],
    );
    return patient ? { wardId: patient.ward_id } : undefined;
  }

  /** What a screen shows to identify patients: initials (never the full name on a ward display) and bed. */
  async patientLabels(
    manager: EntityManager,
    ids: readonly string[],
  ): Promise<Map<string, { initials: string; bed: string | null; wardId: string | null }>> {
    if (ids.length === 0) return new Map();
    const rows = await manager.query<
      { id: string; name: string | null; bed: string | null; ward_id: string | null }[]
    >('SELECT id, name, bed, ward_id FROM patient WHERE id = ANY($1)', [ids]);
    return new Map(
      rows.map((row) => [row.id, { initials: initialsOf(row.name), bed: row.bed, wardId: row.ward_id }]),
    );
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

  /**
   * Moves the patient to the ward and bed of an active Encounter (or off the ward when the encounter that placed
   * them ends). Returns the previous ward when it changed.
   */
  async recordLocation(
    manager: EntityManager,
    patientId: string,
    location: LocationFacts,
    since: Date,
    sourceSystem?: string,
  ): Promise<{ changed: boolean; previousWardId: string | null; wardId: string | null }> {
    const patient = await manager.findOneOrFail(PatientEntity, { where: { id: patientId } });
    if (patient.locationSince && patient.locationSince.getTime() > since.getTime()) {
      return { changed: false, previousWardId: patient.wardId, wardId: patient.wardId };
    }
    const wardId = location.active ? (location.wardId ?? null) : null;
    const bed = location.active ? (location.bed ?? null) : null;
    if (!location.active && patient.wardId !== (location.wardId ?? null)) {
      return { changed: false, previousWardId: patient.wardId, wardId: patient.wardId };
    }
    await manager.update(
      PatientEntity,
      { id: patientId },
      {
        wardId,
        bed,
        locationSince: since,
        updatedAt: new Date(),
        ...(sourceSystem ? { locationSource: wardId === null ? null : sourceSystem } : {}),
      },
    );
    return {
      changed: patient.wardId !== wardId || patient.bed !== bed,
      previousWardId: patient.wardId,
      wardId,
    };
  }
}
