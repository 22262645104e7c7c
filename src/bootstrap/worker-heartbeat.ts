import { rename, writeFile } from 'node:fs/promises';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';

const INTERVAL_MS = 10_000;

/** Rewrites BEACON_HEARTBEAT_FILE every 10 s so a container health check can tell a hung worker from a live one. */
@Injectable()
export class WorkerHeartbeat implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerHeartbeat.name);
  private timer?: NodeJS.Timeout;

  constructor(private readonly config: AppConfig) {}

  onApplicationBootstrap(): void {
    const file = this.config.env.BEACON_HEARTBEAT_FILE;
    if (!file) return;
    // Written beside and renamed over, so a health check never reads a half-written (empty) file.
    const partial = `${file}.${process.pid}.tmp`;
    const beat = () =>
      writeFile(partial, new Date().toISOString())
        .then(() => rename(partial, file))
        .catch((error: unknown) => this.logger.warn(`cannot write heartbeat file ${file}: ${String(error)}`));
    void beat();
    this.timer = setInterval(() => void beat(), INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}
