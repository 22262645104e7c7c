import { Injectable } from '@nestjs/common';
import type * as FhirKitNamespace from 'fhir-kit-client' with { 'resolution-mode': 'import' };
import { AppConfig } from '../../config/app-config';

type FhirKit = typeof FhirKitNamespace;
type FhirKitClient = InstanceType<FhirKit['Client']>;

/** An upstream answer other than 2xx (404 for a resource that is not there, for example). */
export class UpstreamError extends Error {
  constructor(
    readonly status: number | undefined,
    message: string,
  ) {
    super(message);
  }
}

function statusOf(error: unknown): number | undefined {
  return (error as { response?: { status?: number } }).response?.status;
}

/**
 * The upstream FHIR server, through fhir-kit-client (the only file that imports it; the package is ESM-only, so it
 * is loaded with import() — docs/decisions.md).
 */
@Injectable()
export class UpstreamClient {
  private client?: Promise<FhirKitClient>;

  constructor(private readonly config: AppConfig) {}

  get enabled(): boolean {
    return this.config.env.BEACON_FHIR_UPSTREAM_URL !== '';
  }

  get baseUrl(): string {
    return this.config.env.BEACON_FHIR_UPSTREAM_URL.replace(/\/$/, '');
  }

  private load(): Promise<FhirKitClient> {
    this.client ??= import('fhir-kit-client').then(({ Client }) => {
      const token = this.config.env.BEACON_FHIR_UPSTREAM_BEARER_TOKEN;
      return new Client({ baseUrl: this.baseUrl, ...(token ? { bearerToken: token } : {}) });
    });
    return this.client;
  }

  private async call<T>(what: string, work: (client: FhirKitClient) => Promise<unknown>): Promise<T> {
    const client = await this.load();
    try {
      return (await work(client)) as T;
    } catch (error) {
      throw new UpstreamError(
        statusOf(error),
        `${what}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  read(resourceType: string, id: string, version?: string): Promise<fhir4.Resource> {
    return this.call(`read ${resourceType}/${id}`, (client) =>
      version ? client.vread({ resourceType, id, version }) : client.read({ resourceType, id }),
    );
  }

  search(resourceType: string, searchParams: Record<string, string | number>): Promise<fhir4.Bundle> {
    return this.call(`search ${resourceType}`, (client) => client.search({ resourceType, searchParams }));
  }

  async nextPage(bundle: fhir4.Bundle): Promise<fhir4.Bundle | undefined> {
    if (!bundle.link?.some((link) => link.relation === 'next')) return undefined;
    return this.call<fhir4.Bundle | undefined>('next page', async (client) =>
      client.nextPage({ bundle: bundle as never }),
    );
  }

  create<T extends fhir4.Resource>(resource: T): Promise<T> {
    return this.call(`create ${resource.resourceType}`, (client) =>
      client.create({ resourceType: resource.resourceType, body: resource as never }),
    );
  }

  /** Creates the resource, or updates the one with the same first identifier: one upstream resource per source. */
  async upsertByIdentifier<T extends fhir4.Resource & { identifier?: fhir4.Identifier[] }>(
    resource: T,
  ): Promise<T> {
    const identifier = resource.identifier?.[0];
    if (!identifier?.system || !identifier.value) return this.create(resource);
    const found = await this.search(resource.resourceType, {
      identifier: `${identifier.system}|${identifier.value}`,
      _count: 1,
    });
    const existing = found.entry?.[0]?.resource;
    return existing?.id ? this.update({ ...resource, id: existing.id }) : this.create(resource);
  }

  update<T extends fhir4.Resource & { id: string }>(resource: T): Promise<T> {
    return this.call(`update ${resource.resourceType}/${resource.id}`, (client) =>
      client.update({ resourceType: resource.resourceType, id: resource.id, body: resource as never }),
    );
  }
}
