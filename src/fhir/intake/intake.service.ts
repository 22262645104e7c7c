import { Injectable } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { Transactions } from '../../database/unit-of-work';
import { BeaconMetrics } from '../../metrics/beacon-metrics';
import type { OutcomeIssue } from '../../http/operation-outcome';
import { normaliseObservation } from '../normalise/observation';
import {
  normaliseClinicalEvent,
  normaliseEncounter,
  normalisePatient,
  normaliseRelatedPerson,
} from '../normalise/resources';
import { StructureValidator, isAcceptedType } from '../validation/structure-validator';
import { ClinicalEventIntake } from './handlers/clinical-event.intake';
import { EncounterIntake } from './handlers/encounter.intake';
import { ObservationIntake } from './handlers/observation.intake';
import { IntakeSlots } from './intake-slots';
import { PatientIntake } from './handlers/patient.intake';
import { RelatedPersonIntake } from './handlers/related-person.intake';
import { intakeResult } from './intake-result';
import type { Applied, LocateRejection, PreparedOf, RequestReferences } from './intake-work';
import { IntakeWork, noReferences } from './intake-work';
import type { IntakeContext, IntakeResult, PreparedResource } from './intake.types';
import { IntakeRejection } from './intake.types';

export type { RequestReferences } from './intake-work';
export { noReferences } from './intake-work';

const RETRYABLE = new Set(['40001', '40P01', '23505']);

const unlocated: LocateRejection = (_position, rejection) => rejection;

/**
 * FHIR intake: checks a resource (structure, then Beacon's clinical rules), then in one PostgreSQL transaction stores
 * it as received, updates what Beacon knows about the patient, and writes the resulting queue work and audit
 * events. The caller answers 2xx only after this returns, so nothing acknowledged can be lost.
 */
@Injectable()
export class IntakeService {
  constructor(
    private readonly transactions: Transactions,
    private readonly validator: StructureValidator,
    private readonly config: AppConfig,
    private readonly metrics: BeaconMetrics,
    private readonly patients: PatientIntake,
    private readonly relatedPeople: RelatedPersonIntake,
    private readonly encounters: EncounterIntake,
    private readonly events: ClinicalEventIntake,
    private readonly observations: ObservationIntake,
    private readonly slots: IntakeSlots,
  ) {}

  /** Structural and clinical checks, no I/O. Throws IntakeRejection (400 structure, 422 clinical rules). */
  prepare(body: unknown, sourceId?: string): PreparedResource {
    const structural = this.validator.validate(body);
    if (structural.length > 0) throw new IntakeRejection(400, structural);
    const resource = body as fhir4.FhirResource;
    if (!isAcceptedType(resource.resourceType)) {
      throw new IntakeRejection(400, [
        {
          code: 'not-supported',
          expression: 'resourceType',
          diagnostics: `Beacon does not accept ${resource.resourceType} (it accepts Patient, RelatedPerson, Encounter, EpisodeOfCare, Condition, Procedure, MedicationAdministration and Observation)`,
        },
      ]);
    }
    const common = { resource, ...(sourceId ? { sourceId } : {}) };
    const reject = (issues: readonly OutcomeIssue[]): never => {
      throw new IntakeRejection(422, issues);
    };
    switch (resource.resourceType) {
      case 'Observation': {
        const result = normaliseObservation(resource, {
          now: new Date(),
          futureToleranceMs: this.config.env.BEACON_FUTURE_TOLERANCE_SECONDS * 1000,
          scorePreliminary: this.config.env.BEACON_SCORE_PRELIMINARY,
        });
        return result.ok
          ? { ...common, type: 'Observation', normalised: result.value, warnings: result.warnings }
          : reject(result.issues);
      }
      case 'Patient': {
        const result = normalisePatient(resource);
        return result.ok
          ? { ...common, type: 'Patient', normalised: result.value, warnings: result.warnings }
          : reject(result.issues);
      }
      case 'RelatedPerson': {
        const result = normaliseRelatedPerson(resource);
        return result.ok
          ? { ...common, type: 'RelatedPerson', normalised: result.value, warnings: result.warnings }
          : reject(result.issues);
      }
      case 'Encounter': {
        const result = normaliseEncounter(resource, (keys) => this.config.wardForLocation(keys));
        return result.ok
          ? { ...common, type: 'Encounter', normalised: result.value, warnings: result.warnings }
          : reject(result.issues);
      }
      default: {
        const result = normaliseClinicalEvent(resource as fhir4.Condition);
        return result.ok
          ? { ...common, type: 'Event', normalised: result.value, warnings: result.warnings }
          : reject(result.issues);
      }
    }
  }

  /** One resource, one transaction. */
  async ingest(body: unknown, context: IntakeContext, sourceId?: string): Promise<IntakeResult> {
    const type = (body as { resourceType?: unknown } | null)?.resourceType;
    if (typeof type === 'string' && !context.mayWrite(type)) {
      throw new IntakeRejection(403, [
        { code: 'forbidden', diagnostics: `the access token lacks a scope to write ${type}` },
      ]);
    }
    const prepared = this.prepare(body, sourceId);
    const result = await this.inTransaction((manager, work) =>
      this.apply(manager, prepared, context, noReferences(), work),
    );
    this.metrics.intakeResources.inc({ type: prepared.resource.resourceType, outcome: result.outcome });
    return result;
  }

  /**
   * Runs `work` in a transaction with its own unit of work, in one of intake's connections (IntakeSlots), retrying
   * on serialisation failures and races.
   */
  async inTransaction<T>(work: (manager: EntityManager, unit: IntakeWork) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.slots.run(() => this.transactions.run(work, new IntakeWork()));
      } catch (error) {
        if (error instanceof IntakeRejection && error.audit.length > 0) {
          // The refusal itself is audited, in a transaction of its own (the refused work has rolled back).
          await this.transactions.run((_manager, unit) => {
            unit.audit.push(...error.audit);
            return Promise.resolve();
          });
        }
        const code =
          error instanceof QueryFailedError ? (error.driverError as { code?: string }).code : undefined;
        if (attempt >= 3 || !code || !RETRYABLE.has(code)) throw error;
      }
    }
  }

  /** Stores one prepared resource inside the caller's transaction: the handler for its type does the work. */
  async apply(
    manager: EntityManager,
    prepared: PreparedResource,
    context: IntakeContext,
    references: RequestReferences,
    work: IntakeWork,
    fullUrl?: string,
  ): Promise<IntakeResult> {
    if (prepared.type === 'Observation') {
      const [result] = await this.applyObservations(
        manager,
        [{ prepared, fullUrl }],
        context,
        references,
        work,
      );
      return result as IntakeResult;
    }
    // A Patient or an Encounter may change what was resolved earlier in this transaction (her ward).
    work.patients.clear();
    let applied: Applied;
    switch (prepared.type) {
      case 'Patient':
        applied = await this.patients.apply(manager, prepared, context, references, work, fullUrl);
        break;
      case 'RelatedPerson':
        applied = await this.relatedPeople.apply(manager, prepared, context, references, work);
        break;
      case 'Encounter':
        applied = await this.encounters.apply(manager, prepared, context, references, work);
        break;
      case 'Event':
        applied = await this.events.apply(manager, prepared, context, references, work);
        break;
    }
    return intakeResult(prepared, applied.stored, applied.patient, context);
  }

  /** Observations (one, or a Bundle's run of them) inside the caller's transaction, in a fixed number of round trips. */
  async applyObservations(
    manager: EntityManager,
    items: readonly { readonly prepared: PreparedOf<'Observation'>; readonly fullUrl?: string | undefined }[],
    context: IntakeContext,
    references: RequestReferences,
    work: IntakeWork,
    locate: LocateRejection = unlocated,
  ): Promise<IntakeResult[]> {
    const applied = await this.observations.applyMany(manager, items, context, references, work, locate);
    return applied.map(({ stored, patient }, position) => {
      try {
        return intakeResult(items[position]?.prepared as PreparedResource, stored, patient, context);
      } catch (error) {
        throw error instanceof IntakeRejection ? locate(position, error) : error;
      }
    });
  }
}
