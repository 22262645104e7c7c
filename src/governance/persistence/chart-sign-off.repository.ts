import type { DeepPartial, EntityManager } from 'typeorm';
import { ChartSignOffEntity } from './chart-sign-off.entity';

// Chart sign-offs (chart_sign_off), each on the manager given: start-up, the chart command and the chart pages.

/** Every sign-off, oldest first. */
export async function allSignOffs(manager: EntityManager): Promise<ChartSignOffEntity[]> {
  return manager.getRepository(ChartSignOffEntity).find({ order: { id: 'ASC' } });
}

/** Sign-offs of one chart version, oldest first. */
export async function signOffsOfVersion(
  manager: EntityManager,
  chartId: string,
  chartVersion: string,
): Promise<ChartSignOffEntity[]> {
  return manager.getRepository(ChartSignOffEntity).find({
    where: { chartId, chartVersion },
    order: { id: 'ASC' },
  });
}

/** The newest sign-off of one chart version, if any. */
export async function latestSignOffOfVersion(
  manager: EntityManager,
  chartId: string,
  chartVersion: string,
): Promise<ChartSignOffEntity | undefined> {
  const [signed] = await manager.getRepository(ChartSignOffEntity).find({
    where: { chartId, chartVersion },
    order: { id: 'DESC' },
    take: 1,
  });
  return signed;
}

/** Serialises sign-offs of one chart until the caller's transaction ends. */
export async function lockChartForSignOff(manager: EntityManager, chartId: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`beacon:chart-sign-off:${chartId}`]);
}

export async function saveSignOff(
  manager: EntityManager,
  signOff: DeepPartial<ChartSignOffEntity>,
): Promise<ChartSignOffEntity> {
  const repository = manager.getRepository(ChartSignOffEntity);
  return repository.save(repository.create(signOff));
}
