import type { OnApplicationShutdown } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { AppConfig } from '../config/app-config';
import { closeRedis, redisOptionsFromUrl, redisRetryStrategy } from '../redis/redis-connection';
import type { WardServer } from './socket-types';
import { WARD_NAMESPACE } from './socket-types';

/**
 * The socket.io cluster every Beacon process belongs to, through the Redis Streams adapter: a packet sent to a room
 * by any process (api or worker) reaches the sockets of that room on every api process, and a Redis blip does not
 * lose packets (the stream is resumed). It also stores sessions for socket.io connection state recovery. Names are
 * prefixed with BEACON_QUEUE_PREFIX, so two Beacons on one Redis never share screens.
 */
/** How long one blocking stream read waits; closing takes up to this long. */
const READ_BLOCK_MS = 250;

@Injectable()
export class SocketCluster implements OnApplicationShutdown {
  private readonly redis: Redis;
  private readonly prefix: string;
  private senderServer: Server | undefined;

  constructor(config: AppConfig) {
    this.redis = new Redis({
      ...redisOptionsFromUrl(config.env.BEACON_REDIS_URL),
      retryStrategy: redisRetryStrategy,
      maxRetriesPerRequest: 2,
      connectionName: `beacon-${config.role}-sockets`,
    });
    this.redis.on('error', () => undefined); // reconnects by itself; screens see the gap and re-sync
    this.prefix = `${config.env.BEACON_QUEUE_PREFIX}:socket.io`;
  }

  /**
   * An adapter factory for one socket.io server. Each server needs its own: a factory keeps one adapter per
   * namespace name, so two servers sharing one would steal each other's packets.
   */
  adapter(): ReturnType<typeof createAdapter> {
    return createAdapter(this.redis, {
      streamName: this.prefix,
      channelPrefix: this.prefix,
      sessionKeyPrefix: `${this.prefix}:session:`,
      maxLen: 10_000,
      blockTimeInMs: READ_BLOCK_MS,
      onlyPlaintext: true,
    });
  }

  /**
   * The `/ward` namespace of a socket.io server with no HTTP listener: a cluster member that only sends to rooms.
   * Every process (worker or api) broadcasts through it, so there is one path whatever the role.
   */
  get wardSender(): WardServer {
    this.senderServer ??= new Server({ adapter: this.adapter() });
    return this.senderServer.of(WARD_NAMESPACE);
  }

  async onApplicationShutdown(): Promise<void> {
    // Not Server.close(): it expects an engine, which a server with no listener does not have. The adapter's Redis
    // readers stop only once every namespace's adapter is closed, the main namespace "/" included.
    if (this.senderServer)
      for (const name of ['/', WARD_NAMESPACE]) await this.senderServer.of(name).adapter.close();
    await closeRedis(this.redis);
    // Each adapter's reader disconnects when its blocking read returns: wait for that, so nothing is left open.
    await new Promise((resolve) => setTimeout(resolve, READ_BLOCK_MS + 50));
  }
}
