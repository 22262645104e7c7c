import { Injectable } from '@nestjs/common';
import { HuddleRepository } from './persistence/huddle.repository';
import type { HuddleEscalators } from '../contracts/huddle.view';

/** Who escalated today on each ward (the coordinator's huddle), from the audit trail. */
@Injectable()
export class HuddleService {
  constructor(private readonly repository: HuddleRepository) {}

  async escalators(wardIds: readonly string[]): Promise<HuddleEscalators> {
    const rows = await this.repository.escalatorsToday(wardIds);
    const since = await this.repository.startOfToday();
    return {
      since: (since ?? new Date()).toISOString(),
      wards: wardIds.map((wardId) => ({
        wardId,
        staff: rows
          .filter((row) => row.ward_id === wardId)
          .map((row) => ({
            name: row.name,
            role: row.role,
            concerns: row.concerns,
            escalations: row.escalations,
            lastAt: row.last_at.toISOString(),
          })),
      })),
    };
  }
}
