import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { StaffPrincipal } from '../auth/principal';
import { TokenService } from '../auth/token.service';
import type { ScreenData } from './socket-types';

const HANDSHAKE = z.object({
  token: z.string().min(1, 'a staff access token is required').max(8192),
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

/**
 * Who is at a screen: a staff token (Beacon's development tokens or the unit's OpenID Connect provider), checked at
 * connect and again on every command, so an expired or revoked token stops working mid-session.
 */
@Injectable()
export class ScreenSessions {
  constructor(private readonly tokens: TokenService) {}

  async open(auth: unknown, socketId: string): Promise<ScreenData> {
    const parsed = HANDSHAKE.safeParse(auth ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ScreenRefused(
        401,
        `auth.${issue?.path.join('.') ?? 'token'}: ${issue?.message ?? 'invalid'}`,
      );
    }
    const staff = await this.staffOf(parsed.data.token);
    return {
      staff,
      token: parsed.data.token,
      screen: `${staff.userId}/${parsed.data.screen ?? socketId}`,
    };
  }

  /** The session's staff member, if the token is still valid. */
  async check(data: ScreenData): Promise<StaffPrincipal> {
    return this.staffOf(data.token);
  }

  private async staffOf(token: string): Promise<StaffPrincipal> {
    const principal = await this.tokens.verify(token);
    if ('error' in principal) throw new ScreenRefused(401, `auth.token: ${principal.error}`);
    if (principal.kind !== 'staff')
      throw new ScreenRefused(403, 'auth.token: ward screens need a staff token, not a system client token');
    return principal;
  }
}
