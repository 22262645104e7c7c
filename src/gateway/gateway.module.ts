import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { AuthModule } from '../auth/auth.module';
import { PromptsModule } from '../prompts/prompts.module';
import { BoardSnapshots } from './board-snapshots';
import { DeliveryReceipts } from './delivery-receipts';
import { ScreenCommandLimit } from './screen-command-limit';
import { ScreenHeartbeat } from './screen-heartbeat';
import { ScreenSessions } from './screen-sessions';
import { WardGateway } from './ward.gateway';

/** In api processes: the `/ward` socket.io namespace for ward displays and handhelds. */
@Module({
  imports: [AlertsModule, PromptsModule, AuthModule],
  providers: [
    WardGateway,
    ScreenSessions,
    BoardSnapshots,
    DeliveryReceipts,
    ScreenHeartbeat,
    ScreenCommandLimit,
  ],
})
export class GatewayModule {}
