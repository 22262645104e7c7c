import type { OutcomeIssue } from '../../http/operation-outcome';

/**
 * The R4 types of the Bundle elements around the entries' resources (fullUrl: uri, request: BackboneElement with
 * method: code and url: uri): a Bundle intake reads them before any resource is validated, so a number or an object
 * where a string belongs must be a 400 naming it, not a crash. The resources are validated one by one afterwards.
 */
export function bundleShellIssues(bundle: unknown): OutcomeIssue[] {
  const entries = (bundle as { entry?: unknown } | null)?.entry;
  if (!Array.isArray(entries)) return [];
  const issues: OutcomeIssue[] = [];
  const wrong = (expression: string, expected: string): void => {
    issues.push({ code: 'structure', expression, diagnostics: `${expression} must be ${expected}` });
  };
  entries.forEach((entry: unknown, index) => {
    const path = `Bundle.entry[${index}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      wrong(path, 'an object');
      return;
    }
    const { fullUrl, request } = entry as { fullUrl?: unknown; request?: unknown };
    if (fullUrl !== undefined && (typeof fullUrl !== 'string' || fullUrl.length === 0))
      wrong(`${path}.fullUrl`, 'a URI (a non-empty string)');
    if (request === undefined) return;
    if (typeof request !== 'object' || request === null || Array.isArray(request)) {
      wrong(`${path}.request`, 'an object with method and url');
      return;
    }
    const { method, url } = request as { method?: unknown; url?: unknown };
    if (method !== undefined && typeof method !== 'string')
      wrong(`${path}.request.method`, 'a code (a string)');
    if (url !== undefined && (typeof url !== 'string' || url.length === 0))
      wrong(`${path}.request.url`, 'a URI (a non-empty string)');
  });
  return issues;
}
