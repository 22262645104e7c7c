import type { OutcomeIssue } from '../../http/operation-outcome';
import { MAX_JSON_DEPTH, hasLoneSurrogate } from './json-text';

/** FHIR R4 `id` (datatypes §2.24.0.1): 1–64 of A–Z, a–z, 0–9, '-' and '.'. Medplum checks it on meta.versionId but not on Resource.id. */
export const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

/**
 * FHIR R4 `string` (datatypes §2.24.0.1): characters below U+0020 other than tab, CR and LF are not allowed (and
 * PostgreSQL's jsonb refuses U+0000).
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/;

/**
 * Required bindings of the coded elements Beacon stores, which the base validator does not enforce (value sets of
 * FHIR R4 4.0.1: observation-status, encounter-status, encounter-location-status, event-status,
 * medication-admin-status, episode-of-care-status, administrative-gender, name-use). A code outside them is a 400, so nothing
 * longer than the database column can reach it.
 */
const REQUIRED_BINDINGS: Readonly<Record<string, ReadonlySet<string>>> = {
  'Observation.status': new Set([
    'registered',
    'preliminary',
    'final',
    'amended',
    'corrected',
    'cancelled',
    'entered-in-error',
    'unknown',
  ]),
  'Encounter.status': new Set([
    'planned',
    'arrived',
    'triaged',
    'in-progress',
    'onleave',
    'finished',
    'cancelled',
    'entered-in-error',
    'unknown',
  ]),
  'Encounter.location.status': new Set(['planned', 'active', 'reserved', 'completed']),
  'Procedure.status': new Set([
    'preparation',
    'in-progress',
    'not-done',
    'on-hold',
    'stopped',
    'completed',
    'entered-in-error',
    'unknown',
  ]),
  'MedicationAdministration.status': new Set([
    'in-progress',
    'not-done',
    'on-hold',
    'completed',
    'entered-in-error',
    'stopped',
    'unknown',
  ]),
  'EpisodeOfCare.status': new Set([
    'planned',
    'waitlist',
    'active',
    'onhold',
    'finished',
    'cancelled',
    'entered-in-error',
  ]),
  'Patient.gender': new Set(['male', 'female', 'other', 'unknown']),
  // name-use: Beacon picks the official name by it.
  'Patient.name.use': new Set(['usual', 'official', 'temp', 'nickname', 'anonymous', 'old', 'maiden']),
  'RelatedPerson.gender': new Set(['male', 'female', 'other', 'unknown']),
};

interface Item {
  readonly value: unknown;
  /** FHIRPath with indexes, for the diagnostics: Encounter.location[0].status. */
  readonly path: string;
  /** The same without indexes, for the binding table: Encounter.location.status. */
  readonly element: string;
  readonly depth: number;
}

/**
 * The FHIR R4 datatype rules that apply to every element, whatever its type, and that the base validator leaves
 * out: objects and arrays are never empty and strings never empty (JSON representation, §2.6.2), strings hold
 * characters (no lone surrogates, no control characters), Resource.id is an `id`, coded elements Beacon stores keep
 * to their required bindings, and nesting stays within MAX_JSON_DEPTH. Iterative, so no body can overflow the stack.
 */
export function datatypeIssues(resource: object, type: string): OutcomeIssue[] {
  const issues: OutcomeIssue[] = [];
  const stack: Item[] = [{ value: resource, path: type, element: type, depth: 0 }];
  while (stack.length > 0 && issues.length < 20) {
    const { value, path, element, depth } = stack.pop() as Item;
    if (depth > MAX_JSON_DEPTH) {
      issues.push({
        code: 'too-costly',
        expression: path,
        diagnostics: `${path}: the resource nests deeper than ${MAX_JSON_DEPTH} levels (Beacon's limit)`,
      });
      break;
    }
    if (typeof value === 'string') {
      if (value.length === 0)
        issues.push({ code: 'invalid', expression: path, diagnostics: `${path}: a string may not be empty` });
      else if (hasLoneSurrogate(value))
        issues.push({
          code: 'invalid',
          expression: path,
          diagnostics: `${path}: the string holds a lone surrogate (half of a UTF-16 pair), which is not a character`,
        });
      else if (FORBIDDEN_CONTROL.test(value))
        issues.push({
          code: 'invalid',
          expression: path,
          diagnostics: `${path}: the string holds a control character (only tab, CR and LF are allowed)`,
        });
      else {
        const binding = REQUIRED_BINDINGS[element];
        if (binding && !binding.has(value))
          issues.push({
            code: 'code-invalid',
            expression: path,
            diagnostics: `${path}: "${value.length > 40 ? `${value.slice(0, 40)}…` : value}" is not in its required value set (${[...binding].join(', ')})`,
          });
      }
      continue;
    }
    if (Array.isArray(value)) {
      if (value.length === 0)
        issues.push({
          code: 'invalid',
          expression: path,
          diagnostics: `${path}: an array may not be empty (leave the element out)`,
        });
      value.forEach((item, index) =>
        stack.push({ value: item, path: `${path}[${index}]`, element, depth: depth + 1 }),
      );
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    const entries = Object.entries(value);
    if (entries.length === 0)
      issues.push({
        code: 'invalid',
        expression: path,
        diagnostics: `${path}: an object may not be empty (leave the element out)`,
      });
    const record = value as Record<string, unknown>;
    if (typeof record.resourceType === 'string' && 'id' in record) {
      const id = record.id;
      if (typeof id !== 'string' || !FHIR_ID.test(id))
        issues.push({
          code: 'invalid',
          expression: `${path}.id`,
          diagnostics: `${path}.id: a resource id is 1 to 64 letters, digits, '-' or '.' (got ${typeof id === 'string' ? `${id.length} characters` : typeof id})`,
        });
    }
    for (const [key, child] of entries) {
      if (key === 'id' && typeof record.resourceType === 'string') continue;
      stack.push({ value: child, path: `${path}.${key}`, element: `${element}.${key}`, depth: depth + 1 });
    }
  }
  return issues;
}
