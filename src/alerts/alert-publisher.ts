import type { AlertView } from '../contracts/alert.view';

/** A change to broadcast to the ward's screens after it commits. */
export interface AlertChange {
  readonly type: 'raised' | 'updated';
  readonly alert: AlertView;
}

/**
 * Where committed alert changes go (the ward screens). A port: alerts never imports the gateway; the gateway's
 * BroadcastModule provides the implementation.
 */
export abstract class AlertPublisher {
  abstract publishAlerts(changes: readonly AlertChange[]): Promise<void>;
}
