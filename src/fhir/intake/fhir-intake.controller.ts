import { Body, Controller, Get, Headers, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { principalOf } from '../../auth/principal';
import { RequireScope } from '../../auth/require-scope.decorator';
import { allows } from '../../auth/scopes';
import { AppConfig } from '../../config/app-config';
import { HttpError } from '../../http/http-error';
import { operationOutcome } from '../../http/operation-outcome';
import { FhirResourceStore } from '../persistence/fhir-resource.store';
import { isAcceptedType } from '../validation/structure-validator';
import { BundleIntake } from './bundle-intake';
import { IntakeAdmission } from './intake-admission';
import { IntakeService } from './intake.service';
import type { IntakeContext, IntakeResult } from './intake.types';

function contextFor(request: Request): IntakeContext {
  const principal = principalOf(request);
  if (!principal) throw HttpError.of(401, 'Authorization: a bearer access token is required');
  if (principal.kind !== 'client')
    throw HttpError.of(403, 'FHIR intake takes EPR system tokens (SMART Backend Services), not staff tokens');
  return {
    sourceSystem: principal.sourceSystem,
    actor: { type: 'client', id: principal.clientId },
    via: 'rest',
    mayWrite: (type) => allows(principal.scopes, type, 'c') || allows(principal.scopes, type, 'u'),
  };
}

function httpDate(date: Date): string {
  return date.toUTCString();
}

/**
 * FHIR intake over REST (thin: checks happen in IntakeService). Answers 201 with Location for a new resource or
 * version, 200 for a repeat, a 4xx OperationOutcome naming the element for anything it will not accept, and 503
 * (with Retry-After) when the database is unavailable: never a 2xx before the resource is stored.
 */
@Controller('fhir')
export class FhirIntakeController {
  constructor(
    private readonly intake: IntakeService,
    private readonly bundles: BundleIntake,
    private readonly resources: FhirResourceStore,
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly admission: IntakeAdmission,
  ) {}

  @Post()
  async bundle(
    @Body() body: unknown,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<fhir4.Bundle> {
    if (body === undefined)
      throw HttpError.of(400, 'the body is empty: POST a Bundle of type batch or transaction');
    const context = contextFor(request);
    this.admission.admit(request);
    response.status(200).type('application/fhir+json');
    return this.bundles.process(body, context);
  }

  @Post(':resourceType')
  @RequireScope(':resourceType', 'c')
  async create(
    @Param('resourceType') resourceType: string,
    @Body() body: unknown,
    @Headers('prefer') prefer: string | undefined,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<fhir4.Resource | fhir4.OperationOutcome | undefined> {
    if (!isAcceptedType(resourceType))
      throw HttpError.of(404, `Beacon does not accept ${resourceType}`, 'resourceType');
    if (body === undefined) throw HttpError.of(400, `the body is empty: POST a ${resourceType}`);
    const posted = (body as { resourceType?: unknown }).resourceType;
    if (posted !== resourceType) {
      throw HttpError.of(
        400,
        `POST /fhir/${resourceType} takes a ${resourceType} (got ${String(posted)})`,
        'resourceType',
      );
    }
    const context = contextFor(request);
    this.admission.admit(request);
    const result = await this.intake.ingest(body, context);
    return this.respond(result, prefer, response);
  }

  @Get(':resourceType/:id')
  @RequireScope(':resourceType', 'r')
  async read(
    @Param('resourceType') resourceType: string,
    @Param('id') id: string,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.readVersion(resourceType, id, undefined, response);
  }

  @Get(':resourceType/:id/_history/:version')
  @RequireScope(':resourceType', 'r')
  async vread(
    @Param('resourceType') resourceType: string,
    @Param('id') id: string,
    @Param('version') version: string,
    @Res({ passthrough: true }) response: Response,
  ) {
    return this.readVersion(resourceType, id, Number(version), response);
  }

  private async readVersion(
    resourceType: string,
    id: string,
    version: number | undefined,
    response: Response,
  ) {
    // version_number is a PostgreSQL integer: a larger version cannot exist (and must not reach the query).
    const valid =
      /^[0-9a-f-]{36}$/.test(id) &&
      (version === undefined || (Number.isInteger(version) && version >= 1 && version <= 2_147_483_647));
    const row = valid
      ? version === undefined
        ? await this.resources.findCurrent(this.dataSource.manager, resourceType, id)
        : await this.resources.findVersion(this.dataSource.manager, resourceType, id, version)
      : null;
    if (!row)
      throw HttpError.of(
        404,
        `${resourceType}/${id}${version === undefined ? '' : `/_history/${version}`} is not known to Beacon`,
      );
    response
      .type('application/fhir+json')
      .setHeader('ETag', `W/"${row.versionNumber}"`)
      .setHeader('Last-Modified', httpDate(row.receivedAt));
    return {
      ...row.raw,
      id: row.logicalId,
      meta: {
        ...row.raw.meta,
        versionId: String(row.versionNumber),
        lastUpdated: row.receivedAt.toISOString(),
        source: row.sourceSystem,
      },
    };
  }

  /** Prefer: return=minimal | representation (default) | OperationOutcome, as FHIR R4 defines. */
  private respond(result: IntakeResult, prefer: string | undefined, response: Response) {
    const base = this.config.env.BEACON_PUBLIC_URL.replace(/\/$/, '');
    response
      .status(result.status)
      .type('application/fhir+json')
      .setHeader(
        'Location',
        `${base}/fhir/${result.resourceType}/${result.logicalId}/_history/${result.versionNumber}`,
      )
      .setHeader('ETag', `W/"${result.versionNumber}"`)
      .setHeader('Last-Modified', httpDate(result.receivedAt));
    const wanted = /return=(minimal|representation|OperationOutcome)/i.exec(prefer ?? '')?.[1]?.toLowerCase();
    if (wanted === 'minimal') return undefined;
    if (wanted === 'operationoutcome') {
      return operationOutcome(
        result.warnings.length > 0
          ? result.warnings
          : [
              {
                severity: 'information',
                code: 'informational',
                diagnostics: `${result.outcome}: ${result.resourceType}/${result.logicalId} version ${result.versionNumber}`,
              },
            ],
      );
    }
    return result.resource;
  }
}
