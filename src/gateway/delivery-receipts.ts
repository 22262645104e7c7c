import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AlertRepository } from '../alerts/alert.repository';
import type { WardCheck } from '../auth/command-preamble';
import { commandPreamble } from '../auth/command-preamble';
import { AppConfig } from '../config/app-config';
import { Transactions } from '../database/unit-of-work';
import { REDIS } from '../redis/redis.module';

/**
 * A screen showed an alert (at an escalation step): the timeline's "delivered to N screens". Redis remembers which
 * screen confirmed which alert step, so the audit trail counts each screen once per step.
 */
@Injectable()
export class DeliveryReceipts {
  private readonly prefix: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    config: AppConfig,
    private readonly transactions: Transactions,
    private readonly alerts: AlertRepository,
  ) {
    this.prefix = `${config.env.BEACON_QUEUE_PREFIX}:delivered:`;
  }

  /** Audits the screen's first receipt of the alert at this step; false when it was already counted. */
  async record(
    alertId: string,
    screen: { id: string; userId: string; role: string },
    step: number,
    maySee: WardCheck,
  ): Promise<boolean> {
    if (!(await this.firstTime(alertId, step, screen.id))) return false;
    try {
      const { row: alert } = await commandPreamble({
        load: () => this.alerts.byId(this.alerts.reader, alertId),
        notFound: `alertId: alert ${alertId} does not exist`,
        mayAct: maySee,
        forbidden: (ward) => `you may not see ward ${ward}`,
      });
      await this.transactions.run((_manager, unit) => {
        unit.audit.push({
          type: 'alert.delivered',
          actor: { type: 'user', id: screen.userId },
          patientId: alert.patientId,
          alertId: alert.id,
          wardId: alert.wardId,
          details: { screen: screen.id, role: screen.role, step },
        });
        return Promise.resolve();
      });
    } catch (error) {
      await this.forget(alertId, step, screen.id);
      throw error;
    }
    return true;
  }

  /** True the first time this screen reports this alert at this step (and when Redis cannot tell: better twice). */
  async firstTime(alertId: string, step: number, screen: string): Promise<boolean> {
    try {
      const set = await this.redis.set(`${this.prefix}${alertId}:${step}:${screen}`, '1', 'EX', 86_400, 'NX');
      return set === 'OK';
    } catch {
      return true;
    }
  }

  async forget(alertId: string, step: number, screen: string): Promise<void> {
    await this.redis.del(`${this.prefix}${alertId}:${step}:${screen}`).catch(() => undefined);
  }
}
