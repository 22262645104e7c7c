import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { z } from 'zod';
import type { ChartDefinition, ChartId } from '../scoring';
import { CHARTS } from '../scoring';
import type { Env } from './env.schema';
import { ENV_SCHEMA } from './env.schema';
import type { WardConfig } from './wards.schema';
import { WARD_CONFIG_SCHEMA } from './wards.schema';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** The typed configuration of one Beacon process, read once at boot. Inject it; never read process.env. */
export class AppConfig {
  constructor(
    readonly env: Env,
    readonly wards: WardConfig,
  ) {}

  get role(): Env['BEACON_ROLE'] {
    return this.env.BEACON_ROLE;
  }

  get runsApi(): boolean {
    return this.env.BEACON_ROLE !== 'worker';
  }

  get runsWorker(): boolean {
    return this.env.BEACON_ROLE !== 'api';
  }

  /** Every chart some ward uses for some patient group. */
  chartsInUse(): ChartDefinition[] {
    const ids = new Set<ChartId>(this.wards.wards.flatMap((ward) => Object.values(ward.charts)));
    return [...ids].map((id) => CHARTS[id]);
  }
}

function describeIssues(
  issues: readonly z.core.$ZodIssue[],
  prefix: (path: PropertyKey[]) => string,
): string {
  return issues.map((issue) => `${prefix(issue.path)}: ${issue.message}`).join('; ');
}

export function parseEnv(env: NodeJS.ProcessEnv): Env {
  const parsed = ENV_SCHEMA.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      `Invalid configuration: ${describeIssues(parsed.error.issues, (path) => String(path[0]))}. See .env.example and docs/configuration.md.`,
    );
  }
  return parsed.data;
}

export function parseWardConfig(text: string, file: string): WardConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`BEACON_WARD_CONFIG: ${file} is not valid JSON (${(error as Error).message})`);
  }
  const parsed = WARD_CONFIG_SCHEMA.safeParse(json);
  if (!parsed.success) {
    throw new ConfigError(
      `BEACON_WARD_CONFIG: ${file} is invalid: ${describeIssues(parsed.error.issues, (path) => path.join('.') || '(root)')}`,
    );
  }
  return parsed.data;
}

/**
 * Reads `.env` from the working directory if present (variables already set win), validates the environment and
 * the ward configuration file, and fails fast with a message naming the bad variable.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
  overrides: Partial<Record<keyof Env, string>> = {},
): AppConfig {
  const dotEnv = resolve(cwd, '.env');
  if (env === process.env && existsSync(dotEnv)) process.loadEnvFile(dotEnv);
  const parsedEnv = parseEnv({ ...env, ...overrides });
  const file = resolve(cwd, parsedEnv.BEACON_WARD_CONFIG);
  if (!existsSync(file)) throw new ConfigError(`BEACON_WARD_CONFIG: ${file} does not exist`);
  return new AppConfig(parsedEnv, parseWardConfig(readFileSync(file, 'utf8'), file));
}
