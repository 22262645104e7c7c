import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SERVER_NODE_FLAGS } from '../../src/bootstrap/server-node-flags';

const ROOT = join(__dirname, '..', '..');

/**
 * Beacon as a separate OS process, started from the build (npm test builds before the e2e tier), so tests can
 * kill it, stop it with SIGTERM and read what it prints.
 */
export class BeaconProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  static start(entry: 'main' | 'worker', env: Record<string, string>): BeaconProcess {
    const script = join(ROOT, 'dist', 'src', `${entry}.js`);
    if (!existsSync(script))
      throw new Error(`${script} is missing: run \`npm run build\` first (npm test does)`);
    const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, script], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', BEACON_LOG_LEVEL: 'warn', ...env },
      stdio: 'pipe',
    });
    return new BeaconProcess(child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  async waitForOutput(pattern: RegExp, timeoutMs = 60000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = (this.stdout + this.stderr).match(pattern);
      if (match) return match;
      if (this.child.exitCode !== null)
        throw new Error(`exited (${this.child.exitCode}) before ${pattern}:\n${this.stderr}`);
      if (Date.now() > deadline)
        throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${this.stdout}\n${this.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  kill(signal: NodeJS.Signals): void {
    if (this.child.exitCode === null) this.child.kill(signal);
  }

  async stop(): Promise<void> {
    this.kill('SIGKILL');
    await this.exited;
  }
}
