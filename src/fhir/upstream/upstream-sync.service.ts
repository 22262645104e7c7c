import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import type { OutboxMessage } from '../../queue/outbox';
import { OutboxWriter } from '../../queue/outbox';
import { OutboxRelay } from '../../queue/outbox-relay';
import { IntakeService } from '../intake/intake.service';
import type { IntakeContext, IntakeResult } from '../intake/intake.types';
import { IntakeRejection } from '../intake/intake.types';
import { parseReference } from '../normalise/references';
import { UpstreamCursorRepository } from '../persistence/upstream-cursor.repository';
import { UpstreamClient, UpstreamError } from './upstream-client';
import { SUBSCRIBED_TYPES, desiredSubscription, sameSubscription } from './subscriptions';

const PAGE_SIZE = 100;

/** The Patient a resource is about, as a "Patient/<id>" reference of the upstream server. */
function patientIdOf(resource: fhir4.Resource): string | undefined {
  const holder = resource as { subject?: fhir4.Reference; patient?: fhir4.Reference };
  const parsed = parseReference((holder.subject ?? holder.patient)?.reference ?? '');
  return parsed.type === 'Patient' ? parsed.id : undefined;
}

/** Failures retrying cannot fix: a resource Beacon rejects, or one that is gone upstream. */
export function isPermanentFailure(error: unknown): boolean {
  return (
    error instanceof IntakeRejection ||
    (error instanceof UpstreamError && (error.status === 404 || error.status === 410))
  );
}

/** A rejection that only says the patient is not known yet: fetch the patient, then try again. */
export function isUnknownPatient(error: unknown): boolean {
  return (
    error instanceof IntakeRejection &&
    error.getStatus() === 422 &&
    error.issues.every(
      (issue) => issue.code === 'not-found' && /\.(subject|patient)$/.test(issue.expression ?? ''),
    )
  );
}

/**
 * Keeps Beacon in step with an upstream FHIR server: its Subscriptions, id-only notifications (fetch the resource),
 * resources about a patient Beacon has not seen yet (fetch the patient first), and the catch-up search that makes
 * intake gap-free whatever the notifications did (servers drop a delivery after a few retries).
 */
@Injectable()
export class UpstreamSync {
  private readonly logger = new Logger(UpstreamSync.name);

  constructor(
    private readonly client: UpstreamClient,
    private readonly intake: IntakeService,
    private readonly outbox: OutboxWriter,
    private readonly relay: OutboxRelay,
    private readonly dataSource: DataSource,
    private readonly cursors: UpstreamCursorRepository,
    private readonly config: AppConfig,
  ) {}

  get enabled(): boolean {
    return this.client.enabled;
  }

  context(via: IntakeContext['via']): IntakeContext {
    return {
      sourceSystem: this.client.baseUrl,
      actor: { type: 'upstream', id: this.client.baseUrl },
      via,
      mayWrite: () => true,
    };
  }

  /** Work for the worker, stored durably before the notification is acknowledged. */
  async enqueue(messages: readonly OutboxMessage[]): Promise<void> {
    this.relay.handOver(await this.dataSource.transaction((manager) => this.outbox.add(manager, messages)));
  }

  /**
   * Ingests an upstream resource. When its patient is unknown, the worker fetches the patient (and their encounters)
   * first; the notification path does not (it defers to the worker rather than call upstream while upstream waits).
   */
  async ingest(
    resource: fhir4.Resource,
    via: IntakeContext['via'],
    fetchMissingPatient = true,
  ): Promise<IntakeResult> {
    try {
      return await this.intake.ingest(resource, this.context(via));
    } catch (error) {
      const patientId = patientIdOf(resource);
      if (
        !fetchMissingPatient ||
        !isUnknownPatient(error) ||
        !patientId ||
        resource.resourceType === 'Patient'
      )
        throw error;
      await this.fetchPatient(patientId, via);
      return this.intake.ingest(resource, this.context(via));
    }
  }

  private async fetchPatient(id: string, via: IntakeContext['via']): Promise<void> {
    await this.intake.ingest(await this.client.read('Patient', id), this.context(via));
    const encounters = await this.client.search('Encounter', { subject: `Patient/${id}`, _count: PAGE_SIZE });
    for (const entry of encounters.entry ?? []) if (entry.resource) await this.ingest(entry.resource, via);
  }

  /** An id-only notification (or a deferred one): read the resource upstream and ingest it. */
  async fetch(resourceType: string, id: string, versionId?: string): Promise<IntakeResult> {
    return this.ingest(await this.client.read(resourceType, id, versionId), 'upstream-fetch');
  }

  /** Creates or updates Beacon's Subscriptions upstream so that they match what Beacon wants. */
  async ensureSubscriptions(): Promise<{ created: number; updated: number }> {
    const endpoint = `${this.config.env.BEACON_PUBLIC_URL.replace(/\/$/, '')}/fhir/notify`;
    const secret = this.config.env.BEACON_FHIR_NOTIFY_SECRET;
    const found = await this.client.search('Subscription', { url: endpoint, _count: PAGE_SIZE });
    const existing = (found.entry ?? []).flatMap((entry) =>
      entry.resource?.resourceType === 'Subscription' ? [entry.resource as fhir4.Subscription] : [],
    );
    let created = 0;
    let updated = 0;
    for (const type of SUBSCRIBED_TYPES) {
      const desired = desiredSubscription(type, endpoint, secret);
      const current = existing.find(
        (subscription) => subscription.criteria === type && subscription.channel.endpoint === endpoint,
      );
      if (!current?.id) {
        await this.client.create(desired);
        created += 1;
      } else if (!sameSubscription(current, desired)) {
        await this.client.update({ ...desired, id: current.id });
        updated += 1;
      }
    }
    if (created + updated > 0)
      this.logger.log(`upstream subscriptions: ${created} created, ${updated} updated`);
    return { created, updated };
  }

  private async cursor(resourceType: string): Promise<Date> {
    return (
      (await this.cursors.lastUpdated(this.client.baseUrl, resourceType)) ??
      new Date(Date.now() - this.config.env.BEACON_FHIR_CATCHUP_INITIAL_HOURS * 3600_000)
    );
  }

  /**
   * Everything changed upstream since the last resource processed, oldest first, type by type (patients before what
   * refers to them). The search is inclusive (ge), so nothing at the cursor's instant is skipped; what was already
   * stored is recognised as a repeat and changes nothing. Returns how many resources were new to Beacon.
   */
  async catchUp(): Promise<{ fetched: number; stored: number; rejected: number }> {
    let fetched = 0;
    let stored = 0;
    let rejected = 0;
    for (const type of SUBSCRIBED_TYPES) {
      const since = await this.cursor(type);
      let page: fhir4.Bundle | undefined = await this.client.search(type, {
        _lastUpdated: `ge${since.toISOString()}`,
        _sort: '_lastUpdated',
        _count: PAGE_SIZE,
      });
      while (page) {
        let latest: Date | undefined;
        for (const entry of page.entry ?? []) {
          const resource = entry.resource;
          if (
            !resource ||
            resource.resourceType !== type ||
            (entry.search?.mode && entry.search.mode !== 'match')
          )
            continue;
          fetched += 1;
          try {
            const result = await this.ingest(resource, 'catch-up');
            if (result.status === 201) stored += 1;
          } catch (error) {
            // One resource Beacon will never accept (bad data, a patient that does not exist upstream) must not stop
            // the catch-up of everything after it; anything transient (network, database) fails the job to retry.
            if (!isPermanentFailure(error)) throw error;
            rejected += 1;
            this.logger.warn(
              `catch-up rejected ${type}/${resource.id ?? '?'}: ${error instanceof Error ? error.message : String(error)}`,
            );
          }
          const lastUpdated = resource.meta?.lastUpdated ? new Date(resource.meta.lastUpdated) : undefined;
          if (lastUpdated && (!latest || lastUpdated > latest)) latest = lastUpdated;
        }
        if (latest) await this.cursors.advance(this.client.baseUrl, type, latest);
        page = await this.client.nextPage(page);
      }
    }
    if (stored > 0 || rejected > 0)
      this.logger.log(`catch-up: ${fetched} seen, ${stored} new, ${rejected} rejected`);
    return { fetched, stored, rejected };
  }
}
