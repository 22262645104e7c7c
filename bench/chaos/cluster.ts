import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { freePort } from '../../src/cli/scratch-environment';
import { SERVER_NODE_FLAGS } from '../../src/bootstrap/server-node-flags';
import { loadConfig } from '../../src/config/app-config';
import { databaseOptions } from '../../src/database/database-options';
import type { SmartBackendClient } from '../../src/simulator/smart-backend-client';
import { shortLadderWards } from '../../test/support/clinical';
import { PrivatePostgres } from '../../test/support/private-postgres';
import { PrivateRedis } from '../../test/support/private-redis';
import { beaconEnvironment, waitReady } from '../beacon-env';
import { ServiceProcess } from '../service-process';

const ROOT = resolve(__dirname, '..', '..');
const ENTRY = { api: join(ROOT, 'dist', 'src', 'main.js'), worker: join(ROOT, 'dist', 'src', 'worker.js') };

interface Member {
  readonly name: string;
  readonly role: 'api' | 'worker';
  readonly port: number;
  process: ServiceProcess;
  /** Earlier incarnations' exits (a SIGKILL shows as signal SIGKILL). */
  readonly exits: { code: number | null; signal: NodeJS.Signals | null }[];
}

/**
 * Beacon as a small cluster of OS processes started from dist/ — api processes (BEACON_ROLE=api) and workers
 * (BEACON_ROLE=worker) — on a PostgreSQL and a Redis of its own (test/support/private-*.ts), so the chaos run can
 * kill and restart any of them without touching the machine's shared servers.
 */
export class ChaosCluster {
  private readonly members: Member[] = [];

  private constructor(
    readonly postgres: PrivatePostgres,
    readonly redis: PrivateRedis,
    private readonly workDir: string,
    readonly tokenSecret: string,
    private readonly env: (role: 'api' | 'worker', port: number) => NodeJS.ProcessEnv,
    readonly apiUrls: readonly string[],
  ) {}

  static async start(options: {
    readonly apis: number;
    readonly workers: number;
    readonly clients: readonly SmartBackendClient[];
    readonly ladderSeconds: number;
    readonly say: (line: string) => void;
  }): Promise<ChaosCluster> {
    if (!existsSync(ENTRY.api)) throw new Error(`${ENTRY.api} is missing: run \`npm run build\` first`);
    const [postgres, redis] = await Promise.all([PrivatePostgres.start(), PrivateRedis.start()]);
    const workDir = mkdtempSync(join(tmpdir(), 'beacon-chaos-'));
    try {
      const migration = new DataSource(
        databaseOptions(loadConfig({ ...process.env, BEACON_DATABASE_URL: postgres.url() })),
      );
      await migration.initialize();
      await migration.runMigrations();
      await migration.destroy();
      const clientsFile = join(workDir, 'clients.json');
      writeFileSync(
        clientsFile,
        JSON.stringify({ clients: options.clients.map((client) => client.registration()) }),
      );
      const tokenSecret = randomBytes(32).toString('base64url');
      const ports = await Promise.all(Array.from({ length: options.apis }, () => freePort()));
      const urls = ports.map((port) => `http://127.0.0.1:${port}`);
      const wards = shortLadderWards(options.ladderSeconds);
      const env = (role: 'api' | 'worker', port: number) =>
        beaconEnvironment({
          role,
          port,
          publicUrl: urls[0] as string,
          databaseUrl: postgres.url(),
          redisUrl: redis.url,
          queuePrefix: 'beacon-chaos',
          clientsFile,
          tokenSecret,
          extra: {
            BEACON_WARD_CONFIG: wards,
            // Every patient here escalates every few seconds: a display confirms far more alerts a minute than
            // on a real ward, and the per-person command limit would refuse its receipts.
            BEACON_SCREEN_COMMANDS_PER_MINUTE: '100000',
          },
        });
      const cluster = new ChaosCluster(postgres, redis, workDir, tokenSecret, env, urls);
      ports.forEach((port, index) => cluster.members.push(cluster.spawn(`api-${index + 1}`, 'api', port)));
      for (let index = 0; index < options.workers; index += 1)
        cluster.members.push(cluster.spawn(`worker-${index + 1}`, 'worker', 0));
      await Promise.all(cluster.members.map((member) => cluster.ready(member)));
      options.say(
        `beacon: ${options.apis} api process(es) on ${urls.join(', ')}, ${options.workers} worker(s)`,
      );
      return cluster;
    } catch (error) {
      await redis.stop();
      await postgres.destroy();
      rmSync(workDir, { recursive: true, force: true });
      throw error;
    }
  }

  private spawn(name: string, role: 'api' | 'worker', port: number): Member {
    return { name, role, port, process: this.startProcess(name, role, port), exits: [] };
  }

  private startProcess(name: string, role: 'api' | 'worker', port: number): ServiceProcess {
    return ServiceProcess.start(name, [...SERVER_NODE_FLAGS, ENTRY[role]], this.env(role, port), ROOT);
  }

  private async ready(member: Member): Promise<void> {
    if (member.role === 'api') await waitReady(`http://127.0.0.1:${member.port}`, member.process, 120_000);
    else await member.process.waitForOutput(/worker started/, 120_000);
  }

  names(role: 'api' | 'worker'): string[] {
    return this.members.filter((member) => member.role === role).map((member) => member.name);
  }

  /** SIGKILL, then start it again at once (as a supervisor would) and wait until it is ready. */
  async killAndRestart(name: string): Promise<{ restartedAfterMs: number }> {
    const member = this.members.find((candidate) => candidate.name === name);
    if (!member) throw new Error(`no process ${name}`);
    const killedAt = Date.now();
    if (member.process.running) process.kill(member.process.pid, 'SIGKILL');
    member.exits.push(await member.process.exited);
    member.process = this.startProcess(member.name, member.role, member.port);
    await this.ready(member);
    return { restartedAfterMs: Date.now() - killedAt };
  }

  async restartRedis(): Promise<void> {
    await this.redis.stop();
    await this.redis.start();
  }

  async restartPostgres(): Promise<void> {
    await this.postgres.restart();
  }

  /** Processes that died without being killed by the run (a crash would be a finding). */
  unexpectedExits(): string[] {
    return this.members.flatMap((member) =>
      member.process.running ? [] : [`${member.name}: exited unexpectedly\n${member.process.tail()}`],
    );
  }

  /** How often PostgreSQL logged a deadlock during the run (finding 10 of issue 15). */
  deadlocks(): number {
    try {
      return (readFileSync(this.postgres.logFile, 'utf8').match(/deadlock detected/g) ?? []).length;
    } catch {
      return -1;
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.members.map((member) => member.process.stop(10_000)));
    await this.redis.stop();
    await this.postgres.destroy();
    rmSync(this.workDir, { recursive: true, force: true });
  }
}
