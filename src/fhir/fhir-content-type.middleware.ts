import type { NestMiddleware } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { HttpError } from '../http/http-error';

export const FHIR_JSON_TYPES = ['application/fhir+json', 'application/json'];

/** A FHIR write must be JSON (application/fhir+json or application/json); anything else is a 415. */
@Injectable()
export class FhirContentTypeMiddleware implements NestMiddleware {
  use(request: Request, _response: Response, next: NextFunction): void {
    const hasBody =
      Number(request.headers['content-length'] ?? 0) > 0 ||
      request.headers['transfer-encoding'] !== undefined;
    if ((request.method === 'POST' || request.method === 'PUT') && hasBody && !request.is(FHIR_JSON_TYPES)) {
      next(
        HttpError.of(
          415,
          `Content-Type must be application/fhir+json (got ${request.headers['content-type'] ?? 'none'})`,
          'Content-Type',
        ),
      );
      return;
    }
    next();
  }
}
