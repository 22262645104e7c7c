import { isUtf8 } from 'node:buffer';
import { HttpError } from '../../http/http-error';
import type { OutcomeIssue } from '../../http/operation-outcome';
import { FHIR_JSON_TYPES } from '../fhir-content-type.middleware';

/**
 * How deep a JSON body may nest. Beacon's deepest legitimate shape (a Bundle entry's Observation component coding
 * with an extension on it) is about ten levels; 100 leaves room for any real EPR and stops a body that would
 * exhaust the stack of a recursive validator.
 */
export const MAX_JSON_DEPTH = 100;
const MAX_ISSUES = 20;

/** Position of the first byte that breaks UTF-8 (called only when Buffer's isUtf8 said there is one). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index] as number;
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : 4;
    if (length === 4 && (lead < 0xf0 || lead > 0xf4)) return index;
    if (!isUtf8(bytes.subarray(index, index + length))) return index;
    index += length;
  }
  return index;
}

/** Whether a decoded string holds half of a surrogate pair on its own (PostgreSQL and most systems refuse it). */
export function hasLoneSurrogate(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) index += 1;
      else return true;
    } else if (code >= 0xdc00 && code <= 0xdfff) return true;
  }
  return false;
}

type Frame =
  | {
      readonly kind: 'object';
      readonly path: string;
      readonly keys: Set<string>;
      key?: string;
      expectKey: boolean;
    }
  | { readonly kind: 'array'; readonly path: string; index: number };

/**
 * Rules on the JSON text itself, which JSON.parse cannot enforce because it has already forgotten them: the body is
 * UTF-8 (not silently repaired with U+FFFD), no object repeats a key (JSON.parse keeps the last, so a repeated
 * valueQuantity or subject would change what is stored), no string holds a lone surrogate, and nesting stays within
 * MAX_JSON_DEPTH. Malformed JSON is left to JSON.parse, which reports it. Expressions are FHIRPath-like, rooted at the
 * body's resourceType ("Observation.valueQuantity", "Bundle.entry[1].resource.subject").
 */
export function jsonTextIssues(bytes: Uint8Array): OutcomeIssue[] {
  if (!isUtf8(bytes)) {
    return [
      {
        code: 'structure',
        diagnostics: `the body is not valid UTF-8 (first bad byte at offset ${firstInvalidUtf8(bytes)}); send FHIR JSON in UTF-8`,
      },
    ];
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const found: { path: string; code: OutcomeIssue['code']; what: string }[] = [];
  const stack: Frame[] = [];
  let rootType: string | undefined;
  let awaitingRootType = false;

  const childPath = (): string => {
    const top = stack.at(-1);
    if (!top) return '';
    if (top.kind === 'array') return `${top.path}[${top.index}]`;
    return top.path === '' ? (top.key ?? '') : `${top.path}.${top.key ?? ''}`;
  };

  let index = 0;
  while (index < text.length && found.length < MAX_ISSUES) {
    const char = text[index] as string;
    if (char === '{' || char === '[') {
      if (stack.length >= MAX_JSON_DEPTH) {
        found.push({
          path: childPath(),
          code: 'too-costly',
          what: `the body nests deeper than ${MAX_JSON_DEPTH} levels (Beacon's limit)`,
        });
        break;
      }
      const path = childPath();
      stack.push(
        char === '{'
          ? { kind: 'object', path, keys: new Set(), expectKey: true }
          : { kind: 'array', path, index: 0 },
      );
      index += 1;
    } else if (char === '}' || char === ']') {
      stack.pop();
      index += 1;
    } else if (char === ',') {
      const top = stack.at(-1);
      if (top?.kind === 'array') top.index += 1;
      else if (top) top.expectKey = true;
      index += 1;
    } else if (char === ':') {
      const top = stack.at(-1);
      if (top?.kind === 'object') top.expectKey = false;
      index += 1;
    } else if (char === '"') {
      const end = endOfString(text, index);
      if (end < 0) break; // unterminated: JSON.parse reports it
      let value: string;
      try {
        value = JSON.parse(text.slice(index, end + 1)) as string;
      } catch {
        break; // a bad escape: JSON.parse reports it
      }
      const top = stack.at(-1);
      if (top?.kind === 'object' && top.expectKey) {
        top.key = value;
        const path = childPath();
        if (top.keys.has(value)) {
          found.push({
            path,
            code: 'structure',
            what: `"${value}" appears twice in the same object; JSON keys must be unique`,
          });
        }
        top.keys.add(value);
        if (hasLoneSurrogate(value))
          found.push({ path, code: 'invalid', what: 'a key holds a lone surrogate' });
        awaitingRootType = stack.length === 1 && value === 'resourceType';
      } else {
        if (awaitingRootType && stack.length === 1 && rootType === undefined) rootType = value;
        if (hasLoneSurrogate(value)) {
          found.push({
            path: childPath(),
            code: 'invalid',
            what: 'the string holds a lone surrogate (half of a UTF-16 pair), which is not a character',
          });
        }
      }
      index = end + 1;
    } else {
      index += 1;
    }
  }
  const root = rootType && /^[A-Z][A-Za-z]{0,63}$/.test(rootType) ? rootType : '$';
  return found.map(({ path, code, what }) => {
    const expression = path === '' ? root : `${root}.${path}`;
    return { code, expression, diagnostics: `${expression}: ${what}` };
  });
}

/** Index of the closing quote of the string that opens at `start`, or -1. */
function endOfString(text: string, start: number): number {
  let index = start + 1;
  while (index < text.length) {
    const char = text.charCodeAt(index);
    if (char === 0x5c) index += 2;
    else if (char === 0x22) return index;
    else index += 1;
  }
  return -1;
}

/**
 * Express middleware, after the JSON body parser: refuses (400, OperationOutcome) a JSON body that breaks the rules
 * of jsonTextIssues, before any route sees it. The parser keeps the exact bytes as request.rawBody.
 */
export function refuseUnsafeJsonText(
  request: { rawBody?: Buffer; is(types: string[]): string | false | null },
  _response: unknown,
  next: (error?: unknown) => void,
): void {
  if (!request.rawBody || request.rawBody.length === 0 || !request.is(FHIR_JSON_TYPES)) {
    next();
    return;
  }
  const issues = jsonTextIssues(request.rawBody);
  next(issues.length > 0 ? new HttpError(400, issues) : undefined);
}
