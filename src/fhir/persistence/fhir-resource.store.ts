import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { stringify } from 'safe-stable-stringify';
import { FhirResourceEntity } from './fhir-resource.entity';

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

/**
 * Keeps every accepted resource exactly as received, versioned and idempotent: the same version delivered any
 * number of times, by any route, is stored once. Concurrent deliveries of one resource are serialised on its
 * logical key for the rest of the caller's transaction.
 */
@Injectable()
export class FhirResourceStore {
  async store(manager: EntityManager, input: StoreInput): Promise<StoreResult> {
    const { resource } = input;
    const contentSha = sha256(contentOf(resource));
    const sourceId = input.sourceId ?? resource.id;
    const logicalKey = logicalKeyOf(resource, input.sourceSystem, sourceId, contentSha);
    const sourceVersion = resource.meta?.versionId ?? null;
    const versionKey = sourceVersion ? `v|${sourceVersion}` : `sha|${contentSha}`;
    const lastUpdated = resource.meta?.lastUpdated ? new Date(resource.meta.lastUpdated) : null;

    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [logicalKey]);
    const versions = await manager.find(FhirResourceEntity, {
      where: { logicalKey },
      order: { versionNumber: 'DESC' },
      select: {
        id: true,
        logicalId: true,
        versionNumber: true,
        versionKey: true,
        contentSha256: true,
        isCurrent: true,
        sourceLastUpdated: true,
        patientId: true,
        resourceType: true,
        fhirStatus: true,
        receivedAt: true,
      },
    });
    const same = versions.find((version) => version.versionKey === versionKey);
    if (same) return { outcome: same.contentSha256 === contentSha ? 'repeat' : 'conflict', row: same };

    const current = versions.find((version) => version.isCurrent);
    const stale = Boolean(
      current?.sourceLastUpdated &&
      lastUpdated &&
      lastUpdated.getTime() < current.sourceLastUpdated.getTime(),
    );
    if (current && !stale) await manager.update(FhirResourceEntity, { id: current.id }, { isCurrent: false });

    const row = manager.create(FhirResourceEntity, {
      logicalId: versions[0]?.logicalId ?? randomUUID(),
      versionNumber: (versions[0]?.versionNumber ?? 0) + 1,
      resourceType: resource.resourceType,
      sourceSystem: input.sourceSystem,
      sourceId: sourceId ?? null,
      sourceVersion,
      sourceLastUpdated: lastUpdated,
      logicalKey,
      versionKey,
      contentSha256: contentSha,
      fhirStatus: (resource as { status?: string }).status ?? null,
      isCurrent: !stale,
      raw: resource,
      receivedVia: input.receivedVia,
      patientId: input.patientId,
    });
    await manager.insert(FhirResourceEntity, row);
    if (!current) return { outcome: 'created', row };
    return stale ? { outcome: 'stale-version', row } : { outcome: 'new-version', row, replaced: current };
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
