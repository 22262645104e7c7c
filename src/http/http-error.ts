import { HttpException } from '@nestjs/common';
import type { OutcomeIssue } from './operation-outcome';
import { issueCodeForStatus } from './operation-outcome';

/** An HTTP error that carries its OperationOutcome issues (and optional headers such as Retry-After). */
export class HttpError extends HttpException {
  constructor(
    status: number,
    readonly issues: readonly OutcomeIssue[],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(issues.map((issue) => issue.diagnostics).join('; '), status);
  }

  static of(status: number, diagnostics: string, expression?: string): HttpError {
    return new HttpError(status, [
      { code: issueCodeForStatus(status), diagnostics, ...(expression ? { expression } : {}) },
    ]);
  }
}
