import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort, waitUntil } from './private-redis';

function binary(name: string): string {
  const root = '/usr/lib/postgresql';
  const version = readdirSync(root).sort((a, b) => Number(b) - Number(a))[0];
  if (!version) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql');
  return join(root, version, 'bin', name);
}

/** initdb and pg_ctl refuse to run as root: run them as the postgres user then. */
function runAsServerUser(command: string, args: string[]): void {
  const asRoot = userInfo().uid === 0;
  const result = asRoot
    ? spawnSync('runuser', ['-u', 'postgres', '--', command, ...args], { encoding: 'utf8' })
    : spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
}

/**
 * A PostgreSQL server of the test's own (Debian's binaries, a temporary data directory, a free loopback port),
 * which the test may stop and restart; the machine's shared server is never touched.
 */
export class PrivatePostgres {
  private constructor(
    private readonly dataDir: string,
    readonly port: number,
  ) {}

  static async start(): Promise<PrivatePostgres> {
    const dataDir = mkdtempSync(join(tmpdir(), 'beacon-pg-'));
    if (userInfo().uid === 0) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      chownSync(dataDir, uid, gid);
    }
    runAsServerUser(binary('initdb'), [
      '-D',
      dataDir,
      '-U',
      'beacon',
      '--auth=trust',
      '--no-sync',
      '-E',
      'UTF8',
    ]);
    const server = new PrivatePostgres(dataDir, await freePort());
    await server.start();
    await server.query('postgres', 'CREATE DATABASE beacon');
    return server;
  }

  /** The server's log (e.g. to count "deadlock detected"). */
  get logFile(): string {
    return join(this.dataDir, 'server.log');
  }

  url(database = 'beacon'): string {
    return `postgres://beacon@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<void> {
    runAsServerUser(binary('pg_ctl'), [
      '-D',
      this.dataDir,
      '-o',
      `-p ${this.port} -c listen_addresses=127.0.0.1 -k ${this.dataDir} -c fsync=off`,
      '-l',
      join(this.dataDir, 'server.log'),
      '-w',
      'start',
    ]);
    await waitUntil(async () => this.accepting(), `PostgreSQL on port ${this.port} accepting connections`);
  }

  /** Stops at once, as a crash or `pg_ctl restart -m immediate` would. */
  stop(): void {
    runAsServerUser(binary('pg_ctl'), ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']);
  }

  async restart(): Promise<void> {
    this.stop();
    await this.start();
  }

  async destroy(): Promise<void> {
    try {
      this.stop();
    } catch {
      // already stopped
    }
    rmSync(this.dataDir, { recursive: true, force: true });
    await Promise.resolve();
  }

  async accepting(): Promise<boolean> {
    try {
      await this.query('postgres', 'SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async query(database: string, sql: string): Promise<unknown[]> {
    const client = new Client({ connectionString: this.url(database), connectionTimeoutMillis: 1000 });
    await client.connect();
    try {
      return (await client.query(sql)).rows as unknown[];
    } finally {
      await client.end();
    }
  }
}
