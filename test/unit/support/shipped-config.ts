import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig, parseEnv, parseWardConfig } from '../../../src/config/app-config';
import { shippedCharts } from '../../../src/config/chart-files';

const root = join(__dirname, '..', '..', '..');

/** The configuration Beacon ships (config/wards.json, config/charts), with environment variables for a unit test. */
export function shippedConfig(env: Record<string, string> = {}): AppConfig {
  return new AppConfig(
    parseEnv(env),
    parseWardConfig(readFileSync(join(root, 'config', 'wards.json'), 'utf8'), 'config/wards.json'),
    { clients: [] },
    shippedCharts(),
  );
}
