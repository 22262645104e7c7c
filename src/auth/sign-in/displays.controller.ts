import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { AppConfig } from '../../config/app-config';
import { parseInput } from '../../http/validate-body';
import { staffOf } from '../principal';
import { Public } from '../public.decorator';
import { RequireRole } from '../require-role.decorator';
import type { DeviceAuthorization, PairedDisplay } from './display-pairing';
import { DisplayPairing } from './display-pairing';
import { sessionCookieName, sessionCookieOptions } from './session-cookie';

const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const APPROVAL = z.object({
  userCode: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{4}-?[A-Za-z]{4}$/, 'eight letters, as the display shows them'),
  wardId: z.string().min(1).max(64),
  name: z.string().max(120).optional(),
});

/**
 * The device authorization grant's two public endpoints, used by an unpaired ward display (RFC 8628 §3.1, §3.4;
 * errors in the OAuth format).
 */
@Public()
@Controller('auth/device')
export class DeviceAuthorizationController {
  constructor(
    private readonly pairing: DisplayPairing,
    private readonly config: AppConfig,
  ) {}

  @Post()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  start(): Promise<DeviceAuthorization> {
    return this.pairing.start();
  }

  /** The display's poll. On approval the answer sets the display's session cookie (lasting, display-only). */
  @Post('token')
  @Header('Cache-Control', 'no-store')
  async token(
    @Body() body: Record<string, unknown> | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<{ readonly paired: true; readonly wardId: string } | { readonly error: string }> {
    if (body?.grant_type !== DEVICE_CODE_GRANT || typeof body.device_code !== 'string') {
      response.status(400);
      return { error: 'invalid_request' };
    }
    const outcome = await this.pairing.poll(body.device_code);
    if ('error' in outcome) {
      response.status(400);
      return outcome;
    }
    response.cookie(sessionCookieName(this.config), outcome.cookie, {
      ...sessionCookieOptions(this.config),
      // A display survives browser restarts: the cookie persists as long as its session may.
      maxAge: this.config.env.BEACON_DISPLAY_SESSION_DAYS * 86_400_000,
    });
    response.status(200);
    return { paired: true, wardId: outcome.wardId };
  }
}

/** /api/displays: coordinators and admins approve, list and revoke ward displays. */
@Controller('api/displays')
@RequireRole('coordinator', 'admin')
export class DisplaysController {
  constructor(
    private readonly pairing: DisplayPairing,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async list(
    @Query('limit') limit: string | undefined,
  ): Promise<{ wards: { id: string; name: string }[]; displays: PairedDisplay[] }> {
    const rows = Math.min(Math.max(Number(limit) || 500, 1), 5000);
    return {
      wards: this.config.wards.wards.map((ward) => ({ id: ward.id, name: ward.name })),
      displays: await this.pairing.list(rows),
    };
  }

  @Post('approve')
  @HttpCode(201)
  approve(@Body() body: unknown, @Req() request: Request): Promise<PairedDisplay> {
    const input = parseInput(APPROVAL, body);
    return this.pairing.approve(input.userCode, input.wardId, input.name, staffOf(request));
  }

  @Post(':id/revoke')
  @HttpCode(200)
  revoke(@Param('id', new ParseUUIDPipe()) id: string, @Req() request: Request): Promise<PairedDisplay> {
    return this.pairing.revoke(id, staffOf(request));
  }
}
