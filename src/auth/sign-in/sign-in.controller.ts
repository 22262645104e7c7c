import { Controller, Get, Header, HttpCode, Logger, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppConfig } from '../../config/app-config';
import { HttpError } from '../../http/http-error';
import { Public } from '../public.decorator';
import { staffFrom } from '../staff-claims';
import { IdentityProvider } from './identity-provider';
import { SessionAudit } from './session-audit';
import {
  CSRF_HEADER,
  sameSecret,
  sessionCookieName,
  sessionCookieOf,
  sessionCookieOptions,
} from './session-cookie';
import { SessionEnded, StaffSessions } from './staff-sessions';

/** Pages a sign-in may return to: Beacon's own paths only (never another site). */
const LOCAL_PATH = /^\/(?!\/)[A-Za-z0-9/_.-]{0,200}$/;

/** What a page learns about its session (never a token). */
export interface SessionView {
  readonly user: { readonly id: string; readonly name: string; readonly role: string };
  readonly kind: 'person' | 'display';
  readonly wards: readonly string[];
  readonly csrfToken: string;
  readonly expiresAt: string;
  readonly idleLockSeconds: number | null;
  readonly clinicalMode: string;
}

/**
 * Staff sign-in, backend-for-frontend style: the browser is redirected to the unit's identity provider
 * (authorization code + PKCE), Beacon exchanges the code itself, keeps the tokens in a Redis session, and gives the
 * browser only an httpOnly cookie. Public routes: each checks the session itself.
 */
@Public()
@Controller('auth')
export class SignInController {
  private readonly logger = new Logger(SignInController.name);

  constructor(
    private readonly config: AppConfig,
    private readonly provider: IdentityProvider,
    private readonly sessions: StaffSessions,
    private readonly audit: SessionAudit,
  ) {}

  @Get('sign-in')
  @Header('Cache-Control', 'no-store')
  async signIn(
    @Query('returnTo') returnTo: unknown,
    @Query('loginHint') loginHint: unknown,
    @Res() response: Response,
  ): Promise<void> {
    this.requireEnabled();
    const target = typeof returnTo === 'string' && LOCAL_PATH.test(returnTo) ? returnTo : '/handheld';
    const hint = typeof loginHint === 'string' && /^[\w.@-]{1,128}$/.test(loginHint) ? loginHint : undefined;
    const { url, pending } = await this.provider.startSignIn(target, hint);
    await this.sessions.rememberSignIn(pending);
    response.redirect(303, url);
  }

  @Get('callback')
  @Header('Cache-Control', 'no-store')
  async callback(@Req() request: Request, @Res() response: Response): Promise<void> {
    this.requireEnabled();
    const query = request.query;
    if (typeof query.error === 'string') {
      throw HttpError.of(401, `sign-in refused by the identity provider (${query.error})`, 'error');
    }
    const state = typeof query.state === 'string' ? query.state : '';
    const pending = state ? await this.sessions.takeSignIn(state) : undefined;
    if (!pending) throw HttpError.of(400, 'unknown or already used sign-in (start again)', 'state');
    let tokens;
    try {
      tokens = await this.provider.finishSignIn(
        new URL(request.originalUrl, `${this.config.publicUrl}/`),
        pending,
      );
    } catch (error) {
      this.logger.warn(`sign-in could not be completed: ${error instanceof Error ? error.message : 'error'}`);
      throw HttpError.of(401, 'the sign-in could not be completed: start again', 'code');
    }
    const { env } = this.config;
    const principal = staffFrom(tokens.claims ?? {}, env.BEACON_OIDC_ROLE_CLAIM, env.BEACON_OIDC_WARDS_CLAIM);
    if (!principal || principal.role === 'ward-display') {
      throw HttpError.of(
        403,
        `your account has no Beacon role for a person (claim ${env.BEACON_OIDC_ROLE_CLAIM}); ask your administrator`,
        env.BEACON_OIDC_ROLE_CLAIM,
      );
    }
    const { cookie } = await this.sessions.signIn(principal, tokens);
    await this.audit.record('session.signed-in', principal, { wards: [...principal.wards] });
    response.cookie(sessionCookieName(this.config), cookie, sessionCookieOptions(this.config));
    response.redirect(303, pending.returnTo);
  }

  /** Who is signed in here, and the CSRF token the page must send with every state-changing request. */
  @Get('session')
  @Header('Cache-Control', 'no-store')
  async session(@Req() request: Request): Promise<SessionView> {
    const cookie = sessionCookieOf(this.config, request.headers.cookie);
    if (!cookie) throw HttpError.of(401, 'not signed in', 'cookie');
    try {
      const { record } = await this.sessions.resolve(cookie, { activity: false });
      return {
        user: { id: record.principal.userId, name: record.principal.name, role: record.principal.role },
        kind: record.kind,
        wards: record.principal.wards,
        csrfToken: record.csrfToken,
        expiresAt: new Date(record.expiresAt).toISOString(),
        idleLockSeconds: record.kind === 'person' ? this.config.env.BEACON_IDLE_LOCK_SECONDS : null,
        clinicalMode: this.config.env.BEACON_CLINICAL_MODE,
      };
    } catch (error) {
      if (error instanceof SessionEnded) throw HttpError.of(401, error.message, 'cookie');
      throw error;
    }
  }

  /**
   * Ends the session here (its sockets close at once) and answers where to end it at the identity provider
   * (RP-initiated logout).
   */
  @Post('sign-out')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async signOut(
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<{ readonly endSessionUrl: string }> {
    const cookie = sessionCookieOf(this.config, request.headers.cookie);
    if (!cookie) throw HttpError.of(401, 'not signed in', 'cookie');
    const key = this.sessions.keyOf(cookie);
    let csrfToken: string;
    try {
      csrfToken = (await this.sessions.resolve(key, { activity: false })).record.csrfToken;
    } catch (error) {
      response.clearCookie(sessionCookieName(this.config), sessionCookieOptions(this.config));
      if (error instanceof SessionEnded) return { endSessionUrl: '/' };
      throw error;
    }
    if (!sameSecret(request.header(CSRF_HEADER), csrfToken))
      throw HttpError.of(403, 'X-CSRF-Token: missing or wrong', CSRF_HEADER);
    const record = await this.sessions.end(key, 'signed-out');
    response.clearCookie(sessionCookieName(this.config), sessionCookieOptions(this.config));
    if (record) {
      await this.audit.record('session.signed-out', record.principal, { kind: record.kind });
    }
    const endSessionUrl =
      record?.kind === 'person' && this.provider.enabled ? await this.provider.endSessionUrl() : undefined;
    return { endSessionUrl: endSessionUrl ?? '/' };
  }

  /** Where the provider returns after RP-initiated logout. */
  @Get('signed-out')
  signedOut(@Res() response: Response): void {
    response.redirect(303, '/?signed-out');
  }

  private requireEnabled(): void {
    if (!this.provider.enabled)
      throw HttpError.of(
        404,
        'staff sign-in is not configured (BEACON_OIDC_ISSUER and BEACON_OIDC_CLIENT_ID)',
        'BEACON_OIDC_ISSUER',
      );
  }
}
