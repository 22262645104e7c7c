import type { OnModuleDestroy } from '@nestjs/common';
import { Injectable, Logger } from '@nestjs/common';
import { ScoringLagMonitor } from '../assessment/scoring-lag.monitor';
import { AppConfig } from '../config/app-config';
import { ScreenSessions } from './screen-sessions';
import type { WardServer } from './socket-types';
import { UNASSIGNED } from './socket-types';
import { WardSequence } from './ward-sequence';

/**
 * Every few seconds, each ward room on this process gets `ward:heartbeat` with the ward's latest sequence number:
 * a screen that hears nothing knows it may be stale, and one that has not seen that number knows it missed an event.
 * A ward whose scoring is behind hears by how much. The same tick ends sessions whose token has expired.
 */
@Injectable()
export class ScreenHeartbeat implements OnModuleDestroy {
  private readonly logger = new Logger(ScreenHeartbeat.name);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: AppConfig,
    private readonly sequence: WardSequence,
    private readonly sessions: ScreenSessions,
    private readonly lag: ScoringLagMonitor,
  ) {}

  start(namespace: WardServer): void {
    this.timer = setInterval(
      () => void this.beat(namespace),
      this.config.env.BEACON_SCREEN_HEARTBEAT_SECONDS * 1000,
    );
  }

  async beat(namespace: WardServer): Promise<void> {
    const rooms = [...namespace.adapter.rooms.keys()].filter((room) => room.startsWith('ward:'));
    let numbers: Map<string, number>;
    try {
      numbers = await this.sequence.current(rooms.map((room) => room.slice('ward:'.length)));
    } catch (error) {
      // Without Redis the numbers are unknown: stay silent, and the screens show that they may be stale.
      this.logger.warn(`no heartbeat: ${String(error)}`);
      return;
    }
    const at = new Date().toISOString();
    for (const room of rooms) {
      const wardId = room.slice('ward:'.length);
      // Unknown lag (PostgreSQL unreachable) is not reported as none: the screens already show the outage.
      const behind = await this.lag.behind(wardId === UNASSIGNED ? null : wardId).catch(() => null);
      namespace.local.to(room).emit('ward:heartbeat', {
        wardId,
        seq: numbers.get(wardId) ?? 0,
        at,
        ...(behind !== null ? { scoringBehindSeconds: behind } : {}),
      });
    }
    for (const socket of namespace.sockets.values()) {
      await this.sessions.check(socket.data).catch((error: Error) => {
        socket.emit('session:ended', { reason: error.message });
        // As in the gateway: give the reason time to reach the screen before the connection closes.
        setTimeout(() => socket.disconnect(true), 500);
      });
    }
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }
}
