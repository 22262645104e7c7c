import { parseReference } from '../normalise/references';

/** What a subscription delivery asks Beacon to do. */
export type NotificationItem =
  /** The changed resource itself (full-resource payload, a bare resource, an R4 update). */
  | { readonly kind: 'resource'; readonly resource: fhir4.Resource }
  /** Only its id (id-only payload): the worker fetches it. */
  | {
      readonly kind: 'reference';
      readonly resourceType: string;
      readonly id: string;
      readonly versionId?: string;
    };

export type ParsedNotification =
  | { readonly ok: true; readonly kind: 'event'; readonly items: readonly NotificationItem[] }
  /** An empty body, a heartbeat or a handshake: nothing to ingest; a ping triggers a catch-up. */
  | { readonly ok: true; readonly kind: 'ping' | 'heartbeat' | 'handshake' }
  | { readonly ok: false; readonly error: string; readonly expression?: string };

const STATUS_TYPES = new Set(['handshake', 'heartbeat', 'event-notification', 'query-status', 'query-event']);

/** The notification type of a SubscriptionStatus (R4B/R5) or of the Parameters of the R4 Subscriptions Backport. */
function statusType(resource: fhir4.Resource | undefined): string | undefined {
  if (!resource) return undefined;
  if (resource.resourceType === 'Parameters') {
    return (resource as fhir4.Parameters).parameter?.find((parameter) => parameter.name === 'type')
      ?.valueCode;
  }
  return (resource as { type?: string }).type;
}

function referenceItem(url: string): NotificationItem | undefined {
  const versioned = /\/_history\/([^/]+)$/.exec(url);
  const parsed = parseReference(url);
  if (!parsed.type || !parsed.id) return undefined;
  return {
    kind: 'reference',
    resourceType: parsed.type,
    id: parsed.id,
    ...(versioned?.[1] ? { versionId: versioned[1] } : {}),
  };
}

/** Items of a notification Bundle: entries after the status entry, full-resource or id-only. */
function bundleItems(bundle: fhir4.Bundle): ParsedNotification {
  const [first, ...rest] = bundle.entry ?? [];
  const type = statusType(first?.resource);
  if (!type || !STATUS_TYPES.has(type)) {
    return {
      ok: false,
      error: 'the first entry must be a SubscriptionStatus (or backport Parameters) with a notification type',
      expression: 'Bundle.entry[0]',
    };
  }
  if (type === 'handshake' || type === 'heartbeat') return { ok: true, kind: type };
  const items: NotificationItem[] = [];
  for (const [index, entry] of rest.entries()) {
    if (entry.resource) {
      items.push({ kind: 'resource', resource: entry.resource });
      continue;
    }
    const url = entry.fullUrl ?? entry.request?.url;
    const item = url ? referenceItem(url) : undefined;
    if (!item)
      return {
        ok: false,
        error: `Bundle.entry[${index + 1}] has neither a resource nor a resource URL`,
        expression: `Bundle.entry[${index + 1}]`,
      };
    items.push(item);
  }
  // R5/R4B id-only notifications may list the focus only in the status.
  if (items.length === 0) {
    const events =
      (first?.resource as { notificationEvent?: { focus?: fhir4.Reference }[] }).notificationEvent ?? [];
    for (const event of events) {
      const item = event.focus?.reference ? referenceItem(event.focus.reference) : undefined;
      if (item) items.push(item);
    }
  }
  return items.length === 0 ? { ok: true, kind: 'ping' } : { ok: true, kind: 'event', items };
}

/**
 * Reads any of the shapes upstream servers deliver: an R4 Subscriptions Backport `history` Bundle or an R4B/R5
 * `subscription-notification` Bundle (full-resource or id-only), a bare resource (Medplum), the R4 rest-hook
 * update form (PUT {endpoint}/{type}/{id} with the resource) and an empty-body ping.
 */
export function parseNotification(
  body: unknown,
  path?: { resourceType: string; id: string },
): ParsedNotification {
  const empty =
    body === undefined ||
    body === null ||
    body === '' ||
    (typeof body === 'object' && Object.keys(body).length === 0);
  if (empty)
    return path
      ? { ok: true, kind: 'event', items: [{ kind: 'reference', ...path }] }
      : { ok: true, kind: 'ping' };
  if (
    typeof body !== 'object' ||
    Array.isArray(body) ||
    typeof (body as fhir4.Resource).resourceType !== 'string'
  ) {
    return {
      ok: false,
      error: 'a notification must be a FHIR resource or Bundle',
      expression: 'resourceType',
    };
  }
  const resource = body as fhir4.Resource;
  if (path) {
    if (resource.resourceType !== path.resourceType || (resource.id && resource.id !== path.id)) {
      return {
        ok: false,
        error: `the body is ${resource.resourceType}/${resource.id ?? '?'} but the URL names ${path.resourceType}/${path.id}`,
        expression: 'id',
      };
    }
    return { ok: true, kind: 'event', items: [{ kind: 'resource', resource: { ...resource, id: path.id } }] };
  }
  if (resource.resourceType === 'Bundle') {
    const bundle = resource as fhir4.Bundle;
    if (bundle.type !== 'history' && (bundle.type as string) !== 'subscription-notification') {
      return {
        ok: false,
        error: `a notification Bundle must be of type history or subscription-notification (got ${bundle.type})`,
        expression: 'Bundle.type',
      };
    }
    return bundleItems(bundle);
  }
  return { ok: true, kind: 'event', items: [{ kind: 'resource', resource }] };
}
