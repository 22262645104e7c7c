import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CONTEXT_READING_FIELDS } from '../../clinical-record/clinical-record.types';
import { fieldLiterals } from '../../clinical-record/persistence/sparse-reading-fields';
import { AppConfig } from '../../config/app-config';
import { pathwayMeaning } from '../../fhir/codes/pathway-codes';
import type { FamilyRecord, PersonRecord, RecordedEvent, RecordedReading } from '../domain/pathway-cases';

const YEAR_MS = 365 * 24 * 3600_000;

/**
 * The readings the pathways read (besides events): every member's context readings, named in the statement so that
 * PostgreSQL reads them through the index of sparse fields, and the babies' temperatures (a mother's, one in every
 * set of her stay, are never read by a pathway).
 */
const FAMILY_READINGS = `SELECT patient_id, field, value, effective_at AS at, recorded_at FROM reading
  WHERE is_current AND status IN ('scored', 'stored-only')
    AND ((patient_id = ANY($1) AND field IN (${fieldLiterals(CONTEXT_READING_FIELDS)}))
      OR (patient_id = ANY($2) AND field = 'temperature'))
  ORDER BY effective_at, id`;

export interface Family extends FamilyRecord {
  /** Every member's id, mother first: the patients whose prompts an evaluation decides. */
  readonly ids: readonly string[];
}

interface PatientRow {
  id: string;
  ward_id: string | null;
  mother_patient_id: string | null;
  born: Date | null;
}

interface EventRow {
  patient_id: string;
  kind: string;
  codes: string[];
  status: string | null;
  occurred_at: Date | null;
  ended_at: Date | null;
  display: string | null;
  details: { wardId?: unknown };
}

/**
 * Reads a mother and her babies (or a baby and its mother and siblings) as the pathways see them: readings, and the
 * clinical events that mean something to a pathway (classified by src/fhir/codes/pathway-codes.ts). A baby's
 * Encounter on a ward configured as a neonatal unit is its neonatal admission.
 */
@Injectable()
export class PathwayRecordReader {
  constructor(private readonly config: AppConfig) {}

  /** The family's root (the mother when known): evaluations of one family are serialised on it. */
  async familyRoot(manager: EntityManager, patientId: string): Promise<string | undefined> {
    const [row] = await manager.query<{ mother_patient_id: string | null }[]>(
      'SELECT mother_patient_id FROM patient WHERE id = $1',
      [patientId],
    );
    return row ? (row.mother_patient_id ?? patientId) : undefined;
  }

  async family(manager: EntityManager, patientId: string): Promise<Family | undefined> {
    const root = await this.familyRoot(manager, patientId);
    if (!root) return undefined;
    const rows = await manager.query<PatientRow[]>(
      `SELECT id, ward_id, mother_patient_id, COALESCE(birth_time, birth_date::timestamptz) AS born
       FROM patient WHERE id = $1 OR mother_patient_id = $1`,
      [root],
    );
    const ids = rows.map((row) => row.id);
    // A root with no mother link is a mother unless she was born within the year (a baby whose mother is unknown).
    const isInfant = (row: PatientRow) => row.born !== null && Date.now() - row.born.getTime() < YEAR_MS;
    const mother = rows.find((row) => row.id === root && !isInfant(row));
    const babies = rows.filter((row) => row.mother_patient_id === root || (!mother && row.id === root));
    const readings = await manager.query<
      { patient_id: string; field: string; value: number | string | boolean; at: Date; recorded_at: Date }[]
    >(FAMILY_READINGS, [ids, babies.map((baby) => baby.id)]);
    const events = await manager.query<EventRow[]>(
      `SELECT patient_id, kind, codes, status, occurred_at, ended_at, display, details FROM clinical_event
       WHERE patient_id = ANY($1) AND is_current AND occurred_at IS NOT NULL ORDER BY occurred_at, id`,
      [ids],
    );
    const person = (row: PatientRow): PersonRecord => ({
      id: row.id,
      wardId: row.ward_id,
      birthTime: row.born ? row.born.getTime() : null,
      readings: readings
        .filter((reading) => reading.patient_id === row.id)
        .map((reading): RecordedReading => ({
          field: reading.field,
          value: reading.value,
          at: reading.at.getTime(),
          recordedAt: reading.recorded_at.getTime(),
        })),
      events: events.filter((event) => event.patient_id === row.id).flatMap((event) => this.meaningOf(event)),
    });
    return {
      ...(mother ? { mother: person(mother) } : {}),
      babies: babies.map(person),
      ids: [...(mother ? [mother.id] : []), ...babies.map((baby) => baby.id)],
    };
  }

  private meaningOf(row: EventRow): RecordedEvent[] {
    const at = row.occurred_at?.getTime();
    if (at === undefined) return [];
    const end = row.ended_at?.getTime();
    const neonatalWard =
      row.kind === 'encounter' &&
      typeof row.details.wardId === 'string' &&
      this.config.wards.wards.some((ward) => ward.id === row.details.wardId && ward.neonatalUnit);
    if (neonatalWard && !['cancelled', 'entered-in-error'].includes(row.status ?? ''))
      return [{ kind: 'event', event: 'neonatal-admission', at }];
    const meaning = pathwayMeaning({
      codes: row.codes,
      ...(row.status ? { status: row.status } : {}),
      occurredAt: row.occurred_at?.toISOString(),
      ...(row.ended_at ? { endedAt: row.ended_at.toISOString() } : {}),
    });
    if (!meaning) return [];
    switch (meaning.kind) {
      case 'event':
        return [
          {
            kind: 'event',
            event: meaning.event,
            at,
            ...(end !== undefined ? { end } : {}),
            ...(meaning.mode ? { mode: meaning.mode } : {}),
            ...(row.display ? { display: row.display } : {}),
          },
        ];
      case 'labour':
        return [{ kind: 'labour', state: meaning.state, at }];
      case 'membranes-ruptured':
        return [{ kind: 'membranes-ruptured', at }];
      case 'referral':
        return [{ kind: 'referral', at }];
    }
  }
}
