import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { stringify } from 'safe-stable-stringify';
import { FhirResourceEntity } from './fhir-resource.entity';
import { insertEntities } from '../../database/persistence/entity-sql';

export type StoreOutcome =
  /** First version of a resource Beacon did not know. */
  | 'created'
  /** The same version again (a retry or a second subscription): nothing changes. */
  | 'repeat'
  /** A newer version: it replaces the current one. */
  | 'new-version'
  /** An older version arriving late: kept, but the current version stays current. */
  | 'stale-version'
  /** The same version id with different content: refused. */
  | 'conflict';

export interface StoreInput {
  readonly resource: fhir4.Resource;
  readonly sourceSystem: string;
  readonly receivedVia: string;
  readonly patientId: string | null;
  /** Overrides the source id (a Bundle entry PUT to Observation/abc). */
  readonly sourceId?: string;
}

export interface StoreResult {
  readonly outcome: StoreOutcome;
  readonly row: FhirResourceEntity;
  /** The version this one replaced, when outcome is 'new-version'. */
  readonly replaced?: FhirResourceEntity;
}

function sha256(value: unknown): string {
  return createHash('sha256')
    .update(stringify(value) ?? '')
    .digest('hex');
}

/** What makes two deliveries the same resource: source + type + (id, or first identifier, or content). */
export function logicalKeyOf(
  resource: fhir4.Resource,
  sourceSystem: string,
  sourceId: string | undefined,
  contentSha: string,
): string {
  const base = `${sourceSystem}|${resource.resourceType}`;
  if (sourceId) return `${base}|id|${sourceId}`;
  const identifier = (resource as { identifier?: fhir4.Identifier[] | fhir4.Identifier }).identifier;
  const first = Array.isArray(identifier) ? identifier.find((candidate) => candidate.value) : identifier;
  if (first?.value) return `${base}|identifier|${first.system ?? ''}|${first.value}`;
  return `${base}|content|${contentSha}`;
}

/** Content without the server-assigned parts of meta, so the same resource re-sent hashes the same. */
function contentOf(resource: fhir4.Resource): unknown {
  const { meta, ...rest } = resource as fhir4.Resource & { meta?: fhir4.Meta };
  const kept = meta ? { ...meta, versionId: undefined, lastUpdated: undefined } : undefined;
  return {
    ...rest,
    ...(kept && Object.values(kept).some((value) => value !== undefined) ? { meta: kept } : {}),
  };
}

/** The columns of the stored versions the version decision reads. */
const VERSION_COLUMNS = [
  'id',
  'logical_id AS "logicalId"',
  'logical_key AS "logicalKey"',
  'version_number AS "versionNumber"',
  'version_key AS "versionKey"',
  'content_sha256 AS "contentSha256"',
  'is_current AS "isCurrent"',
  'source_last_updated AS "sourceLastUpdated"',
  'patient_id AS "patientId"',
  'resource_type AS "resourceType"',
  'fhir_status AS "fhirStatus"',
  'received_at AS "receivedAt"',
].join(', ');

type StoredVersion = Pick<
  FhirResourceEntity,
  | 'id'
  | 'logicalId'
  | 'logicalKey'
  | 'versionNumber'
  | 'versionKey'
  | 'contentSha256'
  | 'isCurrent'
  | 'sourceLastUpdated'
  | 'patientId'
  | 'resourceType'
  | 'fhirStatus'
  | 'receivedAt'
>;

/** A version about to be written: the database gives its id and time of receipt. */
type NewVersion = Omit<FhirResourceEntity, 'id' | 'receivedAt'>;

interface Keyed {
  readonly input: StoreInput;
  readonly contentSha: string;
  readonly sourceId: string | undefined;
  readonly logicalKey: string;
  readonly versionKey: string;
  readonly lastUpdated: Date | null;
}

function keyed(input: StoreInput): Keyed {
  const { resource } = input;
  const contentSha = sha256(contentOf(resource));
  const sourceId = input.sourceId ?? resource.id;
  const sourceVersion = resource.meta?.versionId;
  return {
    input,
    contentSha,
    sourceId,
    logicalKey: logicalKeyOf(resource, input.sourceSystem, sourceId, contentSha),
    versionKey: sourceVersion ? `v|${sourceVersion}` : `sha|${contentSha}`,
    lastUpdated: resource.meta?.lastUpdated ? new Date(resource.meta.lastUpdated) : null,
  };
}

/**
 * What a delivery is, given the versions already stored under its logical key (newest first): the same version
 * again, a conflict, a new current version, or a late older one. Pure: `storeMany` applies it.
 */
function decide(
  item: Keyed,
  versions: readonly StoredVersion[],
):
  | { readonly outcome: 'repeat' | 'conflict'; readonly row: StoredVersion }
  | { readonly outcome: 'created' | 'new-version' | 'stale-version'; readonly current?: StoredVersion } {
  const same = versions.find((version) => version.versionKey === item.versionKey);
  if (same) return { outcome: same.contentSha256 === item.contentSha ? 'repeat' : 'conflict', row: same };
  const current = versions.find((version) => version.isCurrent);
  if (!current) return { outcome: 'created' };
  const stale = Boolean(
    current.sourceLastUpdated &&
    item.lastUpdated &&
    item.lastUpdated.getTime() < current.sourceLastUpdated.getTime(),
  );
  return stale ? { outcome: 'stale-version', current } : { outcome: 'new-version', current };
}

/**
 * Keeps every accepted resource exactly as received, versioned and idempotent: the same version delivered any
 * number of times, by any route, is stored once. Concurrent deliveries of one resource are serialised on its
 * logical key for the rest of the caller's transaction.
 */
@Injectable()
export class FhirResourceStore {
  /** Writes new versions in one INSERT; each comes back with its id and time of receipt from the database. */
  private async insertVersions(
    manager: EntityManager,
    versions: ReadonlyMap<Keyed, NewVersion>,
  ): Promise<Map<Keyed, FhirResourceEntity>> {
    const inserted = await insertEntities(
      manager,
      FhirResourceEntity,
      [...versions.values()],
      ['id', 'receivedAt'],
    );
    return new Map(
      [...versions].map(([item, values], index) => [
        item,
        { ...values, ...inserted[index] } as FhirResourceEntity,
      ]),
    );
  }

  async store(manager: EntityManager, input: StoreInput): Promise<StoreResult> {
    const [result] = await this.storeMany(manager, [input]);
    return result as StoreResult;
  }

  /**
   * Stores many resources (a Bundle's Observations) in a fixed number of round trips: their logical keys are locked
   * in key order (so two Bundles never wait on each other in opposite orders) and their versions read in one
   * statement (beacon_lock_resource_versions), and the new versions written in one multi-row INSERT. Results are in the order of `inputs`.
   */
  async storeMany(manager: EntityManager, inputs: readonly StoreInput[]): Promise<StoreResult[]> {
    const items = inputs.map(keyed);
    const keys = [...new Set(items.map((item) => item.logicalKey))].sort();
    if (keys.length < items.length) {
      // The same resource twice in one request: each must see the version the previous one stored.
      const results: StoreResult[] = [];
      for (const input of inputs) results.push(await this.store(manager, input));
      return results;
    }
    // Locks the keys in the order given, then reads their versions with a snapshot taken after the locks.
    const stored = await manager.query<StoredVersion[]>(
      `SELECT ${VERSION_COLUMNS} FROM beacon_lock_resource_versions($1::text[]) ORDER BY version_number DESC`,
      [keys],
    );
    const versionsOf = new Map<string, StoredVersion[]>();
    for (const version of stored) {
      const list = versionsOf.get(version.logicalKey) ?? [];
      list.push(version);
      versionsOf.set(version.logicalKey, list);
    }

    const decisions = items.map((item) => ({ item, ...decide(item, versionsOf.get(item.logicalKey) ?? []) }));
    const replacedIds = decisions.flatMap((d) =>
      d.outcome === 'new-version' && d.current ? [d.current.id] : [],
    );
    if (replacedIds.length > 0) {
      await manager.query('UPDATE fhir_resource SET is_current = false WHERE id = ANY($1::uuid[])', [
        replacedIds,
      ]);
    }
    const newVersions = new Map<Keyed, NewVersion>();
    for (const decision of decisions) {
      if (decision.outcome === 'repeat' || decision.outcome === 'conflict') continue;
      const { item } = decision;
      const versions = versionsOf.get(item.logicalKey) ?? [];
      newVersions.set(item, {
        logicalId: versions[0]?.logicalId ?? randomUUID(),
        versionNumber: (versions[0]?.versionNumber ?? 0) + 1,
        resourceType: item.input.resource.resourceType,
        sourceSystem: item.input.sourceSystem,
        sourceId: item.sourceId ?? null,
        sourceVersion: item.input.resource.meta?.versionId ?? null,
        sourceLastUpdated: item.lastUpdated,
        logicalKey: item.logicalKey,
        versionKey: item.versionKey,
        contentSha256: item.contentSha,
        fhirStatus: (item.input.resource as { status?: string }).status ?? null,
        isCurrent: decision.outcome !== 'stale-version',
        raw: item.input.resource,
        receivedVia: item.input.receivedVia,
        patientId: item.input.patientId,
      });
    }
    const newRows = await this.insertVersions(manager, newVersions);

    return decisions.map((decision): StoreResult => {
      if (decision.outcome === 'repeat' || decision.outcome === 'conflict') {
        return { outcome: decision.outcome, row: decision.row as FhirResourceEntity };
      }
      const row = newRows.get(decision.item) as FhirResourceEntity;
      return decision.outcome === 'new-version' && decision.current
        ? { outcome: 'new-version', row, replaced: decision.current as FhirResourceEntity }
        : { outcome: decision.outcome, row };
    });
  }

  /** Files a stored resource under the patient it registered (a Patient resource is stored before she exists). */
  async assignPatient(manager: EntityManager, resourceId: string, patientId: string): Promise<void> {
    await manager.query('UPDATE fhir_resource SET patient_id = $1 WHERE id = $2', [patientId, resourceId]);
  }

  async findCurrent(
    manager: EntityManager,
    resourceType: string,
    logicalId: string,
  ): Promise<FhirResourceEntity | null> {
    return manager.findOne(FhirResourceEntity, { where: { resourceType, logicalId, isCurrent: true } });
  }

  async findVersion(
    manager: EntityManager,
    resourceType: string,
    logicalId: string,
    versionNumber: number,
  ): Promise<FhirResourceEntity | null> {
    return manager.findOne(FhirResourceEntity, { where: { resourceType, logicalId, versionNumber } });
  }
}
