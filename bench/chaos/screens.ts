import { performance } from 'node:perf_hooks';
import type { Socket } from 'socket.io-client';
import { io } from 'socket.io-client';
import type {
  AlertEvent,
  BoardSnapshot,
  ClientToServerEvents,
  CommandReply,
  ServerToClientEvents,
} from '../../src/gateway/events';

type WardSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A score on a screen: the bed's latest set (ward, bed, set time identify the set the EPR sent). */
export interface ScoreSeen {
  readonly screen: string;
  readonly bed: string | null;
  readonly effectiveAt: string;
  readonly setId: string;
  readonly at: number;
}

/** An alert on a screen (an event or a snapshot), at its escalation step. */
export interface AlertSeen {
  readonly screen: string;
  readonly alertId: string;
  readonly setId: string | null;
  readonly step: number;
  readonly at: number;
}

export interface ScreenRecord {
  readonly scores: ScoreSeen[];
  readonly alerts: AlertSeen[];
  /** Connections lost without the run asking (an api process killed, Redis gone). */
  unplannedDisconnects: number;
  /** Snapshots asked for again because the ward's sequence number jumped (an event missed). */
  resyncs: number;
  /** Receipts (alert:received) Beacon did not take. */
  receiptFailures: number;
  /** Why, by answer (status and message, or no answer). */
  readonly receiptErrors: Record<string, number>;
}

const RECONNECT_MS = 250;
const RECHECK_MS = 1000;

/**
 * A ward display as the web client behaves: socket.io-client on `/ward` with a staff token and a stable screen id,
 * joined to its ward; it confirms every alert it shows (alert:received, the delivery receipt), takes a fresh snapshot
 * when the ward's sequence number jumps, and reconnects (to the next api process) whenever the connection drops.
 */
export class ChaosScreen {
  private socket?: WardSocket;
  private seq = -1;
  private closed = false;
  private urlIndex: number;
  private reconnecting = false;

  constructor(
    readonly id: string,
    private readonly wardId: string,
    private readonly urls: readonly string[],
    private readonly token: () => Promise<string>,
    private readonly record: ScreenRecord,
    firstUrl: number,
  ) {
    this.urlIndex = firstUrl;
  }

  async open(): Promise<void> {
    await this.connect();
  }

  /** The screen's network drops (a Wi-Fi blip): it notices and reconnects after `downMs`. */
  async drop(downMs: number): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    socket?.removeAllListeners();
    socket?.close();
    await new Promise((resolve) => setTimeout(resolve, downMs));
    await this.reconnectLoop();
  }

  close(): void {
    this.closed = true;
    this.socket?.removeAllListeners();
    this.socket?.close();
  }

  private async connect(): Promise<void> {
    const url = this.urls[this.urlIndex % this.urls.length] as string;
    const socket: WardSocket = io(`${url}/ward`, {
      auth: { token: await this.token(), screen: this.id },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: 5000,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (error) => {
        socket.close();
        reject(new Error(`screen ${this.id} could not connect to ${url}: ${error.message}`));
      });
    });
    this.socket = socket;
    socket.on('score:updated', ({ tile, seq }) => {
      const at = performance.now();
      if (tile.latest)
        this.record.scores.push({
          screen: this.id,
          bed: tile.bed,
          effectiveAt: tile.latest.effectiveAt,
          setId: tile.latest.setId,
          at,
        });
      this.sequence(seq);
    });
    const onAlert = (event: AlertEvent) => {
      this.shown(event.alert.id, event.alert.setId, event.alert.escalation.step);
      this.sequence(event.seq);
    };
    socket.on('alert:raised', onAlert);
    socket.on('alert:updated', onAlert);
    socket.on('ward:heartbeat', (event) => {
      if (event.resync || event.seq < this.seq) void this.resync();
      // An event may still be on its way: look again shortly.
      else if (event.seq > this.seq)
        setTimeout(() => {
          if (this.seq < event.seq) void this.resync();
        }, RECHECK_MS);
    });
    socket.on('disconnect', () => {
      if (this.closed || this.socket !== socket) return;
      this.record.unplannedDisconnects += 1;
      this.socket = undefined;
      void this.reconnectLoop();
    });
    await this.join();
  }

  /** As the web client does: an event already covered by the snapshot is ignored, a gap asks for a new one. */
  private sequence(seq: number): void {
    // Not joined yet (the snapshot will cover it), or already covered by the snapshot.
    if (this.seq < 0 || seq <= this.seq) return;
    if (seq !== this.seq + 1) {
      void this.resync();
      return;
    }
    this.seq = seq;
  }

  private async resync(): Promise<void> {
    this.record.resyncs += 1;
    await this.join();
  }

  private async join(): Promise<void> {
    const socket = this.socket;
    if (!socket) return;
    const reply = (await socket
      .timeout(10_000)
      .emitWithAck('ward:join', { wardId: this.wardId })
      .catch(() => null)) as CommandReply<BoardSnapshot> | null;
    if (!reply || 'error' in reply) return;
    const snapshot = reply.data;
    this.seq = snapshot.seq;
    const at = performance.now();
    for (const tile of snapshot.beds)
      if (tile.latest)
        this.record.scores.push({
          screen: this.id,
          bed: tile.bed,
          effectiveAt: tile.latest.effectiveAt,
          setId: tile.latest.setId,
          at,
        });
    for (const alert of snapshot.alerts) this.shown(alert.id, alert.setId, alert.escalation.step);
  }

  private shown(alertId: string, setId: string | null, step: number): void {
    this.record.alerts.push({ screen: this.id, alertId, setId, step, at: performance.now() });
    const socket = this.socket;
    if (!socket) return;
    void socket
      .timeout(10_000)
      .emitWithAck('alert:received', { alertId, step })
      .then((answer) => {
        const reply = answer as CommandReply<{ readonly recorded: boolean }>;
        if ('error' in reply) this.receiptFailed(`${reply.status} ${reply.error.slice(0, 80)}`);
      })
      .catch(() => this.receiptFailed('no answer within 10 s'));
  }

  private receiptFailed(reason: string): void {
    this.record.receiptFailures += 1;
    this.record.receiptErrors[reason] = (this.record.receiptErrors[reason] ?? 0) + 1;
  }

  private async reconnectLoop(): Promise<void> {
    if (this.reconnecting) return;
    this.reconnecting = true;
    try {
      while (!this.closed && !this.socket) {
        this.urlIndex += 1;
        try {
          await this.connect();
        } catch {
          await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
        }
      }
    } finally {
      this.reconnecting = false;
    }
  }
}
