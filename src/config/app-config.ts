import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { z } from 'zod';
import type { ChartDefinition } from '../scoring';
import type { ChartCatalogue } from './chart-files';
import { ChartDirectoryError, loadChartDirectory, shippedCharts } from './chart-files';
import type { Env } from './env.schema';
import { ENV_SCHEMA } from './env.schema';
import type { ClientsConfig } from './clients.schema';
import { CLIENTS_SCHEMA } from './clients.schema';
import type { WardConfig, WardDefinition } from './wards.schema';
import { WARD_CONFIG_SCHEMA } from './wards.schema';

import { PROJECT_ROOT } from './project-root';

export { PROJECT_ROOT };

const BEACON_VERSION = (
  JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** The typed configuration of one Beacon process, read once at boot. Inject it; never read process.env. */
export class AppConfig {
  /** HS256 key of Beacon's access tokens. */
  readonly tokenSecret: Uint8Array;
  /** True when no BEACON_TOKEN_SECRET was configured (demo mode): tokens do not survive a restart. */
  readonly tokenSecretGenerated: boolean;

  constructor(
    readonly env: Env,
    readonly wards: WardConfig,
    readonly clients: ClientsConfig = { clients: [] },
    /** The charts loaded from BEACON_CHART_DIR at start-up (the shipped config/charts/ unless given). */
    readonly charts: ChartCatalogue = shippedCharts(),
  ) {
    this.tokenSecretGenerated = env.BEACON_TOKEN_SECRET === '';
    this.tokenSecret = this.tokenSecretGenerated
      ? randomBytes(32)
      : new TextEncoder().encode(env.BEACON_TOKEN_SECRET);
  }

  /** Beacon's release, from package.json. */
  get version(): string {
    return BEACON_VERSION;
  }

  /** Beacon's public URL without a trailing slash. */
  get publicUrl(): string {
    return this.env.BEACON_PUBLIC_URL.replace(/\/$/, '');
  }

  /** Behind TLS the session cookie is `Secure` (and `__Host-` prefixed). */
  get behindTls(): boolean {
    return this.env.BEACON_PUBLIC_URL.startsWith('https:');
  }

  /** The token endpoint's URL, the audience client assertions must name. */
  get tokenUrl(): string {
    return `${this.env.BEACON_PUBLIC_URL.replace(/\/$/, '')}/auth/token`;
  }

  /** A configured ward by id (`undefined` for a patient on no configured ward). */
  ward(wardId: string | null): WardDefinition | undefined {
    return this.wards.wards.find((ward) => ward.id === wardId);
  }

  /** The ward a FHIR Location reference, identifier or display means, if any. */
  wardForLocation(keys: readonly string[]): string | undefined {
    return this.wards.wards.find((ward) => ward.locations.some((location) => keys.includes(location)))?.id;
  }

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
    const ids = new Set(this.wards.wards.flatMap((ward) => Object.values(ward.charts)));
    return [...ids].map((id) => this.charts.get(id));
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

function readJsonFile(file: string, variable: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${variable}: ${file} is not valid JSON (${(error as Error).message})`);
  }
}

export function parseClientsConfig(json: unknown, file: string): ClientsConfig {
  const parsed = CLIENTS_SCHEMA.safeParse(json);
  if (!parsed.success) {
    throw new ConfigError(
      `BEACON_CLIENTS_FILE: ${file} is invalid: ${describeIssues(parsed.error.issues, (path) => path.join('.') || '(root)')}`,
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
  const clientsFile = resolve(cwd, parsedEnv.BEACON_CLIENTS_FILE);
  const clients = existsSync(clientsFile)
    ? parseClientsConfig(readJsonFile(clientsFile, 'BEACON_CLIENTS_FILE'), clientsFile)
    : { clients: [] };
  const charts = loadCharts(resolve(cwd, parsedEnv.BEACON_CHART_DIR));
  const wards = parseWardConfig(readFileSync(file, 'utf8'), file);
  const unknown = wardChartProblems(wards, charts);
  if (unknown.length > 0) throw new ConfigError(unknown.join('\n'));
  return new AppConfig(parsedEnv, wards, clients, charts);
}

export function loadCharts(directory: string): ChartCatalogue {
  try {
    return loadChartDirectory(directory);
  } catch (error) {
    if (error instanceof ChartDirectoryError) throw new ConfigError(error.message);
    throw error;
  }
}

/** Every chart a ward names must be one of the loaded chart files. */
export function wardChartProblems(wards: WardConfig, charts: ChartCatalogue): string[] {
  return wards.wards.flatMap((ward) =>
    Object.entries(ward.charts)
      .filter(([, id]) => !charts.has(id))
      .map(
        ([group, id]) =>
          `BEACON_WARD_CONFIG: ward ${ward.id} uses chart "${id}" for ${group} patients, but no file in ${charts.directory} defines it (charts: ${charts.ids.join(', ')})`,
      ),
  );
}
