import { Injectable } from '@nestjs/common';
import type { StaffPrincipal } from '../auth/principal';
import { maySeeWard } from '../auth/principal';
import { AlertViews } from '../alerts/alert-views';
import { WardBoardService, boardChart } from '../reports/ward-board.service';
import { AppConfig } from '../config/app-config';
import { HttpError } from '../http/http-error';
import type { BoardSnapshot } from '../contracts/events';
import { UNASSIGNED } from './socket-types';
import { WardSequence } from './ward-sequence';

/** Roles that watch ward boards live (auditors review timelines instead). */
const WATCHERS = new Set(['ward-display', 'midwife', 'coordinator', 'admin']);

/** A ward's board as of its current sequence number, for a staff member allowed to see it. */
@Injectable()
export class BoardSnapshots {
  constructor(
    private readonly config: AppConfig,
    private readonly sequence: WardSequence,
    private readonly board: WardBoardService,
    private readonly alerts: AlertViews,
  ) {}

  /** The wards a staff member may watch (coordinators and admins: every ward, and the unassigned patients). */
  wardsOf(staff: StaffPrincipal): { id: string; name: string }[] {
    if (!WATCHERS.has(staff.role)) return [];
    const wards = this.config.wards.wards
      .filter((ward) => maySeeWard(staff, ward.id))
      .map((ward) => ({ id: ward.id, name: ward.name }));
    return maySeeWard(staff, null)
      ? [...wards, { id: UNASSIGNED, name: 'Patients on no configured ward' }]
      : wards;
  }

  /** Throws 403/404 unless the staff member may watch the ward. */
  authorise(staff: StaffPrincipal, wardId: string): void {
    if (!WATCHERS.has(staff.role))
      throw HttpError.of(403, `wardId: a ${staff.role} does not watch ward boards`, 'wardId');
    const known = wardId === UNASSIGNED || this.config.wards.wards.some((ward) => ward.id === wardId);
    if (!known) throw HttpError.of(404, `wardId: there is no ward ${wardId}`, 'wardId');
    if (!maySeeWard(staff, wardId === UNASSIGNED ? null : wardId))
      throw HttpError.of(403, `wardId: you may not see ward ${wardId}`, 'wardId');
  }

  async snapshot(wardId: string): Promise<BoardSnapshot> {
    // The number is read before the data: every event numbered up to it is already in what follows.
    const seq = (await this.sequence.current([wardId])).get(wardId) ?? 0;
    const unassigned = wardId === UNASSIGNED;
    const [beds, alerts] = await Promise.all([
      unassigned ? Promise.resolve([]) : this.board.tiles(wardId),
      this.alerts.openAlerts(unassigned ? null : wardId),
    ]);
    const ward = this.config.ward(wardId);
    return {
      wardId,
      seq,
      wardName: ward?.name ?? 'Patients on no configured ward',
      at: new Date().toISOString(),
      clinicalMode: this.config.env.BEACON_CLINICAL_MODE,
      charts: unassigned ? this.config.chartsInUse().map(boardChart) : this.board.charts(wardId),
      beds,
      alerts,
      heartbeatSeconds: this.config.env.BEACON_SCREEN_HEARTBEAT_SECONDS,
    };
  }
}
