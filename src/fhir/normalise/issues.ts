import type { OutcomeIssue } from '../../http/operation-outcome';

/** Problems found in one resource; the expression is a FHIRPath relative to the resource ("Observation.subject"). */
export type Issues = OutcomeIssue[];

export const invalid = (expression: string, diagnostics: string): OutcomeIssue => ({
  code: 'invalid',
  expression,
  diagnostics,
});
export const required = (expression: string, diagnostics: string): OutcomeIssue => ({
  code: 'required',
  expression,
  diagnostics,
});
export const notFound = (expression: string, diagnostics: string): OutcomeIssue => ({
  code: 'not-found',
  expression,
  diagnostics,
});
export const warning = (expression: string, diagnostics: string): OutcomeIssue => ({
  severity: 'warning',
  code: 'informational',
  expression,
  diagnostics,
});
export const valueIssue = (expression: string, diagnostics: string): OutcomeIssue => ({
  code: 'value',
  expression,
  diagnostics,
});

/** Prefixes the expressions of issues found in a Bundle entry with the entry's path. */
export function inEntry(issues: readonly OutcomeIssue[], index: number): OutcomeIssue[] {
  return issues.map((issue) => ({
    ...issue,
    expression:
      `Bundle.entry[${index}].resource${issue.expression ? `.${issue.expression.replace(/^[A-Za-z]+\.?/, '')}` : ''}`.replace(
        /\.$/,
        '',
      ),
  }));
}
