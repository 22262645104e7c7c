import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DataSource, In } from 'typeorm';
import { OPEN_STATES } from '../../alerts/domain/alert';
import { AlertEntity } from '../../alerts/persistence/alert.entity';

/** The prompts' SQL: prompt alerts (kind `prompt`), the per-family lock, what the passport shows of a baby. */
@Injectable()
export class PromptRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The manager outside any transaction (for reads). */
  get reader(): EntityManager {
    return this.dataSource.manager;
  }

  /** Serialises the evaluation of one family (mother and babies) in the caller's transaction. */
  async lockFamily(manager: EntityManager, root: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`pathways:${root}`]);
  }

  /**
   * Lock order (docs/architecture.md): the family's open prompts, all at once, in ascending id order, before any is
   * read per person; an assessment locks its patient's alerts in the same order.
   */
  async lockOpenPromptsOf(manager: EntityManager, patientIds: readonly string[]): Promise<void> {
    await manager.find(AlertEntity, {
      select: { id: true },
      where: { patientId: In([...patientIds]), kind: 'prompt', state: In([...OPEN_STATES]) },
      lock: { mode: 'pessimistic_write' },
      order: { id: 'ASC' },
    });
  }

  /** A person's open prompts, locked, in id order. */
  async openPrompts(manager: EntityManager, patientId: string): Promise<AlertEntity[]> {
    return manager.find(AlertEntity, {
      where: { patientId, kind: 'prompt', state: In([...OPEN_STATES]) },
      lock: { mode: 'pessimistic_write' },
      order: { id: 'ASC' },
    });
  }

  /** For each prompt code a person had closed (recorded or missed): when the last one was raised. */
  async closedPrompts(
    manager: EntityManager,
    patientId: string,
  ): Promise<{ prompt_code: string; raised_at: Date }[]> {
    return manager.query<{ prompt_code: string; raised_at: Date }[]>(
      `SELECT prompt_code, max(raised_at) AS raised_at FROM alert
       WHERE patient_id = $1 AND kind = 'prompt' AND state IN ('resolved', 'missed') GROUP BY prompt_code`,
      [patientId],
    );
  }

  /** What the passport shows of a baby (undefined: no such patient). */
  async patient(
    patientId: string,
  ): Promise<{ name: string | null; bed: string | null; ward_id: string | null } | undefined> {
    const [row] = await this.dataSource.query<
      { name: string | null; bed: string | null; ward_id: string | null }[]
    >('SELECT name, bed, ward_id FROM patient WHERE id = $1', [patientId]);
    return row;
  }

  /** The open prompts of a family's members. */
  async openPromptsOf(
    patientIds: readonly string[],
  ): Promise<{ prompt_code: string; title: string; due_at: Date | null }[]> {
    return this.dataSource.query<{ prompt_code: string; title: string; due_at: Date | null }[]>(
      `SELECT prompt_code, title, due_at FROM alert WHERE kind = 'prompt' AND state IN ('raised', 'acknowledged', 'attending')
       AND patient_id = ANY($1)`,
      [patientIds],
    );
  }

  /** Patients with an open prompt whose deadline passed over a minute ago (its timer job was lost). */
  async patientsWithLatePrompts(limit = 100): Promise<string[]> {
    const rows = await this.dataSource.query<{ patient_id: string }[]>(
      `SELECT DISTINCT patient_id FROM alert WHERE kind = 'prompt' AND state IN ('raised', 'acknowledged', 'attending')
       AND due_at < now() - interval '1 minute' AND patient_id IS NOT NULL LIMIT $1`,
      [limit],
    );
    return rows.map((row) => row.patient_id);
  }
}
