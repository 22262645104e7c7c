import { Client } from 'pg';

/**
 * PostgreSQL's default autovacuum thresholds (autovacuum_vacuum_threshold and _scale_factor, the insert and analyze
 * equivalents): a table is vacuumed, or analysed, once this much of it has changed since the last time.
 */
const THRESHOLDS = {
  vacuum: { base: 50, scale: 0.2 },
  vacuumAfterInserts: { base: 1000, scale: 0.2 },
  analyze: { base: 50, scale: 0.1 },
} as const;

interface TableActivity {
  relname: string;
  live: number;
  dead: number;
  insertedSinceVacuum: number;
  modifiedSinceAnalyze: number;
}

export interface AutovacuumStandInReport {
  readonly everySeconds: number;
  readonly passes: number;
  readonly vacuums: Record<string, number>;
  readonly analyzes: Record<string, number>;
}

const over = (count: number, live: number, threshold: { base: number; scale: number }) =>
  count > threshold.base + threshold.scale * live;

/** What autovacuum would do to each table now, by its default thresholds. */
export function autovacuumWork(table: TableActivity): 'vacuum' | 'analyze' | 'none' {
  if (
    over(table.dead, table.live, THRESHOLDS.vacuum) ||
    over(table.insertedSinceVacuum, table.live, THRESHOLDS.vacuumAfterInserts)
  )
    return 'vacuum';
  return over(table.modifiedSinceAnalyze, table.live, THRESHOLDS.analyze) ? 'analyze' : 'none';
}

/**
 * Stands in for autovacuum when the server runs with it off (this project's CI image does): every `everySeconds`,
 * the bench database's tables over autovacuum's default thresholds are vacuumed or analysed, as autovacuum would on
 * a production server. Autovacuum's launcher wakes every autovacuum_naptime (60 s), but a production table grows by
 * a fraction of itself in a minute, so the plans PostgreSQL keeps for prepared statements stay fit for its size; the
 * bench's tables start empty and grow by their own size every few seconds, and a plan made for an empty table scans
 * it whole until the next pass. So the bench passes every 10 s by default, and once the patients are admitted
 * (`passNow`). Unlike autovacuum it does not throttle itself (vacuum_cost_delay) and works one table at a time.
 */
export class AutovacuumStandIn {
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<void> | undefined;
  private passes = 0;
  private readonly vacuums = new Map<string, number>();
  private readonly analyzes = new Map<string, number>();

  private constructor(
    private readonly client: Client,
    private readonly everySeconds: number,
    private readonly say: (line: string) => void,
  ) {}

  static async start(
    databaseUrl: string,
    everySeconds: number,
    say: (line: string) => void,
  ): Promise<AutovacuumStandIn> {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    const standIn = new AutovacuumStandIn(client, everySeconds, say);
    standIn.timer = setInterval(() => standIn.runPass(), everySeconds * 1000);
    return standIn;
  }

  /** A pass now (after any pass under way); never throws. */
  async passNow(): Promise<void> {
    await this.pass;
    this.runPass();
    await this.pass;
  }

  private runPass(): void {
    this.pass ??= this.vacuumWhatIsDue()
      .catch((error: unknown) => this.say(`autovacuum stand-in: ${String(error)}`))
      .finally(() => {
        this.pass = undefined;
      });
  }

  private async vacuumWhatIsDue(): Promise<void> {
    this.passes += 1;
    const { rows } = await this.client.query<TableActivity>(
      `SELECT relname, n_live_tup::float8 AS live, n_dead_tup::float8 AS dead,
         n_ins_since_vacuum::float8 AS "insertedSinceVacuum", n_mod_since_analyze::float8 AS "modifiedSinceAnalyze"
       FROM pg_stat_user_tables WHERE schemaname = 'public' ORDER BY relname`,
    );
    for (const table of rows) {
      const work = autovacuumWork(table);
      if (work === 'none') continue;
      const name = this.client.escapeIdentifier(table.relname);
      await this.client.query(work === 'vacuum' ? `VACUUM (ANALYZE) ${name}` : `ANALYZE ${name}`);
      const counts = work === 'vacuum' ? this.vacuums : this.analyzes;
      counts.set(table.relname, (counts.get(table.relname) ?? 0) + 1);
    }
  }

  async stop(): Promise<AutovacuumStandInReport> {
    clearInterval(this.timer);
    await this.pass;
    await this.client.end();
    return {
      everySeconds: this.everySeconds,
      passes: this.passes,
      vacuums: Object.fromEntries(this.vacuums),
      analyzes: Object.fromEntries(this.analyzes),
    };
  }
}
