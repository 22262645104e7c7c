import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type { ExecutionContext } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { AuthenticationGuard } from './authentication.guard';
import { ClientThrottlerGuard } from './client-throttler.guard';
import { UsedClientAssertionRepository } from './persistence/used-client-assertion.repository';
import { WardDisplayRepository } from './persistence/ward-display.repository';
import { DisplayPairing } from './sign-in/display-pairing';
import { DeviceAuthorizationController, DisplaysController } from './sign-in/displays.controller';
import { IdentityProvider } from './sign-in/identity-provider';
import { SessionAudit } from './sign-in/session-audit';
import { SignInController } from './sign-in/sign-in.controller';
import { StaffSessions } from './sign-in/staff-sessions';
import { TokenController } from './token.controller';
import { TokenService } from './token.service';

/**
 * Authentication (deny by default), SMART scopes, and per-client rate limits, for every HTTP route; staff sign-in
 * (OpenID Connect, server-side sessions).
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        throttlers: [
          {
            name: 'default',
            ttl: 60_000,
            limit: (context: ExecutionContext) =>
              context.getClass() === TokenController
                ? config.env.BEACON_TOKEN_RATE_LIMIT_PER_MINUTE
                : config.env.BEACON_RATE_LIMIT_PER_MINUTE,
          },
        ],
      }),
    }),
  ],
  controllers: [TokenController, SignInController, DeviceAuthorizationController, DisplaysController],
  providers: [
    UsedClientAssertionRepository,
    TokenService,
    IdentityProvider,
    StaffSessions,
    SessionAudit,
    WardDisplayRepository,
    DisplayPairing,
    // Order matters: authenticate first, so the rate limit is per client.
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    { provide: APP_GUARD, useClass: ClientThrottlerGuard },
  ],
  exports: [TokenService, StaffSessions, SessionAudit],
})
export class AuthModule {}
