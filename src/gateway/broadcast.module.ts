import { Global, Module } from '@nestjs/common';
import { AlertPublisher } from '../alerts/alert-publisher';
import { WardBoardService } from '../alerts/ward-board.service';
import { SocketCluster } from './socket-cluster';
import { WardBroadcaster } from './ward-broadcaster';
import { WardSequence } from './ward-sequence';

/**
 * In every process (api and worker): how committed alert and score changes reach the ward screens. Global because
 * the alerts module depends on the AlertPublisher port, which this module fills without alerts importing it.
 */
@Global()
@Module({
  providers: [
    SocketCluster,
    WardSequence,
    WardBoardService,
    WardBroadcaster,
    { provide: AlertPublisher, useExisting: WardBroadcaster },
  ],
  exports: [SocketCluster, WardSequence, WardBoardService, AlertPublisher],
})
export class BroadcastModule {}
