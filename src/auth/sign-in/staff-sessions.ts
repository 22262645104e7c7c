import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AppConfig } from '../../config/app-config';
import { REDIS } from '../../redis/redis.module';
import type { StaffPrincipal } from '../principal';
import { staffFrom } from '../staff-claims';
import type { PendingSignIn, ProviderTokens } from './identity-provider';
import { IdentityProvider } from './identity-provider';

/** A person signed in through the identity provider, or a ward display paired by a coordinator. */
export interface SessionRecord {
  readonly kind: 'person' | 'display';
  readonly principal: StaffPrincipal;
  readonly csrfToken: string;
  readonly createdAt: number;
  /** Absolute end (ms since the epoch); a display's is pushed on by each contact. */
  readonly expiresAt: number;
  readonly lastActiveAt: number;
  /** The provider's tokens (people only). Never leave the server. */
  readonly tokens?: ProviderTokens;
  /** Displays: the pairing row in PostgreSQL. */
  readonly displayId?: string;
}

export interface Session {
  /** The Redis key (a hash of the cookie value): safe to log, useless as a credential. */
  readonly key: string;
  readonly record: SessionRecord;
}

export type SessionEndReason = 'signed-out' | 'expired' | 'locked' | 'revoked' | 'not-found';

export class SessionEnded extends Error {
  constructor(
    readonly reason: SessionEndReason,
    message: string,
  ) {
    super(message);
  }
}

/** Start refreshing this long before the provider's access token expires. */
const REFRESH_AHEAD_MS = 60_000;
const PENDING_SIGN_IN_SECONDS = 600;

/**
 * Server-side sessions in Redis (shared by every api process). The browser holds only the random session id in an
 * httpOnly cookie; Redis holds a hash of it as the key, so a copy of Redis does not yield usable cookies.
 */
@Injectable()
export class StaffSessions {
  private readonly logger = new Logger(StaffSessions.name);
  private readonly endedListeners = new Set<(key: string, reason: SessionEndReason) => void>();
  private readonly contactListeners = new Set<(displayId: string) => void>();

  constructor(
    private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly provider: IdentityProvider,
  ) {}

  private get prefix(): string {
    return `${this.config.env.BEACON_QUEUE_PREFIX}:session:`;
  }

  keyOf(cookieValue: string): string {
    return this.prefix + createHash('sha256').update(cookieValue).digest('base64url');
  }

  /** Called with the key of every session this process ends (the gateway closes its sockets at once). */
  onEnded(listener: (key: string, reason: SessionEndReason) => void): void {
    this.endedListeners.add(listener);
  }

  /** Called whenever a paired display's session is used (its last contact). */
  onDisplayContact(listener: (displayId: string) => void): void {
    this.contactListeners.add(listener);
  }

  async rememberSignIn(pending: PendingSignIn): Promise<void> {
    await this.redis.set(
      `${this.prefix}sign-in:${pending.state}`,
      JSON.stringify(pending),
      'EX',
      PENDING_SIGN_IN_SECONDS,
    );
  }

  /** The pending sign-in of a callback's `state`, usable once. */
  async takeSignIn(state: string): Promise<PendingSignIn | undefined> {
    const text = await this.redis.getdel(`${this.prefix}sign-in:${state}`);
    return text ? (JSON.parse(text) as PendingSignIn) : undefined;
  }

  /** Opens a session for a person who has just signed in; the cookie value and the session. */
  async signIn(
    principal: StaffPrincipal,
    tokens: ProviderTokens,
  ): Promise<{ cookie: string; session: Session }> {
    const now = Date.now();
    return this.create({
      kind: 'person',
      principal,
      csrfToken: randomBytes(24).toString('base64url'),
      createdAt: now,
      expiresAt: now + this.config.env.BEACON_SESSION_MAX_SECONDS * 1000,
      lastActiveAt: now,
      tokens,
    });
  }

  /** Opens a display-only session for a paired ward display. */
  async pairDisplay(
    principal: StaffPrincipal,
    displayId: string,
  ): Promise<{ cookie: string; session: Session }> {
    const now = Date.now();
    return this.create({
      kind: 'display',
      principal,
      csrfToken: randomBytes(24).toString('base64url'),
      createdAt: now,
      expiresAt: now + this.displayLifetimeMs(),
      lastActiveAt: now,
      displayId,
    });
  }

  private async create(record: SessionRecord): Promise<{ cookie: string; session: Session }> {
    const cookie = randomBytes(32).toString('base64url');
    const session = { key: this.keyOf(cookie), record };
    await this.save(session);
    return { cookie, session };
  }

  /**
   * The live session behind a cookie value (or a key). Ends it when past its end or, for a person, idle longer
   * than BEACON_IDLE_LOCK_SECONDS; refreshes the provider's tokens shortly before they expire; with `activity`, the
   * idle clock restarts. Throws SessionEnded when there is no live session.
   */
  async resolve(cookieOrKey: string, options: { activity: boolean }): Promise<Session> {
    const key = cookieOrKey.startsWith(this.prefix) ? cookieOrKey : this.keyOf(cookieOrKey);
    const record = await this.load(key);
    if (!record) throw new SessionEnded('not-found', 'not signed in (or the session has ended)');
    const now = Date.now();
    if (now >= record.expiresAt) {
      await this.end(key, 'expired');
      throw new SessionEnded('expired', 'the session has expired: sign in again');
    }
    const idleMs = this.config.env.BEACON_IDLE_LOCK_SECONDS * 1000;
    if (record.kind === 'person' && now - record.lastActiveAt > idleMs) {
      await this.end(key, 'locked');
      throw new SessionEnded(
        'locked',
        `locked after ${Math.round(idleMs / 60_000) || 1} min without use: sign in again`,
      );
    }
    let current: Session = { key, record };
    if (record.tokens && record.tokens.expiresAt - now < REFRESH_AHEAD_MS)
      current = await this.refresh(current);
    if (options.activity || record.kind === 'display') {
      current = {
        key,
        record: {
          ...current.record,
          lastActiveAt: now,
          ...(record.kind === 'display' ? { expiresAt: now + this.displayLifetimeMs() } : {}),
        },
      };
      await this.save(current);
    }
    if (record.displayId) for (const listener of this.contactListeners) listener(record.displayId);
    return current;
  }

  private async refresh(session: Session): Promise<Session> {
    const { tokens } = session.record;
    if (!tokens?.refreshToken) {
      await this.end(session.key, 'expired');
      throw new SessionEnded('expired', 'the sign-in has expired: sign in again');
    }
    // One process refreshes; the others keep using the current tokens (still valid for up to a minute).
    const lock = await this.redis.set(`${session.key}:refreshing`, '1', 'PX', 15_000, 'NX');
    if (lock !== 'OK') return session;
    let renewed: ProviderTokens;
    try {
      renewed = await this.provider.refresh(tokens.refreshToken);
    } catch (error) {
      this.logger.warn(`refresh refused for ${session.record.principal.userId}: ${describe(error)}`);
      await this.end(session.key, 'revoked');
      throw new SessionEnded('revoked', 'the identity provider ended the sign-in: sign in again');
    }
    const { env } = this.config;
    const principal =
      (renewed.claims &&
        staffFrom(renewed.claims, env.BEACON_OIDC_ROLE_CLAIM, env.BEACON_OIDC_WARDS_CLAIM)) ??
      session.record.principal;
    const next: Session = {
      key: session.key,
      record: {
        ...session.record,
        principal,
        tokens: { ...renewed, idToken: renewed.idToken ?? tokens.idToken },
      },
    };
    await this.save(next);
    await this.redis.del(`${session.key}:refreshing`);
    return next;
  }

  /** Ends a session now: its cookie stops working and every socket of it is closed. */
  async end(key: string, reason: SessionEndReason): Promise<SessionRecord | undefined> {
    const record = await this.load(key);
    await this.redis.del(key);
    for (const listener of this.endedListeners) listener(key, reason);
    return record;
  }

  private async load(key: string): Promise<SessionRecord | undefined> {
    const text = await this.redis.get(key);
    return text ? (JSON.parse(text) as SessionRecord) : undefined;
  }

  private async save(session: Session): Promise<void> {
    const ttl = Math.max(1, session.record.expiresAt - Date.now());
    await this.redis.set(session.key, JSON.stringify(session.record), 'PX', ttl);
  }

  private displayLifetimeMs(): number {
    return this.config.env.BEACON_DISPLAY_SESSION_DAYS * 86_400_000;
  }
}

function describe(error: unknown): string {
  if (error && typeof error === 'object' && 'error' in error) return String(error.error);
  return error instanceof Error ? error.message : String(error);
}
