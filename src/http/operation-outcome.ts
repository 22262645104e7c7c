/** FHIR OperationOutcome helpers: every error Beacon answers with is one. */

export type IssueSeverity = 'fatal' | 'error' | 'warning' | 'information';
export type IssueCode = fhir4.OperationOutcomeIssue['code'];

export interface OutcomeIssue {
  readonly severity?: IssueSeverity;
  readonly code: IssueCode;
  readonly diagnostics: string;
  /** FHIRPath of the element at fault, e.g. "Observation.valueQuantity.unit". */
  readonly expression?: string;
}

export function operationOutcome(issues: readonly OutcomeIssue[]): fhir4.OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: issues.map((issue) => ({
      severity: issue.severity ?? 'error',
      code: issue.code,
      diagnostics: issue.diagnostics,
      ...(issue.expression ? { expression: [issue.expression] } : {}),
    })),
  };
}

const CODE_BY_STATUS: Record<number, IssueCode> = {
  400: 'invalid',
  401: 'login',
  403: 'forbidden',
  404: 'not-found',
  405: 'not-supported',
  409: 'conflict',
  412: 'conflict',
  413: 'too-costly',
  415: 'not-supported',
  422: 'processing',
  429: 'throttled',
  503: 'transient',
};

export function issueCodeForStatus(status: number): IssueCode {
  return CODE_BY_STATUS[status] ?? (status >= 500 ? 'exception' : 'invalid');
}
