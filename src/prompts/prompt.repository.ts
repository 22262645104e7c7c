import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DataSource, In } from 'typeorm';
import { OPEN_STATES } from '../alerts/domain/alert';
import { AlertEntity } from '../alerts/persistence/alert.entity';

/** The prompts' SQL: prompt alerts (kind `prompt`) and the per-family lock. */
@Injectable()
export class PromptRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Serialises the evaluation of one family (mother and babies) in the caller's transaction. */
  async lockFamily(manager: EntityManager, root: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`pathways:${root}`]);
  }

  /** A person's open prompts, locked. */
  async openPrompts(manager: EntityManager, patientId: string): Promise<AlertEntity[]> {
    return manager.find(AlertEntity, {
      where: { patientId, kind: 'prompt', state: In([...OPEN_STATES]) },
      lock: { mode: 'pessimistic_write' },
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
