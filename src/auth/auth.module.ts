import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import type { ExecutionContext } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { AuthenticationGuard } from './authentication.guard';
import { ClientThrottlerGuard } from './client-throttler.guard';
import { TokenController } from './token.controller';
import { TokenService } from './token.service';

/** Authentication (deny by default), SMART scopes, and per-client rate limits, for every HTTP route. */
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
  controllers: [TokenController],
  providers: [
    TokenService,
    // Order matters: authenticate first, so the rate limit is per client.
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    { provide: APP_GUARD, useClass: ClientThrottlerGuard },
  ],
  exports: [TokenService],
})
export class AuthModule {}
