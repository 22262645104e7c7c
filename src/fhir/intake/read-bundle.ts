// Reading a POST /fhir Bundle before anything is prepared: its shell, then each entry's resource and request.
import type { OutcomeIssue } from '../../http/operation-outcome';
import { invalid } from '../normalise/issues';
import { parseReference } from '../normalise/references';
import { bundleShellIssues } from '../validation/bundle-shell';
import { IntakeRejection } from './intake.types';

export interface Entry {
  readonly index: number;
  readonly fullUrl?: string;
  readonly resource: fhir4.Resource;
  readonly sourceId?: string;
}

/** A batch or transaction Bundle's type and entries, or an IntakeRejection naming what is wrong with them. */
export function readBundle(
  body: unknown,
  maxEntries: number,
): { type: 'batch' | 'transaction'; entries: Entry[] } {
  const bundle = body as Partial<fhir4.Bundle> | null;
  if (typeof bundle !== 'object' || bundle === null || Array.isArray(bundle)) {
    refuse([{ code: 'structure', diagnostics: 'The body must be a FHIR Bundle (a JSON object)' }]);
  }
  if (bundle?.resourceType !== 'Bundle') {
    refuse([
      invalid(
        'resourceType',
        `POST /fhir takes a Bundle (got ${String(bundle?.resourceType)}); post single resources to /fhir/<type>`,
      ),
    ]);
  }
  if (bundle?.type !== 'batch' && bundle?.type !== 'transaction') {
    refuse([
      invalid('Bundle.type', `Bundle.type must be batch or transaction (got ${String(bundle?.type)})`),
    ]);
  }
  const raw = bundle?.entry ?? [];
  if (!Array.isArray(raw)) refuse([invalid('Bundle.entry', 'Bundle.entry must be an array')]);
  const shell = bundleShellIssues(bundle);
  if (shell.length > 0) refuse(shell);
  if (raw.length > maxEntries) {
    refuse(
      [
        {
          code: 'too-costly',
          expression: 'Bundle.entry',
          diagnostics: `a Bundle may hold at most ${maxEntries} entries (got ${raw.length})`,
        },
      ],
      413,
    );
  }
  return { type: bundle?.type === 'transaction' ? 'transaction' : 'batch', entries: readEntries(raw) };
}

function refuse(issues: OutcomeIssue[], status = 400): never {
  throw new IntakeRejection(status, issues);
}

/** The Bundle's entries, or a 400 naming every entry that is not a resource with a usable request. */
function readEntries(raw: readonly fhir4.BundleEntry[]): Entry[] {
  const issues: OutcomeIssue[] = [];
  const seen = new Map<string, number>();
  const entries: Entry[] = raw.map((entry, index) => {
    const path = `Bundle.entry[${index}]`;
    const resource = entry.resource;
    if (typeof resource !== 'object' || resource === null || typeof resource.resourceType !== 'string') {
      issues.push(invalid(`${path}.resource`, `${path}.resource must be a FHIR resource`));
      return { index, resource: { resourceType: 'Unknown' } };
    }
    const sourceId = readRequest(entry, resource, path, issues);
    const keys = new Set(
      [entry.fullUrl, resource.id ? `${resource.resourceType}/${resource.id}` : undefined].filter(
        (key): key is string => Boolean(key),
      ),
    );
    for (const key of keys) {
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        issues.push(
          invalid(
            `${path}`,
            `${path} repeats ${key} (already Bundle.entry[${earlier}]): ids must be unique within a Bundle`,
          ),
        );
      } else seen.set(key, index);
    }
    return {
      index,
      resource,
      ...(entry.fullUrl ? { fullUrl: entry.fullUrl } : {}),
      ...(sourceId ? { sourceId } : {}),
    };
  });
  if (issues.length > 0) refuse(issues);
  return entries;
}

/** An entry's request: PUT <type>/<id> (answers the id, the resource's source id) or POST <type>; else an issue. */
function readRequest(
  entry: fhir4.BundleEntry,
  resource: fhir4.Resource,
  path: string,
  issues: OutcomeIssue[],
): string | undefined {
  const method = entry.request?.method;
  const url = entry.request?.url ?? '';
  if (method === 'PUT') {
    const target = parseReference(url.split('?')[0] ?? '');
    if (target.type !== resource.resourceType || !target.id) {
      issues.push(
        invalid(
          `${path}.request.url`,
          `${path}.request.url must be ${resource.resourceType}/<id> for PUT (got "${url}")`,
        ),
      );
    } else if (resource.id && resource.id !== target.id) {
      issues.push(
        invalid(
          `${path}.resource.id`,
          `${path}.resource.id "${resource.id}" does not match request.url "${url}"`,
        ),
      );
    } else return target.id;
  } else if (method === 'POST') {
    if ((url.split('?')[0] ?? '') !== resource.resourceType) {
      issues.push(
        invalid(
          `${path}.request.url`,
          `${path}.request.url must be "${resource.resourceType}" for POST (got "${url}")`,
        ),
      );
    }
  } else {
    issues.push({
      code: 'not-supported',
      expression: `${path}.request.method`,
      diagnostics: `${path}.request.method must be POST or PUT (got ${String(method)})`,
    });
  }
  return undefined;
}
