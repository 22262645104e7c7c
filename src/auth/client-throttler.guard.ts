import type { ExecutionContext } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ThrottlerLimitDetail, ThrottlerModuleOptions } from '@nestjs/throttler';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  ThrottlerStorage,
} from '@nestjs/throttler';
import { OAuthError } from './oauth-error';
import type { AuthenticatedRequest } from './principal';
import { TokenController } from './token.controller';
import { TokenService } from './token.service';

/**
 * Rate limit per authenticated client (so one noisy EPR cannot starve another), per address before
 * authentication. Runs after AuthenticationGuard. 429 with Retry-After when exceeded.
 * At POST /auth/token the bucket is the registered client whose key signed the assertion; unknown clients, bad
 * signatures and junk share the caller's address's bucket (the EPR's address behind a proxy with BEACON_TRUST_PROXY).
 */
@Injectable()
export class ClientThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly tokens: TokenService,
  ) {
    super(options, storage, reflector);
  }

  protected override async getTracker(
    request: Record<string, unknown>,
    context?: ExecutionContext,
  ): Promise<string> {
    const { principal, ip } = request as unknown as AuthenticatedRequest;
    const body = (request as { body?: unknown }).body;
    if (principal?.kind === 'client') return `client:${principal.clientId}`;
    if (principal?.kind === 'staff') return `staff:${principal.userId}`;
    if (context?.getClass() === TokenController) {
      const signer = await this.tokens.signerOf(
        (body as { client_assertion?: unknown } | undefined)?.client_assertion,
      );
      if (signer) return `token-client:${signer}`;
    }
    return `ip:${ip ?? 'unknown'}`;
  }

  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    if (context.getClass() === TokenController) {
      throw new OAuthError(
        'temporarily_unavailable',
        `too many token requests (${detail.limit} a minute); retry after ${detail.timeToBlockExpire} s`,
        429,
      );
    }
    return super.throwThrottlingException(context, detail);
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    return request.path.startsWith('/health') || (await super.shouldSkip(context));
  }
}
