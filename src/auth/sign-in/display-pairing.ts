import { createHash, randomBytes, randomInt } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { toString as qrSvg } from 'qrcode';
import { AppConfig } from '../../config/app-config';
import { HttpError } from '../../http/http-error';
import { REDIS } from '../../redis/redis.module';
import type { WardDisplayRow } from '../persistence/ward-display.repository';
import { WardDisplayRepository } from '../persistence/ward-display.repository';
import type { StaffPrincipal } from '../principal';
import { SessionAudit } from './session-audit';
import { StaffSessions } from './staff-sessions';

/** RFC 8628 §6.1: consonants only (no vowels, so no words; no look-alikes such as 0/O, 1/I). */
const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';
const PAIRING_SECONDS = 600;
const POLL_INTERVAL_SECONDS = 5;
const CONTACT_WRITE_MS = 60_000;

export interface DeviceAuthorization {
  readonly device_code: string;
  readonly user_code: string;
  readonly verification_uri: string;
  readonly verification_uri_complete: string;
  readonly expires_in: number;
  readonly interval: number;
  /** The verification URI as a QR code (SVG), to scan with a handheld. */
  readonly qr_svg: string;
}

interface PendingPairing {
  readonly userCode: string;
  readonly status: 'pending' | 'approved';
  readonly displayId?: string;
  readonly lastPollAt?: number;
}

export type PollOutcome =
  | { readonly error: 'authorization_pending' | 'slow_down' | 'expired_token' }
  | { readonly cookie: string; readonly wardId: string };

export interface PairedDisplay {
  readonly id: string;
  readonly wardId: string;
  readonly name: string;
  readonly pairedAt: string;
  readonly pairedBy: string;
  readonly lastContactAt: string | null;
  readonly revokedAt: string | null;
}

/**
 * Ward display pairing with the OAuth 2.0 Device Authorization Grant (RFC 8628), Beacon being the authorization
 * server: an unpaired display asks for a user code, a coordinator or admin approves it for a ward, and the
 * display's next poll gets a long-lived, display-only session. Pending pairings live in Redis for ten minutes;
 * paired displays are rows of `ward_display`, listed and revoked from /admin/displays.
 */
@Injectable()
export class DisplayPairing {
  private readonly logger = new Logger(DisplayPairing.name);
  private readonly lastWrite = new Map<string, number>();

  constructor(
    private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly displays: WardDisplayRepository,
    private readonly sessions: StaffSessions,
    private readonly audit: SessionAudit,
  ) {
    sessions.onDisplayContact((displayId) => void this.contact(displayId));
  }

  private key(kind: 'device' | 'user', value: string): string {
    const id = kind === 'device' ? createHash('sha256').update(value).digest('base64url') : value;
    return `${this.config.env.BEACON_QUEUE_PREFIX}:pairing:${kind}:${id}`;
  }

  async start(): Promise<DeviceAuthorization> {
    const deviceCode = randomBytes(32).toString('base64url');
    const letters = Array.from({ length: 8 }, () => USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)]);
    const userCode = `${letters.slice(0, 4).join('')}-${letters.slice(4).join('')}`;
    const pending: PendingPairing = { userCode, status: 'pending' };
    await this.redis
      .multi()
      .set(this.key('device', deviceCode), JSON.stringify(pending), 'EX', PAIRING_SECONDS)
      .set(this.key('user', userCode), this.key('device', deviceCode), 'EX', PAIRING_SECONDS)
      .exec();
    const verification = `${this.config.publicUrl}/admin/displays`;
    const complete = `${verification}?code=${userCode}`;
    return {
      device_code: deviceCode,
      user_code: userCode,
      verification_uri: verification,
      verification_uri_complete: complete,
      expires_in: PAIRING_SECONDS,
      interval: POLL_INTERVAL_SECONDS,
      qr_svg: await qrSvg(complete, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }),
    };
  }

  /** The display's poll (RFC 8628 §3.4): pending, too fast, expired, or paired (a session cookie). */
  async poll(deviceCode: string): Promise<PollOutcome> {
    const key = this.key('device', deviceCode);
    const text = await this.redis.get(key);
    if (!text) return { error: 'expired_token' };
    const pending = JSON.parse(text) as PendingPairing;
    const now = Date.now();
    if (pending.status === 'pending') {
      const tooSoon =
        pending.lastPollAt !== undefined && now - pending.lastPollAt < (POLL_INTERVAL_SECONDS - 1) * 1000;
      await this.redis.set(key, JSON.stringify({ ...pending, lastPollAt: now }), 'KEEPTTL');
      return { error: tooSoon ? 'slow_down' : 'authorization_pending' };
    }
    // Approved: usable once.
    if ((await this.redis.del(key)) === 0 || !pending.displayId) return { error: 'expired_token' };
    const row = await this.displays.pairing(pending.displayId);
    if (!row || row.revoked_at) return { error: 'expired_token' };
    const principal: StaffPrincipal = {
      kind: 'staff',
      userId: `display:${pending.displayId}`,
      name: row.name,
      role: 'ward-display',
      wards: [row.ward_id],
    };
    const { cookie, session } = await this.sessions.pairDisplay(principal, pending.displayId);
    await this.displays.attachSession(pending.displayId, session.key);
    return { cookie, wardId: row.ward_id };
  }

  /** A coordinator or admin approves the display showing `userCode` for a ward. */
  async approve(
    userCode: string,
    wardId: string,
    name: string | undefined,
    by: StaffPrincipal,
  ): Promise<PairedDisplay> {
    const ward = this.config.ward(wardId);
    if (!ward) throw HttpError.of(400, `wardId: no ward "${wardId}"`, 'wardId');
    const code = userCode.toUpperCase().replace(/[^A-Z]/g, '');
    const normalised = `${code.slice(0, 4)}-${code.slice(4)}`;
    const deviceKey = await this.redis.get(this.key('user', normalised));
    const text = deviceKey ? await this.redis.get(deviceKey) : null;
    const pending = text ? (JSON.parse(text) as PendingPairing) : undefined;
    if (!deviceKey || !pending || pending.status !== 'pending')
      throw HttpError.of(
        404,
        'userCode: no display is waiting with this code (it lasts ten minutes)',
        'userCode',
      );
    const displayName = name?.trim() || `${ward.name} display`;
    const displayId = await this.displays.insert(wardId, displayName, by);
    await this.redis
      .multi()
      .set(deviceKey, JSON.stringify({ ...pending, status: 'approved', displayId }), 'KEEPTTL')
      .del(this.key('user', normalised))
      .exec();
    await this.audit.record('display.paired', by, { displayId, name: displayName }, wardId);
    return (await this.find(displayId)) as PairedDisplay;
  }

  /** Paired displays, newest first (revoked ones too, for the record). */
  async list(limit = 500): Promise<PairedDisplay[]> {
    return (await this.displays.list(limit)).map(viewOf);
  }

  /** Unpairs a display now: its session ends and its screen returns to the pairing code. */
  async revoke(displayId: string, by: StaffPrincipal): Promise<PairedDisplay> {
    const row = await this.displays.revoke(displayId, by.userId);
    if (!row) throw HttpError.of(404, `no paired display ${displayId}`, 'id');
    if (row.session_key) await this.sessions.end(row.session_key, 'revoked');
    await this.audit.record('display.revoked', by, { displayId }, row.ward_id);
    return (await this.find(displayId)) as PairedDisplay;
  }

  private async find(displayId: string): Promise<PairedDisplay | undefined> {
    const row = await this.displays.find(displayId);
    return row ? viewOf(row) : undefined;
  }

  /** Last contact, written at most once a minute per display and process. */
  private async contact(displayId: string): Promise<void> {
    const now = Date.now();
    if (now - (this.lastWrite.get(displayId) ?? 0) < CONTACT_WRITE_MS) return;
    this.lastWrite.set(displayId, now);
    await this.displays
      .touch(displayId)
      .catch((error: unknown) => this.logger.warn(`last contact not recorded: ${String(error)}`));
  }
}

function viewOf(row: WardDisplayRow): PairedDisplay {
  return {
    id: row.id,
    wardId: row.ward_id,
    name: row.name,
    pairedAt: row.paired_at.toISOString(),
    pairedBy: row.paired_by_name,
    lastContactAt: row.last_contact_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
  };
}
