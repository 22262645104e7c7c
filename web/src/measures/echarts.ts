// The parts of Apache ECharts an SPC chart uses (tree-shaken through echarts/core), drawn as SVG so each point is an
// element a test can inspect.
import { LineChart } from 'echarts/charts';
import type { LineSeriesOption } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import type { GridComponentOption, TooltipComponentOption } from 'echarts/components';
import { init, use } from 'echarts/core';
import type { ComposeOption, ECharts } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

use([LineChart, GridComponent, TooltipComponent, SVGRenderer]);

export type SpcChartOption = ComposeOption<LineSeriesOption | GridComponentOption | TooltipComponentOption>;
export type { ECharts };

export function createChart(element: HTMLElement): ECharts {
  return init(element, undefined, { renderer: 'svg' });
}
