import { useEffect, useRef } from 'preact/hooks';
import type { ECharts, PanelOption } from './echarts';
import { createChart } from './echarts';

/** Every panel on the page, so they can be redrawn at the paper's width before printing. */
const panels = new Set<ECharts>();
const resizeAll = () => panels.forEach((chart) => chart.resize());
window.addEventListener('beforeprint', resizeAll);
window.addEventListener('afterprint', resizeAll);

/** One ECharts panel. The drawing is an image to assistive technology; the same data is in the table below. */
export function ChartPanel({
  option,
  description,
  tall = false,
}: {
  option: PanelOption;
  description: string;
  tall?: boolean;
}) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);

  useEffect(() => {
    if (!element.current) return;
    const instance = createChart(element.current);
    chart.current = instance;
    panels.add(instance);
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(element.current);
    return () => {
      observer.disconnect();
      panels.delete(instance);
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return (
    <div
      ref={element}
      class={tall ? 'panel-plot panel-plot-tall' : 'panel-plot'}
      role="img"
      aria-label={description}
    />
  );
}
