import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { StaffPrincipal } from '../auth/principal';
import { sessionCookieOf } from '../auth/sign-in/session-cookie';
import { SessionEnded, StaffSessions } from '../auth/sign-in/staff-sessions';
import { TokenService } from '../auth/token.service';
import { AppConfig } from '../config/app-config';
import type { ScreenData } from './socket-types';

const HANDSHAKE = z.object({
  token: z.string().min(1, 'a staff access token is required').max(8192).optional(),
  screen: z
    .string()
    .max(64)
    .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, ".", "_" and "-" only')
    .optional(),
});

/** Why a socket is refused: socket.io sends the message to the client as `connect_error`. */
export class ScreenRefused extends Error {
  readonly data: { status: number };

  constructor(status: 401 | 403, message: string) {
    super(message);
    this.data = { status };
  }
}

/** What the socket handshake tells about the browser. */
export interface HandshakeHeaders {
  readonly cookie?: string;
  readonly origin?: string;
}

/**
 * Who is at a screen: the sign-in session of the page (its httpOnly cookie, sent with the WebSocket handshake), or a
 * staff token (`auth.token`: development tokens in demo mode, tokens of the unit's OpenID Connect provider). Checked
 * at connect and again on every command and heartbeat, so an ended session or an expired token stops working
 * mid-session.
 */
@Injectable()
export class ScreenSessions {
  constructor(
    private readonly tokens: TokenService,
    private readonly sessions: StaffSessions,
    private readonly config: AppConfig,
  ) {}

  async open(auth: unknown, socketId: string, headers: HandshakeHeaders = {}): Promise<ScreenData> {
    const parsed = HANDSHAKE.safeParse(auth ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ScreenRefused(
        401,
        `auth.${issue?.path.join('.') ?? 'token'}: ${issue?.message ?? 'invalid'}`,
      );
    }
    const { token, screen } = parsed.data;
    if (token) {
      const staff = await this.staffOf(token);
      return { staff, token, screen: `${staff.userId}/${screen ?? socketId}` };
    }
    const cookie = sessionCookieOf(this.config, headers.cookie);
    if (!cookie) throw new ScreenRefused(401, 'auth.token: sign in first (no session cookie and no token)');
    // A cookie is ambient: only Beacon's own pages may use it (no cross-site WebSocket hijacking).
    if (headers.origin !== new URL(this.config.publicUrl).origin)
      throw new ScreenRefused(403, `origin: ${headers.origin ?? '(none)'} may not use a Beacon session`);
    const session = await this.session(cookie, true);
    const staff = session.record.principal;
    return { staff, sessionKey: session.key, screen: `${staff.userId}/${screen ?? socketId}` };
  }

  /** The session's staff member, if the session or token is still valid; `activity` restarts the idle clock. */
  async check(data: ScreenData, activity = false): Promise<StaffPrincipal> {
    if (data.sessionKey) return (await this.session(data.sessionKey, activity)).record.principal;
    return this.staffOf(data.token ?? '');
  }

  private async session(cookieOrKey: string, activity: boolean) {
    try {
      return await this.sessions.resolve(cookieOrKey, { activity });
    } catch (error) {
      if (error instanceof SessionEnded) throw new ScreenRefused(401, `session: ${error.message}`);
      throw error;
    }
  }

  private async staffOf(token: string): Promise<StaffPrincipal> {
    const principal = await this.tokens.verify(token);
    if ('error' in principal) throw new ScreenRefused(401, `auth.token: ${principal.error}`);
    if (principal.kind !== 'staff')
      throw new ScreenRefused(403, 'auth.token: ward screens need a staff token, not a system client token');
    return principal;
  }
}
