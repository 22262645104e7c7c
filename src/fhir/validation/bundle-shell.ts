import type { OutcomeIssue } from '../../http/operation-outcome';

/**
 * The R4 types of the Bundle elements around the entries' resources (fullUrl: uri, request: BackboneElement with
 * method: code and url: uri): a Bundle intake reads them before any resource is validated, so a number or an object
 * where a string belongs must be a 400 naming it, not a crash. The resources are validated one by one afterwards.
 */
/**
 * A URI has no whitespace and no control characters (RFC 3986; FHIR's uri is `\S*`). Beacon files a panel's members
 * under its fullUrl, and PostgreSQL refuses U+0000 in text: such a fullUrl was a 500, found replaying the fuzz run.
 */
function isUri(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0) return false;
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (code <= 0x20 || code === 0x7f || (code >= 0x80 && code <= 0x9f) || /\s/.test(value[index] ?? ''))
      return false;
  }
  return true;
}

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
    if (fullUrl !== undefined && !isUri(fullUrl))
      wrong(`${path}.fullUrl`, 'a URI (a non-empty string without spaces or control characters)');
    if (request === undefined) return;
    if (typeof request !== 'object' || request === null || Array.isArray(request)) {
      wrong(`${path}.request`, 'an object with method and url');
      return;
    }
    const { method, url } = request as { method?: unknown; url?: unknown };
    if (method !== undefined && typeof method !== 'string')
      wrong(`${path}.request.method`, 'a code (a string)');
    if (url !== undefined && !isUri(url))
      wrong(`${path}.request.url`, 'a URI (a non-empty string without spaces or control characters)');
  });
  return issues;
}
