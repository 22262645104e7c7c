import { Body, Controller, Headers, HttpCode, Param, Post, Put, Req } from '@nestjs/common';
import type { Request } from 'express';
import { Public } from '../../auth/public.decorator';
import type { AuthenticatedRequest } from '../../auth/principal';
import { AppConfig } from '../../config/app-config';
import { HttpError } from '../../http/http-error';
import type { OutcomeIssue } from '../../http/operation-outcome';
import { operationOutcome } from '../../http/operation-outcome';
import type { OutboxMessage } from '../../queue/outbox';
import { outboxMessage } from '../../queue/outbox';
import { JobName } from '../../queue/queue.constants';
import { IntakeRejection } from '../intake/intake.types';
import { isAcceptedType } from '../validation/structure-validator';
import { parseNotification } from './notification';
import { deliveryAuthenticated } from './notification-secret';
import { UpstreamSync, isUnknownPatient } from './upstream-sync.service';

/**
 * Subscription deliveries from the upstream FHIR server: POST /fhir/notify (notification Bundles, bare resources,
 * empty pings) and PUT /fhir/notify/{type}/{id} (the R4 rest-hook update form). Not SMART-authenticated (a server
 * cannot get a token): each delivery must prove it knows the subscription secret. What needs the worker (id-only
 * items, resources whose patient is not known yet, catch-up after a ping) is stored in the outbox before 200.
 */
@Public()
@Controller('fhir/notify')
export class NotificationController {
  constructor(
    private readonly sync: UpstreamSync,
    private readonly config: AppConfig,
  ) {}

  @Post()
  @HttpCode(200)
  notify(@Body() body: unknown, @Req() request: Request, @Headers('x-signature') signature?: string) {
    return this.handle(body, request, signature);
  }

  @Put(':resourceType/:id')
  @HttpCode(200)
  update(
    @Param('resourceType') resourceType: string,
    @Param('id') id: string,
    @Body() body: unknown,
    @Req() request: Request,
    @Headers('x-signature') signature?: string,
  ) {
    return this.handle(body, request, signature, { resourceType, id });
  }

  private async handle(
    body: unknown,
    request: Request,
    signature: string | undefined,
    path?: { resourceType: string; id: string },
  ): Promise<fhir4.OperationOutcome> {
    if (!this.sync.enabled)
      throw HttpError.of(404, 'no upstream FHIR server is configured (BEACON_FHIR_UPSTREAM_URL)');
    const rawBody = (request as AuthenticatedRequest).rawBody;
    const headers = { authorization: request.headers.authorization, signature };
    if (!deliveryAuthenticated(this.config.env.BEACON_FHIR_NOTIFY_SECRET, headers, rawBody)) {
      throw new HttpError(
        401,
        [
          {
            code: 'login',
            expression: 'Authorization',
            diagnostics:
              'the notification does not carry the subscription secret (Authorization: Bearer or X-Signature)',
          },
        ],
        { 'WWW-Authenticate': 'Bearer realm="beacon-notify"' },
      );
    }
    if (path && !isAcceptedType(path.resourceType))
      throw HttpError.of(404, `Beacon does not accept ${path.resourceType}`, 'resourceType');
    const parsed = parseNotification(body, path);
    if (!parsed.ok) throw HttpError.of(400, parsed.error, parsed.expression);

    if (parsed.kind !== 'event') {
      if (parsed.kind === 'ping')
        await this.sync.enqueue([outboxMessage(JobName.CatchUpUpstream, { trigger: 'ping' })]);
      return operationOutcome([
        { severity: 'information', code: 'informational', diagnostics: `${parsed.kind} received` },
      ]);
    }

    const later: OutboxMessage[] = [];
    const rejected: IntakeRejection[] = [];
    let stored = 0;
    for (const item of parsed.items) {
      if (item.kind === 'reference') {
        later.push(
          outboxMessage(JobName.FetchUpstreamResource, {
            resourceType: item.resourceType,
            id: item.id,
            ...(item.versionId ? { versionId: item.versionId } : {}),
          }),
        );
        continue;
      }
      try {
        await this.sync.ingest(item.resource, 'notification', false);
        stored += 1;
      } catch (error) {
        if (isUnknownPatient(error) && item.resource.id) {
          later.push(
            outboxMessage(JobName.FetchUpstreamResource, {
              resourceType: item.resource.resourceType,
              id: item.resource.id,
            }),
          );
        } else if (error instanceof IntakeRejection) rejected.push(error);
        else throw error;
      }
    }
    await this.sync.enqueue(later);
    const [first] = rejected;
    if (first)
      throw new IntakeRejection(
        first.getStatus(),
        rejected.flatMap((rejection) => rejection.issues),
      );
    const summary: OutcomeIssue = {
      severity: 'information',
      code: 'informational',
      diagnostics: `notification accepted: ${stored} resource(s) stored, ${later.length} to fetch`,
    };
    return operationOutcome([summary]);
  }
}
