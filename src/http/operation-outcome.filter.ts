import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import { Catch, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isDatabaseUnavailable, isPoolSaturated } from '../database/database-errors';
import { HttpError } from './http-error';
import type { OutcomeIssue } from './operation-outcome';
import { issueCodeForStatus, operationOutcome } from './operation-outcome';

interface BodyParserError {
  type?: string;
  status?: number;
  statusCode?: number;
  limit?: number;
  message?: string;
}

/** Errors from express' body parser (malformed JSON, too large, wrong charset), mapped to a 4xx with a reason. */
const BODY_PARSER_ERRORS: Readonly<
  Record<string, (error: BodyParserError) => { status: number; issue: OutcomeIssue }>
> = {
  'entity.parse.failed': (error) => ({
    status: 400,
    issue: { code: 'structure', diagnostics: `Body is not valid JSON: ${error.message ?? ''}` },
  }),
  'entity.too.large': (error) => ({
    status: 413,
    issue: {
      code: 'too-costly',
      diagnostics: `Body is larger than the limit of ${error.limit ?? '?'} bytes`,
    },
  }),
  'encoding.unsupported': (error) => ({
    status: 415,
    issue: { code: 'not-supported', diagnostics: `Unsupported body encoding: ${error.message ?? ''}` },
  }),
  'charset.unsupported': (error) => ({
    status: 415,
    issue: { code: 'not-supported', diagnostics: `Unsupported body charset: ${error.message ?? ''}` },
  }),
  'request.aborted': () => ({
    status: 400,
    issue: { code: 'incomplete', diagnostics: 'Request body was aborted' },
  }),
};

function bodyParserIssue(error: BodyParserError): { status: number; issue: OutcomeIssue } | undefined {
  const map = error?.type === undefined ? undefined : BODY_PARSER_ERRORS[error.type];
  return map?.(error);
}

/**
 * Every error leaves Beacon as a FHIR OperationOutcome. Client errors name the element at fault; anything
 * unexpected is logged and answered with a 500 that reveals nothing internal.
 */
@Catch()
export class OperationOutcomeFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrors');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    let status = 500;
    let issues: readonly OutcomeIssue[];
    let headers: Readonly<Record<string, string>> = {};

    // Nest wraps body-parser errors in an HttpException and keeps the original as its cause.
    const parserIssue = bodyParserIssue(
      ((error as { cause?: unknown } | null)?.cause ?? error) as BodyParserError,
    );
    if (error instanceof HttpError) {
      status = error.getStatus();
      issues = error.issues;
      headers = error.headers;
    } else if (isPoolSaturated(error)) {
      status = 503;
      headers = { 'Retry-After': '2' };
      issues = [
        {
          code: 'throttled',
          diagnostics:
            'Beacon is overloaded (every database connection is busy): nothing was stored; send again after 2 s',
        },
      ];
      this.logger.warn({ path: request.url }, 'overloaded: database pool saturated');
    } else if (isDatabaseUnavailable(error)) {
      status = 503;
      headers = { 'Retry-After': '5' };
      issues = [
        {
          code: 'transient',
          diagnostics:
            'Beacon cannot store anything right now (its database is unavailable): nothing was stored; retry later',
        },
      ];
      this.logger.warn({ path: request.url, err: error }, 'dependency unavailable');
    } else if (parserIssue) {
      status = parserIssue.status;
      issues = [parserIssue.issue];
    } else if (error instanceof HttpException) {
      status = error.getStatus();
      const body = error.getResponse();
      const message =
        typeof body === 'string'
          ? body
          : ((body as { message?: string | string[] }).message ?? error.message);
      issues = [
        {
          code: issueCodeForStatus(status),
          diagnostics: Array.isArray(message) ? message.join('; ') : message,
        },
      ];
    } else {
      this.logger.error({ err: error, path: request.url }, 'Unexpected error');
      issues = [{ severity: 'fatal', code: 'exception', diagnostics: 'Internal error; it has been logged' }];
    }
    if (response.headersSent) return;
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    response
      .status(status)
      .type('application/fhir+json')
      .send(JSON.stringify(operationOutcome(issues)));
  }
}
