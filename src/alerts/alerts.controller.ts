import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { mayActOnWard, maySeeWard, staffOf } from '../auth/principal';
import { RequireRole } from '../auth/require-role.decorator';
import { HttpError } from '../http/http-error';
import { parseInput } from '../http/validate-body';
import type { AlertView } from '../contracts/alert.view';
import { REST_COMMANDS } from '../contracts/commands';
import { AlertViews } from './alert-views';
import type { StaffCommand } from './staff-commands.service';
import { StaffCommands } from './staff-commands.service';
import { actorOf } from './staff-request';

/** What handhelds and displays need over REST (thin: the service decides, the audit records). */
@Controller('api')
export class AlertsController {
  constructor(
    private readonly views: AlertViews,
    private readonly staff: StaffCommands,
  ) {}

  /** Open alerts of a ward, most urgent first ("unassigned": patients on no configured ward, coordinators only). */
  @Get('wards/:wardId/alerts')
  @RequireRole('ward-display', 'midwife', 'coordinator', 'admin')
  async wardAlerts(@Param('wardId') wardId: string, @Req() request: Request): Promise<AlertView[]> {
    const staff = staffOf(request);
    const ward = wardId === 'unassigned' ? null : wardId;
    if (!maySeeWard(staff, ward)) throw HttpError.of(403, `you may not see ward ${wardId}`);
    return this.views.openAlerts(ward);
  }

  @Get('alerts/:id')
  @RequireRole('ward-display', 'midwife', 'coordinator', 'auditor', 'admin')
  async alert(@Param('id', ParseUUIDPipe) id: string, @Req() request: Request): Promise<AlertView> {
    const staff = staffOf(request);
    const alert = await this.views.view(id);
    if (!alert) throw HttpError.of(404, `alert ${id} does not exist`);
    if (!maySeeWard(staff, alert.wardId))
      throw HttpError.of(403, `you may not see ward ${alert.wardId ?? 'unassigned'}`);
    return alert;
  }

  @Post('alerts/:id/acknowledge')
  @HttpCode(200)
  @RequireRole('midwife', 'coordinator')
  acknowledge(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @Req() request: Request,
  ): Promise<AlertView> {
    const input = parseInput(REST_COMMANDS.acknowledge, body);
    return this.command(id, request, input, { type: 'acknowledge' });
  }

  @Post('alerts/:id/respond')
  @HttpCode(200)
  @RequireRole('midwife', 'coordinator')
  respond(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @Req() request: Request,
  ): Promise<AlertView> {
    const input = parseInput(REST_COMMANDS.respond, body);
    return this.command(id, request, input, {
      type: 'respond',
      response: input.response,
      ...(input.reason ? { reason: input.reason } : {}),
    });
  }

  @Post('alerts/:id/resolve')
  @HttpCode(200)
  @RequireRole('midwife', 'coordinator')
  resolve(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @Req() request: Request,
  ): Promise<AlertView> {
    const input = parseInput(REST_COMMANDS.resolve, body);
    return this.command(id, request, input, {
      type: 'resolve',
      ...(input.reason ? { reason: input.reason } : {}),
    });
  }

  @Post('alerts/:id/notes')
  @HttpCode(204)
  @RequireRole('midwife', 'coordinator')
  async note(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: unknown,
    @Req() request: Request,
  ): Promise<void> {
    const staff = staffOf(request);
    await this.staff.note(
      id,
      actorOf(staff),
      (ward) => mayActOnWard(staff, ward),
      parseInput(REST_COMMANDS.note, body).text,
    );
  }

  /** A staff command by the signed-in person, on an alert of a ward they may act on. */
  private command(
    id: string,
    request: Request,
    input: { device?: string | undefined; commandId?: string | undefined },
    command: StaffCommand,
  ): Promise<AlertView> {
    const staff = staffOf(request);
    const mayAct = (ward: string | null) => mayActOnWard(staff, ward);
    return this.staff.command(id, actorOf(staff, input.device), mayAct, command, input.commandId);
  }
}
