import type { OutcomeIssue } from '../../http/operation-outcome';

/** Keys that are never FHIR elements and could pollute prototypes if anything merged them into objects. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** FHIR choice elements: at most one of `value[x]`, `effective[x]`, … may be present in one object. */
const CHOICE_PREFIXES = [
  'value',
  'effective',
  'onset',
  'abatement',
  'performed',
  'medication',
  'deceased',
  'multipleBirth',
  'born',
  'occurrence',
];

/**
 * Checks the generic JSON rules the FHIR validator does not: no prototype-polluting keys, and no two variants of a
 * choice element side by side (valueQuantity and valueString). Walks iteratively so deep nesting cannot overflow.
 */
export function jsonSafetyIssues(body: unknown, root: string): OutcomeIssue[] {
  const issues: OutcomeIssue[] = [];
  const stack: { value: unknown; path: string }[] = [{ value: body, path: root }];
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: unknown; path: string };
    if (Array.isArray(value)) {
      value.forEach((item, index) => stack.push({ value: item, path: `${path}[${index}]` }));
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    const keys = Object.keys(value);
    for (const key of keys) {
      if (FORBIDDEN_KEYS.has(key))
        issues.push({
          code: 'structure',
          expression: `${path}.${key}`,
          diagnostics: `"${key}" is not a FHIR element`,
        });
      else stack.push({ value: (value as Record<string, unknown>)[key], path: `${path}.${key}` });
    }
    for (const prefix of CHOICE_PREFIXES) {
      const variants = keys.filter(
        (key) =>
          key.length > prefix.length && key.startsWith(prefix) && /[A-Z]/.test(key[prefix.length] ?? ''),
      );
      if (variants.length > 1) {
        issues.push({
          code: 'structure',
          expression: `${path}.${prefix}[x]`,
          diagnostics: `${path} has ${variants.join(' and ')}: only one ${prefix}[x] is allowed`,
        });
      }
    }
  }
  return issues;
}
