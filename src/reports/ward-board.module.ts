import { Module } from '@nestjs/common';
import { WardBoardRepository } from './persistence/ward-board.repository';
import { WardBoardService } from './ward-board.service';

/**
 * The ward board (bed tiles and the charts they are scored on), for the gateway's snapshots and broadcasts in
 * every process (api and worker), without the report controllers.
 */
@Module({
  providers: [WardBoardRepository, WardBoardService],
  exports: [WardBoardService],
})
export class WardBoardModule {}
