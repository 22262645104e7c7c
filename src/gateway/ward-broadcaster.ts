import type { OnModuleDestroy } from '@nestjs/common';
import { Injectable, Logger } from '@nestjs/common';
import type { AlertChange } from '../alerts/alert-publisher';
import { AlertPublisher } from '../alerts/alert-publisher';
import type { BoardPublisher, ScoreChange } from '../assessment/board-publisher';
import { WardBoardService } from '../reports/ward-board.service';
import type { BroadcastOperator } from 'socket.io';
import type { ServerToClientEvents, WardEvent } from '../contracts/events';
import type { ScreenData } from './socket-types';
import { SocketCluster } from './socket-cluster';
import { UNASSIGNED, roomOf } from './socket-types';
import { WardSequence } from './ward-sequence';

/**
 * Sends committed alert and score changes to the ward's screens, each with the ward's next sequence number. When a
 * send fails (Redis down) the ward's number is bumped as soon as Redis is back, so every screen of that ward sees a
 * gap at its next heartbeat and fetches a fresh snapshot: a change is never silently missing from a screen.
 */
@Injectable()
export class WardBroadcaster extends AlertPublisher implements BoardPublisher, OnModuleDestroy {
  private readonly logger = new Logger(WardBroadcaster.name);
  private readonly unsent = new Set<string>();
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly cluster: SocketCluster,
    private readonly sequence: WardSequence,
    private readonly board: WardBoardService,
  ) {
    super();
  }

  async publishAlerts(changes: readonly AlertChange[]): Promise<void> {
    for (const { type, alert } of changes)
      await this.send(alert.wardId, `alert:${type}`, (room, event) =>
        room.emit(type === 'raised' ? 'alert:raised' : 'alert:updated', { ...event, alert }),
      );
  }

  async publishScores(changes: readonly ScoreChange[]): Promise<void> {
    for (const patientId of new Set(changes.map((change) => change.patientId))) {
      const tile = await this.board.tile(patientId);
      if (tile?.wardId)
        await this.send(tile.wardId, 'score:updated', (room, event) =>
          room.emit('score:updated', { ...event, tile }),
        );
    }
  }

  /**
   * A patient left or joined these wards, or changed bed: a heartbeat asking every screen of the ward for a fresh
   * snapshot (the tile leaves the old ward at once). It carries the ward's current number and uses none up.
   */
  async publishWardsChanged(wardIds: readonly (string | null)[]): Promise<void> {
    const at = new Date().toISOString();
    const wards = [...new Set(wardIds)];
    try {
      const numbers = await this.sequence.current(wards.map((wardId) => wardId ?? UNASSIGNED));
      for (const wardId of wards) {
        const ward = wardId ?? UNASSIGNED;
        const seq = numbers.get(ward) ?? 0;
        this.cluster.wardSender
          .to(roomOf(wardId))
          .emit('ward:heartbeat', { wardId: ward, seq, at, resync: true });
      }
    } catch (error) {
      this.logger.warn(
        `could not tell wards to re-sync (their screens will within a minute): ${String(error)}`,
      );
    }
  }

  private async send(
    wardId: string | null,
    what: string,
    emit: (room: BroadcastOperator<ServerToClientEvents, ScreenData>, event: WardEvent) => void,
  ): Promise<void> {
    const ward = wardId ?? UNASSIGNED;
    try {
      const seq = await this.sequence.next(ward);
      emit(this.cluster.wardSender.to(roomOf(wardId)), { wardId: ward, seq });
    } catch (error) {
      this.logger.warn(`could not send ${what} to ward ${ward} (its screens will re-sync): ${String(error)}`);
      this.unsent.add(ward);
      this.retry ??= setInterval(() => void this.bumpUnsent(), 1000);
    }
  }

  /** Redis is back: move each affected ward's number on, so its screens notice the gap and re-sync. */
  private async bumpUnsent(): Promise<void> {
    for (const ward of [...this.unsent]) {
      try {
        await this.sequence.next(ward);
        this.unsent.delete(ward);
      } catch {
        return; // still down; next tick
      }
    }
    clearInterval(this.retry);
    this.retry = undefined;
  }

  onModuleDestroy(): void {
    clearInterval(this.retry);
  }
}
