import { Injectable } from '@nestjs/common';
import { InjectThrottlerStorage, ThrottlerStorage } from '@nestjs/throttler';
import type { StaffPrincipal } from '../auth/principal';
import { AppConfig } from '../config/app-config';
import { HttpError } from '../http/http-error';

const MINUTE_MS = 60_000;

/**
 * A per-person limit on screen commands (the socket counterpart of the HTTP rate limit), so one misbehaving screen
 * cannot flood Beacon. Counted per api process, in the same store as the HTTP limits.
 */
@Injectable()
export class ScreenCommandLimit {
  private readonly limit: number;

  constructor(
    @InjectThrottlerStorage() private readonly storage: ThrottlerStorage,
    config: AppConfig,
  ) {
    this.limit = config.env.BEACON_SCREEN_COMMANDS_PER_MINUTE;
  }

  async take(staff: StaffPrincipal): Promise<void> {
    const record = await this.storage.increment(
      `screen:${staff.userId}`,
      MINUTE_MS,
      this.limit,
      0,
      'screen-commands',
    );
    if (record.totalHits > this.limit)
      throw HttpError.of(
        429,
        `too many commands from this person (more than ${this.limit} a minute): wait ${Math.max(1, Math.ceil(record.timeToExpire))} s and retry`,
      );
  }
}
