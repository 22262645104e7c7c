import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Server, ServerOptions } from 'socket.io';
import { SocketCluster } from './socket-cluster';

/**
 * socket.io on the api's HTTP server, in Beacon's socket cluster (Redis Streams adapter), with connection state
 * recovery as an optimisation only: a recovered session is authenticated again (skipMiddlewares: false), and screens
 * still re-sync by sequence number.
 */
export class WardSocketAdapter extends IoAdapter {
  private readonly cluster: SocketCluster;

  constructor(app: INestApplicationContext) {
    super(app);
    this.cluster = app.get(SocketCluster);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const beacon: Partial<ServerOptions> = {
      adapter: this.cluster.adapter(),
      serveClient: false,
      maxHttpBufferSize: 64 * 1024,
      connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
    };
    return super.createIOServer(port, { ...options, ...beacon } as ServerOptions);
  }
}
