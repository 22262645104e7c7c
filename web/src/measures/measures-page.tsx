import { useEffect, useRef, useState } from 'preact/hooks';
import type {
  MeasureDefinition,
  MeasureSeriesView,
  MeasureView,
  MeasuresView,
} from '../../../src/contracts/measures.view';
import { ApiProblem, apiJson, download } from '../shared/api';
import { Problem } from '../shared/screen-parts';
import type { ECharts } from './echarts';
import { createChart } from './echarts';
import { SPC_COLOURS, spcChartOption } from './spc-chart';

const GROUPS: readonly [MeasureDefinition['group'], string][] = [
  ['escalation', 'Escalation'],
  ['omitted-care', 'Omitted care'],
  ['smoke-free', 'Smoke-free pregnancy'],
  ['preterm', 'Preterm optimisation'],
  ['programme', 'The programme'],
];

const VARIATION_TEXT: Record<string, [string, string]> = {
  'common-cause': ['Common cause variation', SPC_COLOURS.common],
  'special-cause-improving': ['Special cause: improving', SPC_COLOURS.improving],
  'special-cause-concerning': ['Special cause: concerning', SPC_COLOURS.concerning],
  'special-cause-neither-high': ['Special cause: higher (neither better nor worse)', SPC_COLOURS.neither],
  'special-cause-neither-low': ['Special cause: lower (neither better nor worse)', SPC_COLOURS.neither],
};

const ASSURANCE_TEXT: Record<string, [string, string]> = {
  pass: ['Will consistently meet the target', SPC_COLOURS.improving],
  fail: ['Will consistently miss the target', SPC_COLOURS.concerning],
  'hit-and-miss': ['Will hit and miss the target', SPC_COLOURS.common],
};

const SIGNAL_TEXT: Record<string, string> = {
  'outside-limits': 'beyond a limit',
  shift: 'shift (7 on one side)',
  trend: 'trend (7 rising or falling)',
  'two-of-three': '2 of 3 near a limit',
};

export function MeasuresPage({ token }: { token: string }) {
  const search = new URLSearchParams(window.location.search);
  const ward = search.get('ward') ?? 'all';
  const [view, setView] = useState<MeasuresView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [exporting, setExporting] = useState<string | null>(null);
  const apiQuery = new URLSearchParams(
    [...search.entries()].filter(([key, value]) => ['from', 'to', 'ward'].includes(key) && value !== ''),
  ).toString();

  useEffect(() => {
    apiJson<MeasuresView>(`/api/measures?${apiQuery}`, token)
      .then(setView)
      .catch((error: unknown) => setProblem(error instanceof ApiProblem ? error.message : String(error)));
  }, []);

  const exportCsv = async () => {
    setExporting('Preparing the CSV…');
    try {
      await download(`/api/measures.csv?${apiQuery}`, token, 'beacon-measures.csv');
      setExporting('CSV downloaded.');
    } catch (error) {
      setExporting(error instanceof ApiProblem ? error.message : 'The CSV could not be made.');
    }
  };

  return (
    <main class="audit measures">
      <header class="audit-header">
        <h1>Quality-improvement measures</h1>
        <p class="quiet">
          Each measure per month as a statistical process control chart (NHS England, Making Data Count): the
          mean, the process limits, and the points that are special cause. Fewer than 5 is shown as “&lt; 5”
          so no one can be identified.
        </p>
      </header>
      <form class="audit-filters" method="get" action="/measures">
        <label>
          From <input type="month" name="from" defaultValue={search.get('from') ?? view?.from ?? ''} />
        </label>
        <label>
          To <input type="month" name="to" defaultValue={search.get('to') ?? view?.to ?? ''} />
        </label>
        <label>
          Ward
          <select name="ward" defaultValue={ward === 'all' ? '' : ward}>
            <option value="">The whole unit</option>
            {wardsOf(view).map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Show</button>
        <button type="button" data-testid="export-csv" onClick={() => void exportCsv()}>
          Download CSV
        </button>
        {exporting && <span role="status">{exporting}</span>}
      </form>
      {problem && <Problem text={problem} />}
      {!view && !problem && <p>Computing the measures…</p>}
      {view &&
        GROUPS.map(([group, title]) => (
          <section key={group}>
            <h2>{title}</h2>
            {view.measures
              .filter((measure) => measure.definition.group === group)
              .map((measure) => (
                <MeasureCard key={measure.definition.id} measure={measure} ward={ward} />
              ))}
          </section>
        ))}
      {view && (
        <section>
          <h2>Measures the seeds name that Beacon does not compute yet</h2>
          <ul>
            {view.notComputed.map((item) => (
              <li key={item.id}>
                <strong>{item.id}</strong> “{item.seedWording}”: {item.reason}
              </li>
            ))}
          </ul>
        </section>
      )}
    </main>
  );
}

function wardsOf(view: MeasuresView | null): [string, string][] {
  const seen = new Map<string, string>();
  for (const measure of view?.measures ?? [])
    for (const series of measure.series) if (series.ward !== 'all') seen.set(series.ward, series.wardName);
  return [...seen];
}

function MeasureCard({ measure, ward }: { measure: MeasureView; ward: string }) {
  const { definition } = measure;
  const series = measure.series.find((s) => s.ward === ward) ?? measure.series[0];
  return (
    <article class="measure" data-testid="measure" data-measure-id={definition.id}>
      <header>
        <h3>
          {definition.id} · {definition.title} <small class="quiet">v{definition.version}</small>
        </h3>
        {definition.seedWording && <p class="quiet">“{definition.seedWording}”</p>}
        {series && <Icons series={series} />}
      </header>
      {!series || series.points.length === 0 ? (
        <p class="quiet">Nothing to count in these months.</p>
      ) : (
        <div class="measure-body">
          <SpcChart definition={definition} series={series} />
          <PointsTable series={series} />
        </div>
      )}
      <details>
        <summary>Definition</summary>
        <dl>
          <dt>Numerator</dt>
          <dd>{definition.numerator}</dd>
          {definition.denominator && (
            <>
              <dt>Denominator</dt>
              <dd>{definition.denominator}</dd>
            </>
          )}
          <dt>Exclusions</dt>
          <dd>{definition.exclusions}</dd>
          <dt>Better when</dt>
          <dd>
            {definition.improvement === null
              ? 'neither (balancing)'
              : definition.improvement === 'up'
                ? 'higher'
                : 'lower'}
          </dd>
          {definition.target && (
            <>
              <dt>Target</dt>
              <dd>
                {definition.unit === 'proportion'
                  ? `${definition.target.value * 100}%`
                  : definition.target.value}{' '}
                ({definition.target.source})
              </dd>
            </>
          )}
          <dt>Reads</dt>
          <dd>{definition.eventsRead.join('; ')}</dd>
          <dt>Source</dt>
          <dd>{definition.source}</dd>
        </dl>
      </details>
    </article>
  );
}

function Icons({ series }: { series: MeasureSeriesView }) {
  const variation = series.variation ? VARIATION_TEXT[series.variation] : undefined;
  const assurance = series.assurance ? ASSURANCE_TEXT[series.assurance] : undefined;
  return (
    <p class="spc-icons">
      {variation && (
        <span
          class="spc-icon"
          data-testid="variation"
          data-variation={series.variation}
          style={{ borderColor: variation[1] }}
        >
          <span class="spc-dot" style={{ background: variation[1] }} aria-hidden="true" />
          {variation[0]}
        </span>
      )}
      {assurance && (
        <span
          class="spc-icon"
          data-testid="assurance"
          data-assurance={series.assurance}
          style={{ borderColor: assurance[1] }}
        >
          <span class="spc-dot" style={{ background: assurance[1] }} aria-hidden="true" />
          {assurance[0]}
        </span>
      )}
    </p>
  );
}

function SpcChart({ definition, series }: { definition: MeasureDefinition; series: MeasureSeriesView }) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return undefined;
    const chart: ECharts = createChart(element.current);
    chart.setOption(spcChartOption(definition, series));
    return () => chart.dispose();
  }, [definition.id, series.ward]);
  return (
    <div
      class="spc-chart"
      ref={element}
      role="img"
      aria-label={`${definition.title}: statistical process control chart by month`}
      data-testid="spc-chart"
    />
  );
}

function PointsTable({ series }: { series: MeasureSeriesView }) {
  return (
    <table class="spc-table">
      <thead>
        <tr>
          <th scope="col">Month</th>
          <th scope="col">Value</th>
          <th scope="col">Signals</th>
        </tr>
      </thead>
      <tbody>
        {series.points.map((point) => (
          <tr key={point.period} data-testid="spc-point" data-signals={point.signals.join(' ')}>
            <td>{point.drillDown ? <a href={point.drillDown}>{point.period}</a> : point.period}</td>
            <td>{point.display}</td>
            <td>{point.signals.map((signal) => SIGNAL_TEXT[signal] ?? signal).join(', ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
