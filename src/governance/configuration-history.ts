import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import type { WardConfig } from '../config/wards.schema';
import type { RecordedChart } from './persistence/configuration-record.entity';
import { ConfigurationRecordEntity } from './persistence/configuration-record.entity';

export interface ConfigurationSnapshot {
  readonly clinicalMode: string;
  readonly charts: readonly RecordedChart[];
  readonly wardConfig: WardConfig;
}

export function configurationSnapshot(config: AppConfig): ConfigurationSnapshot {
  return {
    clinicalMode: config.env.BEACON_CLINICAL_MODE,
    charts: config
      .chartsInUse()
      .map((chart) => ({
        id: chart.id,
        version: chart.version,
        verification: chart.verification,
        file: chart.file,
        hash: config.charts.hashOf(chart.id) ?? '',
      }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    wardConfig: config.wards,
  };
}

/**
 * Records the clinical configuration in force when it differs from the last one recorded, so that every stored
 * score can be traced to the chart versions and ward mapping live at the time. Returns true when a row was added.
 */
export async function recordConfigurationIfChanged(
  manager: EntityManager,
  config: AppConfig,
): Promise<boolean> {
  const snapshot = configurationSnapshot(config);
  const sha256 = createHash('sha256').update(JSON.stringify(snapshot)).digest('hex');
  const repository = manager.getRepository(ConfigurationRecordEntity);
  const [latest] = await repository.find({ order: { id: 'DESC' }, take: 1 });
  if (latest?.sha256 === sha256) return false;
  await repository.insert({
    clinicalMode: snapshot.clinicalMode,
    charts: snapshot.charts,
    wardConfig: snapshot.wardConfig,
    sha256,
  });
  return true;
}
