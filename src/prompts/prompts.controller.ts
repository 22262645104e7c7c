import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { mayActOnWard, maySeeWard } from '../auth/principal';
import { RequireRole } from '../auth/require-role.decorator';
import { HttpError } from '../http/http-error';
import { parseInput } from '../http/validate-body';
import type { AlertView } from '../contracts/alert.view';
import { REST_COMMANDS } from '../contracts/commands';
import type { PassportView } from '../contracts/passport.view';
import { PassportService } from './passport.service';
import { PromptOutcomesService } from './prompt-outcomes.service';
import { actorOf } from '../alerts/staff-request';
import { staffOf } from '../auth/principal';

/** Pathway prompts over REST: staff close a prompt as done or not done; the preterm passport of a baby. */
@Controller('api')
export class PromptsController {
  constructor(
    private readonly outcomes: PromptOutcomesService,
    private readonly passports: PassportService,
  ) {}

  @Post('alerts/:id/prompt-outcome')
  @HttpCode(200)
  @RequireRole('midwife', 'coordinator')
  promptOutcome(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @Req() request: Request,
  ): Promise<AlertView> {
    const staff = staffOf(request);
    const { device, commandId, ...outcome } = parseInput(REST_COMMANDS.promptOutcome, body);
    return this.outcomes.close(
      id,
      actorOf(staff, device),
      (ward) => mayActOnWard(staff, ward),
      outcome,
      commandId,
    );
  }

  @Get('patients/:id/passport')
  @RequireRole('midwife', 'coordinator', 'auditor', 'admin')
  async passport(@Param('id', ParseUUIDPipe) id: string, @Req() request: Request): Promise<PassportView> {
    const staff = staffOf(request);
    const passport = await this.passports.passport(id);
    if (!passport) throw HttpError.of(404, `patient ${id} is not a baby Beacon knows (no birth recorded)`);
    if (!maySeeWard(staff, passport.baby.wardId))
      throw HttpError.of(403, `you may not see ward ${passport.baby.wardId ?? 'unassigned'}`);
    return passport;
  }
}
