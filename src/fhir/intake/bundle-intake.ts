import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { isDatabaseUnavailable, isPoolSaturated } from '../../database/database-errors';
import { HttpError } from '../../http/http-error';
import { BeaconMetrics } from '../../metrics/beacon-metrics';
import type { OutcomeIssue } from '../../http/operation-outcome';
import { operationOutcome } from '../../http/operation-outcome';
import { inEntry } from '../normalise/issues';
import { ACCEPTED_RESOURCE_TYPES } from '../validation/structure-validator';
import type { RequestReferences } from './intake.service';
import { IntakeService, noReferences } from './intake.service';
import type { IntakeContext, IntakeResult, PreparedResource } from './intake.types';
import { IntakeRejection } from './intake.types';
import type { Entry } from './read-bundle';
import { readBundle } from './read-bundle';

/** Patients first, then what refers to them; Observations last (their panels and subjects are known by then). */
const ORDER: readonly string[] = ACCEPTED_RESOURCE_TYPES;

const REASON: Readonly<Record<number, string>> = {
  200: 'OK',
  201: 'Created',
  400: 'Bad Request',
  403: 'Forbidden',
  409: 'Conflict',
  422: 'Unprocessable Entity',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

type Prepared = { entry: Entry; prepared: PreparedResource } | { entry: Entry; rejection: IntakeRejection };

/** The intake metric's outcome label for an entry's response status line. */
const outcomeOf = (status: string): string =>
  status.startsWith('201')
    ? 'created'
    : status.startsWith('200')
      ? 'unchanged'
      : status.startsWith('5')
        ? 'failed'
        : 'rejected';

/** What a batch entry that failed for a reason other than its content answers: its status and issues. */
interface EntryFailure {
  readonly status: number;
  readonly issues: readonly OutcomeIssue[];
  /** PostgreSQL is down or every connection is busy: the entries after this one are not tried. */
  readonly unavailable: boolean;
}

function statusLine(status: number): string {
  return `${status} ${REASON[status] ?? ''}`.trim();
}

/** A transaction's entries in order, consecutive Observations together (stored in one go), anything else alone. */
function runsOfObservations<T extends { prepared: PreparedResource }>(items: readonly T[]): T[][] {
  const runs: T[][] = [];
  for (const item of items) {
    const last = runs.at(-1);
    if (item.prepared.type === 'Observation' && last?.[0]?.prepared.type === 'Observation') last.push(item);
    else runs.push([item]);
  }
  return runs;
}

/**
 * POST /fhir: a batch (each entry on its own) or a transaction (all or nothing, one PostgreSQL transaction) of
 * Patient, RelatedPerson, Encounter, EpisodeOfCare, Condition, Procedure, MedicationAdministration and Observation.
 */
@Injectable()
export class BundleIntake {
  private readonly logger = new Logger(BundleIntake.name);

  constructor(
    private readonly intake: IntakeService,
    private readonly config: AppConfig,
    private readonly metrics: BeaconMetrics,
  ) {}

  async process(body: unknown, context: IntakeContext): Promise<fhir4.Bundle> {
    const { type, entries } = readBundle(body, this.config.env.BEACON_FHIR_MAX_BUNDLE_ENTRIES);
    const prepared = entries.map((entry) => this.prepareEntry(entry, context));
    const references = noReferences();
    this.findPanels(entries, context, references);
    const ordered = [...prepared].sort(
      (a, b) =>
        ORDER.indexOf(a.entry.resource.resourceType) - ORDER.indexOf(b.entry.resource.resourceType) ||
        a.entry.index - b.entry.index,
    );
    const responses =
      type === 'transaction'
        ? await this.transaction(ordered, context, references)
        : await this.batch(ordered, context, references);
    for (const entry of entries) {
      const status = responses.get(entry.index)?.status ?? '500';
      this.metrics.intakeResources.inc({ type: entry.resource.resourceType, outcome: outcomeOf(status) });
    }
    return {
      resourceType: 'Bundle',
      type: type === 'transaction' ? 'transaction-response' : 'batch-response',
      timestamp: new Date().toISOString(),
      entry: entries.map((entry) => ({ response: responses.get(entry.index) ?? { status: '500' } })),
    };
  }

  private prepareEntry(entry: Entry, context: IntakeContext): Prepared {
    if (!context.mayWrite(entry.resource.resourceType)) {
      return {
        entry,
        rejection: new IntakeRejection(403, [
          {
            code: 'forbidden',
            expression: `Bundle.entry[${entry.index}]`,
            diagnostics: `the access token lacks a scope to write ${entry.resource.resourceType}`,
          },
        ]),
      };
    }
    try {
      return { entry, prepared: this.intake.prepare(entry.resource, entry.sourceId) };
    } catch (error) {
      if (!(error instanceof IntakeRejection)) throw error;
      return { entry, rejection: new IntakeRejection(error.getStatus(), inEntry(error.issues, entry.index)) };
    }
  }

  /** hasMember of a panel in the Bundle: the members are recorded as one observation set. */
  private findPanels(entries: readonly Entry[], context: IntakeContext, references: RequestReferences): void {
    for (const entry of entries) {
      // Read before the resources are validated: a hasMember of the wrong shape is left to validation (a 400).
      const members: unknown = (entry.resource as fhir4.Observation).hasMember;
      if (entry.resource.resourceType !== 'Observation' || !Array.isArray(members)) continue;
      const panelKey = `${context.sourceSystem}|panel|${entry.fullUrl ?? `Observation/${entry.resource.id ?? entry.index}`}`;
      for (const member of members as unknown[]) {
        const reference = (member as { reference?: unknown } | null)?.reference;
        if (typeof reference === 'string' && reference) references.panels.set(reference, panelKey);
      }
    }
  }

  private response(result: IntakeResult): fhir4.BundleEntryResponse {
    return {
      status: statusLine(result.status),
      location: `${this.config.env.BEACON_PUBLIC_URL.replace(/\/$/, '')}/fhir/${result.resourceType}/${result.logicalId}/_history/${result.versionNumber}`,
      etag: `W/"${result.versionNumber}"`,
      lastModified: result.receivedAt.toISOString(),
      ...(result.warnings.length > 0 ? { outcome: operationOutcome(result.warnings) } : {}),
    };
  }

  private async transaction(
    ordered: readonly Prepared[],
    context: IntakeContext,
    references: RequestReferences,
  ) {
    const rejected = ordered.filter(
      (item): item is Extract<Prepared, { rejection: IntakeRejection }> => 'rejection' in item,
    );
    if (rejected.length > 0) {
      const status = rejected.map((item) => item.rejection.getStatus()).sort((a, b) => a - b)[0] ?? 400;
      throw new IntakeRejection(
        status,
        rejected.flatMap((item) => item.rejection.issues),
      );
    }
    const results = await this.intake.inTransaction(async (manager, work) => {
      const done = new Map<number, IntakeResult>();
      references.patients.clear();
      const transactionContext = { ...context, via: 'transaction' as const };
      for (const run of runsOfObservations(ordered as Extract<Prepared, { prepared: PreparedResource }>[])) {
        const located = (position: number, error: IntakeRejection) =>
          new IntakeRejection(error.getStatus(), inEntry(error.issues, run[position]?.entry.index ?? 0));
        if (run[0]?.prepared.type === 'Observation') {
          const stored = await this.intake.applyObservations(
            manager,
            run.map((item) => ({
              prepared: item.prepared as Extract<PreparedResource, { type: 'Observation' }>,
              fullUrl: item.entry.fullUrl,
            })),
            transactionContext,
            references,
            work,
            located,
          );
          stored.forEach((result, position) => done.set(run[position]?.entry.index ?? 0, result));
          continue;
        }
        const [item] = run as [Extract<Prepared, { prepared: PreparedResource }>];
        try {
          done.set(
            item.entry.index,
            await this.intake.apply(
              manager,
              item.prepared,
              transactionContext,
              references,
              work,
              item.entry.fullUrl,
            ),
          );
        } catch (error) {
          throw error instanceof IntakeRejection ? located(0, error) : error;
        }
      }
      return done;
    });
    return new Map([...results].map(([index, result]) => [index, this.response(result)]));
  }

  /**
   * Each entry in a transaction of its own, each with its own response: created or unchanged, refused (4xx with the
   * OperationOutcome naming the element), or failed (5xx with an OperationOutcome, nothing of that entry stored). A
   * failure of one entry never hides what the others stored: the batch answers 200 with every entry's status. Only
   * when PostgreSQL is unavailable (or every connection busy) before anything was stored does the whole Bundle answer
   * 503 with Retry-After, so the EPR sends it again as it would any request that stored nothing.
   */
  private async batch(ordered: readonly Prepared[], context: IntakeContext, references: RequestReferences) {
    const responses = new Map<number, fhir4.BundleEntryResponse>();
    let stored = false;
    let stoppedBy: { index: number; failure: EntryFailure } | undefined;
    for (const item of ordered) {
      if ('rejection' in item) {
        responses.set(item.entry.index, {
          status: statusLine(item.rejection.getStatus()),
          outcome: operationOutcome(item.rejection.issues),
        });
        continue;
      }
      if (stoppedBy) {
        responses.set(item.entry.index, {
          status: statusLine(stoppedBy.failure.status),
          outcome: operationOutcome([
            {
              code: 'transient',
              expression: `Bundle.entry[${item.entry.index}]`,
              diagnostics: `Bundle.entry[${item.entry.index}] was not stored: Bundle.entry[${stoppedBy.index}] found the database unavailable, so the entries after it were not tried; send them again`,
            },
          ]),
        });
        continue;
      }
      const before = new Map(references.patients);
      try {
        const result = await this.intake.inTransaction((manager, work) =>
          this.intake.apply(
            manager,
            item.prepared,
            { ...context, via: 'batch' },
            references,
            work,
            item.entry.fullUrl,
          ),
        );
        responses.set(item.entry.index, this.response(result));
        stored = true;
      } catch (error) {
        // The entry rolled back: so must any patient it registered for later entries.
        references.patients.clear();
        for (const [key, value] of before) references.patients.set(key, value);
        if (error instanceof IntakeRejection) {
          responses.set(item.entry.index, {
            status: statusLine(error.getStatus()),
            outcome: operationOutcome(inEntry(error.issues, item.entry.index)),
          });
          continue;
        }
        const failure = this.entryFailure(error, item.entry.index);
        // Nothing stored yet and nothing can be: the whole Bundle is a 503 (Retry-After) the EPR simply resends.
        if (failure.unavailable && !stored) throw error;
        if (failure.status >= 500)
          this.logger[failure.unavailable ? 'warn' : 'error'](
            { err: error, entry: item.entry.index },
            failure.unavailable
              ? 'batch entry not stored: database unavailable'
              : 'batch entry failed unexpectedly',
          );
        if (failure.unavailable) stoppedBy = { index: item.entry.index, failure };
        responses.set(item.entry.index, {
          status: statusLine(failure.status),
          outcome: operationOutcome(failure.issues),
        });
      }
    }
    return responses;
  }

  /** The response of a batch entry whose transaction failed for a reason other than its content. */
  private entryFailure(error: unknown, index: number): EntryFailure {
    const expression = `Bundle.entry[${index}]`;
    if (error instanceof HttpError)
      return { status: error.getStatus(), issues: inEntry(error.issues, index), unavailable: false };
    if (isPoolSaturated(error) || isDatabaseUnavailable(error)) {
      return {
        status: 503,
        unavailable: true,
        issues: [
          {
            code: isPoolSaturated(error) ? 'throttled' : 'transient',
            expression,
            diagnostics: `${expression} was not stored: ${
              isPoolSaturated(error)
                ? 'Beacon is overloaded (every database connection is busy)'
                : 'its database is unavailable'
            }; send it again later`,
          },
        ],
      };
    }
    return {
      status: 500,
      unavailable: false,
      issues: [
        {
          severity: 'fatal',
          code: 'exception',
          expression,
          diagnostics: `${expression} was not stored: Beacon failed to store it (an internal error; it has been logged). The other entries' responses say what they stored`,
        },
      ],
    };
  }
}
