import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type {
  LocationFacts,
  OwnershipConflict,
  PatientFacts,
  PatientReference,
} from './clinical-record.types';
import { PatientIdentityEntity } from './persistence/patient-identity.entity';
import { PatientEntity } from './persistence/patient.entity';

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

export interface PatientSummary {
  readonly id: string;
  readonly wardId: string | null;
}

/** A patient's id and ward, by Beacon id, by a source system's own id, or by NHS number. */
const PATIENT_BY = {
  id: `SELECT id, ward_id AS "wardId" FROM patient WHERE id = $1`,
  sourceId: `SELECT p.id, p.ward_id AS "wardId" FROM patient_identity i JOIN patient p ON p.id = i.patient_id
             WHERE i.source_system = $1 AND i.source_id = $2`,
  nhsNumber: `SELECT id, ward_id AS "wardId" FROM patient WHERE nhs_number = $1`,
};

/**
 * Writes and reads what Beacon knows about a patient's identity, ownership and location: who she is (and who her
 * mother is), which source registered her, and which ward and bed she is on (and which source placed her there).
 * Every method takes the caller's EntityManager so intake can store a resource, the patient it describes, its outbox
 * work and its audit events in one transaction.
 */
@Injectable()
export class PatientStore {
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
