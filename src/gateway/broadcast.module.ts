import { Global, Module } from '@nestjs/common';
import { AlertPublisher } from '../alerts/alert-publisher';
import { WardBoardModule } from '../reports/ward-board.module';
import { SocketCluster } from './socket-cluster';
import { WardBroadcaster } from './ward-broadcaster';
import { WardSequence } from './ward-sequence';

/**
 * In every process (api and worker): how committed alert and score changes reach the ward screens. Global because
 * the alerts module depends on the AlertPublisher port, which this module fills without alerts importing it.
 */
@Global()
@Module({
  imports: [WardBoardModule],
  providers: [
    SocketCluster,
    WardSequence,
    WardBroadcaster,
    { provide: AlertPublisher, useExisting: WardBroadcaster },
  ],
  exports: [SocketCluster, WardSequence, WardBoardModule, AlertPublisher],
})
export class BroadcastModule {}
