import { Controller, Get, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { z } from 'zod';
import { maySeeWard } from '../auth/principal';
import { RequireRole } from '../auth/require-role.decorator';
import { AppConfig } from '../config/app-config';
import { HttpError } from '../http/http-error';
import { parseInput } from '../http/validate-body';
import { HuddleService } from './huddle.service';
import type { HuddleEscalators } from '../contracts/huddle.view';
import { staffOf } from '../auth/principal';

/**
 * The coordinator's huddle view (`/huddle`) reads the wards' boards live over the socket; this adds who escalated
 * today, which no board holds. Coordinators and admins only.
 */
@Controller('api/huddle')
export class HuddleController {
  private readonly query: z.ZodType<{ ward?: string | string[] }>;

  constructor(
    private readonly huddle: HuddleService,
    private readonly config: AppConfig,
  ) {
    const wardId = z.enum(config.wards.wards.map((ward) => ward.id) as [string, ...string[]]);
    this.query = z.strictObject({ ward: z.union([wardId, z.array(wardId).max(100)]).optional() });
  }

  /** `?ward=a&ward=b` narrows to those wards; without it, every ward of the unit. */
  @Get('escalated-today')
  @RequireRole('coordinator', 'admin')
  async escalatedToday(@Query() query: unknown, @Req() request: Request): Promise<HuddleEscalators> {
    const staff = staffOf(request);
    const { ward } = parseInput(this.query, query, 'query');
    const wards = ward === undefined ? this.config.wards.wards.map((each) => each.id) : [ward].flat();
    for (const wardId of wards)
      if (!maySeeWard(staff, wardId)) throw HttpError.of(403, `ward: you may not see ward ${wardId}`, 'ward');
    return this.huddle.escalators(wards);
  }
}
