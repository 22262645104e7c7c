import { Injectable, Logger } from '@nestjs/common';
import type { AfterCommit } from '../database/unit-of-work';
import type { AlertChange } from './alert-publisher';
import { AlertPublisher } from './alert-publisher';
import { AlertRepository } from './alert.repository';
import { AlertViews } from './alert-views';

/**
 * After a commit, the ward screens are told of each alert the transaction changed, once, as raised or updated. A
 * broadcast failure never undoes a committed change: screens re-sync on their next snapshot.
 */
@Injectable()
export class AlertBroadcast implements AfterCommit<string> {
  private readonly logger = new Logger(AlertBroadcast.name);

  constructor(
    private readonly repository: AlertRepository,
    private readonly alertViews: AlertViews,
    private readonly publisher: AlertPublisher,
  ) {}

  async afterCommit(alertIds: readonly string[]): Promise<void> {
    try {
      const views = await this.alertViews.views(this.repository.reader, [...new Set(alertIds)]);
      await this.publisher.publishAlerts(
        views.map(
          (alert) =>
            ({
              type:
                alert.state === 'raised' && alert.escalation.step === 0 && !alert.acknowledged
                  ? 'raised'
                  : 'updated',
              alert,
            }) satisfies AlertChange,
        ),
      );
    } catch (error) {
      this.logger.warn(`broadcast failed (screens will re-sync): ${String(error)}`);
    }
  }
}
