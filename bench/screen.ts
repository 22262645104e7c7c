import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Socket } from 'socket.io-client';
import { io } from 'socket.io-client';
import type { ClientToServerEvents, CommandReply, ServerToClientEvents } from '../src/contracts/events';

export interface ScreenListener {
  score(wardId: string, bed: string | null, effectiveAt: string, setId: string, at: number): void;
  alert(identity: string, setId: string | null, at: number): void;
}

type WardSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * A ward screen as the displays use it: socket.io-client on `/ward` with a staff token, joined to its wards. It
 * takes the monotonic time of each score and alert event as it arrives and hands it to the listener.
 */
export async function openScreen(
  url: string,
  token: string,
  wardIds: readonly string[],
  listener: ScreenListener,
): Promise<WardSocket> {
  const socket: WardSocket = io(`${url}/ward`, {
    auth: { token, screen: `bench-${randomUUID().slice(0, 8)}` },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  socket.on('score:updated', ({ tile }) => {
    const at = performance.now();
    if (tile.wardId && tile.latest)
      listener.score(tile.wardId, tile.bed, tile.latest.effectiveAt, tile.latest.setId, at);
  });
  const onAlert = ({ alert }: { alert: { id: string; updatedAt: string; setId: string | null } }) =>
    listener.alert(`${alert.id}@${alert.updatedAt}`, alert.setId, performance.now());
  socket.on('alert:raised', onAlert);
  socket.on('alert:updated', onAlert);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => {
      socket.close();
      reject(new Error(`screen could not connect to ${url}/ward: ${error.message}`));
    });
  });
  for (const wardId of wardIds) {
    const reply = (await socket
      .timeout(10_000)
      .emitWithAck('ward:join', { wardId })) as CommandReply<unknown>;
    if ('error' in reply) {
      socket.close();
      throw new Error(`ward:join ${wardId} refused: ${reply.status} ${reply.error}`);
    }
  }
  return socket;
}
