import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { NOT_REQUIRED_REASONS } from '../alerts/domain/alert';
import { RESPONSES } from './escalation-filters';
import type { EscalationFilters, EscalationPage, EscalationRow } from '../contracts/escalation-list.view';
import { toEscalationRow } from './escalation-row';
import { EscalationListRepository } from './persistence/escalation-list.repository';

/** The auditor's list of escalations: filtered, searched, paged, with the durations of each step. */
@Injectable()
export class EscalationListService {
  constructor(
    private readonly repository: EscalationListRepository,
    private readonly config: AppConfig,
  ) {}

  /** One page, newest first, with the total over every page and what the filters can be set to. */
  async page(filters: EscalationFilters, page: number, pageSize: number): Promise<EscalationPage> {
    const { rows, total } = await this.find(filters, pageSize, (page - 1) * pageSize);
    return { rows, total, page, pageSize, filters, options: await this.options() };
  }

  /** The first `max` matching rows, newest first, and how many match in all (for the CSV export). */
  async all(filters: EscalationFilters, max: number): Promise<{ rows: EscalationRow[]; total: number }> {
    return this.find(filters, max, 0);
  }

  private async find(
    filters: EscalationFilters,
    limit: number,
    offset: number,
  ): Promise<{ rows: EscalationRow[]; total: number }> {
    const { records, total } = await this.repository.escalations(filters, limit, offset);
    return { rows: records.map(toEscalationRow), total };
  }

  private async options(): Promise<EscalationPage['options']> {
    const found = await this.repository.kindsAndLevels();
    return {
      wards: this.config.wards.wards.map((ward) => ({ id: ward.id, name: ward.name })),
      kinds: [...new Set(found.map((row) => row.kind))].sort(),
      levels: [...new Set(found.map((row) => row.level))].sort(),
      responses: [...RESPONSES],
      reasons: [...NOT_REQUIRED_REASONS],
    };
  }
}
