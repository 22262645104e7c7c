// The charts shipped in config/charts/, loaded through the same loader as start-up, for tests that need them.
import { shippedCharts } from '../../src/config/chart-files';
import type { ChartDefinition } from '../../src/scoring';

const catalogue = shippedCharts();

export const CHARTS: {
  readonly news2: ChartDefinition;
  readonly mews: ChartDefinition;
  readonly newtt2: ChartDefinition;
} = {
  news2: catalogue.get('news2'),
  mews: catalogue.get('mews'),
  newtt2: catalogue.get('newtt2'),
};
