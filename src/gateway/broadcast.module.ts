import { Global, Module } from '@nestjs/common';
import { AlertPublisher } from '../alerts/alert-publisher';
import { BoardPublisher } from '../assessment/board-publisher';
import { WardBoardModule } from '../reports/ward-board.module';
import { SocketCluster } from './socket-cluster';
import { WardBroadcaster } from './ward-broadcaster';
import { WardSequence } from './ward-sequence';

/**
 * In every process (api and worker): how committed alert and score changes reach the ward screens. Global because
 * alerts and assessment depend on the AlertPublisher and BoardPublisher ports, which this module fills without
 * either importing it.
 */
@Global()
@Module({
  imports: [WardBoardModule],
  providers: [
    SocketCluster,
    WardSequence,
    WardBroadcaster,
    { provide: AlertPublisher, useExisting: WardBroadcaster },
    { provide: BoardPublisher, useExisting: WardBroadcaster },
  ],
  exports: [SocketCluster, WardSequence, WardBoardModule, AlertPublisher, BoardPublisher],
})
export class BroadcastModule {}
