import type { ExecutionContext } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { AuthenticatedRequest } from './principal';

/**
 * Rate limit per authenticated client (so one noisy EPR cannot starve another), per address before
 * authentication. Runs after AuthenticationGuard. 429 with Retry-After when exceeded.
 */
@Injectable()
export class ClientThrottlerGuard extends ThrottlerGuard {
  protected override getTracker(request: Record<string, unknown>): Promise<string> {
    const { principal, ip } = request as unknown as AuthenticatedRequest;
    if (principal?.kind === 'client') return Promise.resolve(`client:${principal.clientId}`);
    if (principal?.kind === 'staff') return Promise.resolve(`staff:${principal.userId}`);
    return Promise.resolve(`ip:${ip ?? 'unknown'}`);
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    return request.path.startsWith('/health') || (await super.shouldSkip(context));
  }
}
