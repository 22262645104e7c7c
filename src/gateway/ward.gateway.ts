import type { OnGatewayInit } from '@nestjs/websockets';
import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { Logger } from '@nestjs/common';
import type { StaffPrincipal } from '../auth/principal';
import { mayActOnWard, maySeeWard } from '../auth/principal';
import type { SessionEndReason } from '../auth/sign-in/staff-sessions';
import { StaffSessions } from '../auth/sign-in/staff-sessions';
import { NOT_REQUIRED_REASONS, PROMPT_NOT_DONE_REASONS } from '../alerts/domain/alert';
import { StaffCommands } from '../alerts/staff-commands.service';
import { PromptOutcomesService } from '../prompts/prompt-outcomes.service';
import { AppConfig } from '../config/app-config';
import { BeaconMetrics } from '../metrics/beacon-metrics';
import { HttpError } from '../http/http-error';
import { parseInput } from '../http/validate-body';
import { BoardSnapshots } from './board-snapshots';
import { answer } from './command-reply';
import { SOCKET_COMMANDS } from '../contracts/commands';
import { NOT_REQUIRED_LABELS, PROMPT_NOT_DONE_LABELS } from './reason-labels';
import { DeliveryReceipts } from './delivery-receipts';
import type { AlertView, BoardSnapshot, CommandReply, SessionInfo } from '../contracts/events';
import { ScreenHeartbeat } from './screen-heartbeat';
import { ScreenCommandLimit } from './screen-command-limit';
import { ScreenSessions } from './screen-sessions';
import type { ScreenData, WardServer, WardSocket } from './socket-types';
import { UNASSIGNED, WARD_NAMESPACE, roomOf, sessionRoomOf } from './socket-types';

const SESSION_END_WORDS: Record<SessionEndReason, string> = {
  'signed-out': 'signed out',
  expired: 'the session has expired: sign in again',
  locked: 'locked after a while without use: sign in again',
  revoked: 'this screen was unpaired or its sign-in was revoked',
  'not-found': 'the session has ended',
};

/**
 * The `/ward` namespace: ward displays and handhelds. Thin: authentication at connect (ScreenSessions), then each
 * command re-checks the token, validates its input, authorises by role and ward, and hands over to a service. Every
 * command answers through its acknowledgement, `{ data }` or `{ error, status }`.
 */
@WebSocketGateway({ namespace: WARD_NAMESPACE })
export class WardGateway implements OnGatewayInit<WardServer> {
  private readonly logger = new Logger(WardGateway.name);

  constructor(
    private readonly config: AppConfig,
    private readonly sessions: ScreenSessions,
    private readonly snapshots: BoardSnapshots,
    private readonly alerts: StaffCommands,
    private readonly promptOutcomes: PromptOutcomesService,
    private readonly receipts: DeliveryReceipts,
    private readonly heartbeat: ScreenHeartbeat,
    private readonly commandLimit: ScreenCommandLimit,
    private readonly metrics: BeaconMetrics,
    private readonly staffSessions: StaffSessions,
  ) {}

  afterInit(namespace: WardServer): void {
    namespace.use((socket, next) => {
      const { cookie, origin } = socket.handshake.headers;
      this.sessions.open(socket.handshake.auth, socket.id, { cookie, origin }).then(
        (data) => {
          socket.data = data;
          if (data.sessionKey) void socket.join(sessionRoomOf(data.sessionKey));
          next();
        },
        (error: Error) => next(error),
      );
    });
    // Sign-out, a revoked display, a locked or expired session: its screens learn why and close at once, on every
    // api process (the adapter carries both).
    this.staffSessions.onEnded((key, reason) => {
      namespace.to(sessionRoomOf(key)).emit('session:ended', { reason: SESSION_END_WORDS[reason] });
      // Its commands are refused from now on; the connections close once the reason has had time to arrive.
      setTimeout(() => namespace.in(sessionRoomOf(key)).disconnectSockets(true), 300);
    });
    this.heartbeat.start(namespace);
    this.metrics.gauge(
      'beacon_socket_clients',
      'Screens connected to this process, by role.',
      ['role'],
      () => {
        const byRole = new Map<string, number>();
        for (const socket of namespace.sockets.values()) {
          const role = (socket.data as Partial<ScreenData> | undefined)?.staff?.role ?? 'unknown';
          byRole.set(role, (byRole.get(role) ?? 0) + 1);
        }
        return Promise.resolve([...byRole].map(([role, value]) => ({ labels: { role }, value })));
      },
    );
  }

  @SubscribeMessage('session:info')
  info(@ConnectedSocket() socket: WardSocket): Promise<CommandReply<SessionInfo>> {
    return answer(this.logger, 'session:info', async () => {
      const staff = await this.staff(socket);
      return {
        user: { id: staff.userId, name: staff.name, role: staff.role },
        wards: this.snapshots.wardsOf(staff),
        mayAct: staff.role === 'midwife' || staff.role === 'coordinator',
        notRequiredReasons: NOT_REQUIRED_REASONS.map((id) => ({ id, label: NOT_REQUIRED_LABELS[id] })),
        promptNotDoneReasons: PROMPT_NOT_DONE_REASONS.map((id) => ({
          id,
          label: PROMPT_NOT_DONE_LABELS[id],
        })),
        clinicalMode: this.config.env.BEACON_CLINICAL_MODE,
      };
    });
  }

  @SubscribeMessage('ward:join')
  join(
    @MessageBody() body: unknown,
    @ConnectedSocket() socket: WardSocket,
  ): Promise<CommandReply<BoardSnapshot>> {
    return answer(this.logger, 'ward:join', async () => {
      const staff = await this.staff(socket);
      const { wardId } = parseInput(SOCKET_COMMANDS.join, body, 'ward:join');
      this.snapshots.authorise(staff, wardId);
      await socket.join(roomOf(wardId === UNASSIGNED ? null : wardId));
      const snapshot = await this.snapshots.snapshot(wardId);
      socket.emit('board:snapshot', snapshot);
      return snapshot;
    });
  }

  @SubscribeMessage('ward:leave')
  leave(
    @MessageBody() body: unknown,
    @ConnectedSocket() socket: WardSocket,
  ): Promise<CommandReply<{ readonly left: string }>> {
    return answer(this.logger, 'ward:leave', async () => {
      await this.staff(socket);
      const { wardId } = parseInput(SOCKET_COMMANDS.join, body, 'ward:leave');
      await socket.leave(roomOf(wardId === UNASSIGNED ? null : wardId));
      return { left: wardId };
    });
  }

  @SubscribeMessage('alert:acknowledge')
  acknowledge(
    @MessageBody() body: unknown,
    @ConnectedSocket() socket: WardSocket,
  ): Promise<CommandReply<AlertView>> {
    return answer(this.logger, 'alert:acknowledge', async () => {
      const staff = await this.staff(socket);
      const input = parseInput(SOCKET_COMMANDS.acknowledge, body, 'alert:acknowledge');
      return this.alerts.command(
        input.alertId,
        this.actor(staff, socket, input.device),
        (ward) => mayActOnWard(staff, ward),
        { type: 'acknowledge' },
        input.commandId,
      );
    });
  }

  @SubscribeMessage('alert:respond')
  respond(
    @MessageBody() body: unknown,
    @ConnectedSocket() socket: WardSocket,
  ): Promise<CommandReply<AlertView>> {
    return answer(this.logger, 'alert:respond', async () => {
      const staff = await this.staff(socket);
      const input = parseInput(SOCKET_COMMANDS.respond, body, 'alert:respond');
      return this.alerts.command(
        input.alertId,
        this.actor(staff, socket, input.device),
        (ward) => mayActOnWard(staff, ward),
        { type: 'respond', response: input.response, ...(input.reason ? { reason: input.reason } : {}) },
        input.commandId,
      );
    });
  }

  @SubscribeMessage('concern:raise')
  raiseConcern(
    @MessageBody() body: unknown,
    @ConnectedSocket() socket: WardSocket,
  ): Promise<CommandReply<AlertView>> {
    return answer(this.logger, 'concern:raise', async () => {
      const staff = await this.staff(socket);
      const input = parseInput(SOCKET_COMMANDS.concern, body, 'concern:raise');
      return this.alerts.raiseConcern(
        input.patientId,
        this.actor(staff, socket, input.device),
        (ward) => mayActOnWard(staff, ward),
        input.note || undefined,
        input.commandId,
      );
    });
  }

  @SubscribeMessage('prompt:outcome')
  promptOutcome(
    @MessageBody() body: unknown,
    @ConnectedSocket() socket: WardSocket,
  ): Promise<CommandReply<AlertView>> {
    return answer(this.logger, 'prompt:outcome', async () => {
      const staff = await this.staff(socket);
      const { alertId, commandId, device, ...outcome } = parseInput(
        SOCKET_COMMANDS.promptOutcome,
        body,
        'prompt:outcome',
      );
      return this.promptOutcomes.close(
        alertId,
        this.actor(staff, socket, device),
        (ward) => mayActOnWard(staff, ward),
        outcome,
        commandId,
      );
    });
  }

  @SubscribeMessage('alert:received')
  received(
    @MessageBody() body: unknown,
    @ConnectedSocket() socket: WardSocket,
  ): Promise<CommandReply<{ readonly recorded: boolean }>> {
    return answer(this.logger, 'alert:received', async () => {
      const staff = await this.staff(socket, false);
      const input = parseInput(SOCKET_COMMANDS.receipt, body, 'alert:received');
      const recorded = await this.receipts.record(
        input.alertId,
        { id: socket.data.screen, userId: staff.userId, role: staff.role },
        input.step,
        (ward) => maySeeWard(staff, ward),
      );
      return { recorded };
    });
  }

  /**
   * The socket's staff member, re-checked now; an expired token or ended session ends the socket (after this answer is sent). Every
   * command passes here, so this is also where the per-person command limit is taken.
   */
  private async staff(socket: WardSocket, activity = true): Promise<StaffPrincipal> {
    let staff: StaffPrincipal;
    try {
      staff = await this.sessions.check(socket.data, activity);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      socket.emit('session:ended', { reason });
      setTimeout(() => socket.disconnect(true), 500);
      throw HttpError.of(401, reason, 'auth.token');
    }
    await this.commandLimit.take(staff);
    return staff;
  }

  private actor(staff: StaffPrincipal, socket: WardSocket, device?: string) {
    return { id: staff.userId, name: staff.name, role: staff.role, device: device ?? socket.data.screen };
  }
}
