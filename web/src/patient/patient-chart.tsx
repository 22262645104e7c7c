import { useMemo, useState } from 'preact/hooks';
import type {
  AlertMarker,
  ChartDefinitionView,
  ChartedSet,
  ParameterView,
  PatientChart,
} from '../../../src/contracts/patient-chart.view';
import type { WardSocket } from '../shared/send';
import { humanise } from '../shared/format';
import { ConnectionState, Problem } from '../shared/screen-parts';
import { ChartPanel } from './chart-panel';
import type { Range, TimeWindow } from './chart-options';
import {
  RANGES,
  choicePanel,
  markerText,
  numericPanel,
  riskColour,
  totalPanel,
  windowOf,
} from './chart-options';
import { usePatientChart } from './use-patient-chart';

const when = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', {
    day: '2-digit',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });

function unitOf(parameter: ParameterView): string {
  return parameter.kind === 'number' ? parameter.unit : '';
}

function readingText(parameter: ParameterView, value: string | number | boolean): string {
  if (parameter.kind === 'choice')
    return parameter.choices.find((choice) => choice.value === value)?.label ?? String(value);
  return String(value);
}

function describe(parameter: ParameterView, sets: readonly ChartedSet[]): string {
  const recorded = sets.filter((set) => set.values[parameter.id]);
  const latest = recorded.at(-1);
  const reading = latest?.values[parameter.id];
  const gaps = sets.length - recorded.length;
  return [
    `${parameter.label} over time: ${recorded.length} readings`,
    latest && reading
      ? `latest ${readingText(parameter, reading.value)} ${unitOf(parameter)} at ${when(latest.effectiveAt)}, score ${reading.score}`
      : 'none recorded',
    gaps > 0 ? `${gaps} sets without it (shown as gaps)` : '',
  ]
    .filter(Boolean)
    .join('; ');
}

function VerificationBadge({ chart }: { chart: ChartDefinitionView }) {
  const verified = chart.verification === 'verified';
  return (
    <div class={verified ? 'chart-id' : 'chart-id chart-id-unverified'} data-testid="chart-id">
      <span class="chart-id-name">{chart.id.toUpperCase()}</span> <span>version {chart.version}</span>{' '}
      <strong data-testid="verification">
        {verified ? 'Verified chart' : 'UNVERIFIED chart: placeholder values, not national guidance'}
      </strong>
      {verified ? null : (
        <p class="chart-note" data-testid="verification-note">
          The bands, scores and colours of this chart are placeholders until the national chart is checked
          into Beacon. Do not make clinical decisions from them: use your unit&rsquo;s approved chart and your
          clinical judgement.
        </p>
      )}
    </div>
  );
}

function ParameterFigure(props: {
  chart: ChartDefinitionView;
  parameter: ParameterView;
  sets: readonly ChartedSet[];
  markers: readonly AlertMarker[];
  window: TimeWindow;
}) {
  const { chart, parameter, sets, markers, window } = props;
  const option = useMemo(
    () =>
      parameter.kind === 'number'
        ? numericPanel(chart, parameter, sets, markers, window)
        : choicePanel(chart, parameter, sets, markers, window),
    [chart, parameter, sets, markers, window],
  );
  const unit = unitOf(parameter);
  return (
    <figure class="panel" data-testid="panel" data-parameter={parameter.id}>
      <figcaption>
        <strong>{parameter.label}</strong>
        {unit ? ` (${unit})` : ''}
        {parameter.kind === 'number' && parameter.bandsNote ? (
          <span class="panel-note"> · bands for {parameter.bandsNote}</span>
        ) : null}
      </figcaption>
      <ChartPanel option={option} description={describe(parameter, sets)} />
    </figure>
  );
}

function ChartSection(props: {
  chart: ChartDefinitionView;
  sets: readonly ChartedSet[];
  markers: readonly AlertMarker[];
  window: TimeWindow;
}) {
  const { chart, sets, markers, window } = props;
  const total = useMemo(() => totalPanel(chart, sets, markers, window), [chart, sets, markers, window]);
  const otherVersions = [...new Set(sets.map((set) => set.chart.version))].filter(
    (version) => version !== chart.version,
  );
  return (
    <section class="chart-section" aria-labelledby={`chart-${chart.id}`} data-chart={chart.id}>
      <h2 id={`chart-${chart.id}`}>{chart.title}</h2>
      <VerificationBadge chart={chart} />
      {otherVersions.length > 0 ? (
        <p class="chart-note" role="note">
          Some sets were scored with version {otherVersions.join(', ')}; the bands drawn are version{' '}
          {chart.version}. Each point keeps the colour of the score it was given.
        </p>
      ) : null}
      <figure class="panel" data-testid="panel" data-parameter="total">
        <figcaption>
          <strong>Total score</strong> and alerts
          <ul class="risk-legend" aria-label="Clinical risk colours">
            {chart.riskLevels.map((level) => (
              <li key={level.id}>
                <span class="swatch" style={{ background: level.colour }} aria-hidden="true" />
                {level.label}
              </li>
            ))}
          </ul>
        </figcaption>
        <ChartPanel
          tall
          option={total}
          description={`Total ${chart.id.toUpperCase()} score over time: ${sets.length} sets${
            sets.at(-1) ? `, latest ${sets.at(-1)?.total}` : ''
          }; ${markers.length} alert events marked`}
        />
      </figure>
      {chart.parameters.map((parameter) => (
        <ParameterFigure
          key={parameter.id}
          chart={chart}
          parameter={parameter}
          sets={sets}
          markers={markers}
          window={window}
        />
      ))}
    </section>
  );
}

function MarkerList({ markers }: { markers: readonly AlertMarker[] }) {
  if (markers.length === 0) return <p>No alerts during this stay.</p>;
  return (
    <ol class="markers">
      {markers.map((marker) => (
        <li
          key={`${marker.alertId}-${marker.event}-${marker.at}`}
          data-testid="marker"
          data-event={marker.event}
        >
          <time dateTime={marker.at}>{when(marker.at)}</time> {markerText(marker)}: {humanise(marker.kind)}
          {marker.level ? ` (${humanise(marker.level)})` : ''}
          {marker.by ? ` by ${marker.by}` : ''}
        </li>
      ))}
    </ol>
  );
}

function SetTable({ chart, sets }: { chart: PatientChart; sets: readonly ChartedSet[] }) {
  const parameters = chart.charts.flatMap((definition) => definition.parameters);
  const columns = [...new Map(parameters.map((parameter) => [parameter.id, parameter])).values()];
  const definitionOf = (set: ChartedSet) => chart.charts.find((definition) => definition.id === set.chart.id);
  return (
    <details class="set-table">
      <summary>Observations as a table ({sets.length} sets)</summary>
      <div class="table-scroll">
        <table>
          <caption>Observation sets, oldest first; score in brackets</caption>
          <thead>
            <tr>
              <th scope="col">Taken</th>
              <th scope="col">Chart</th>
              {columns.map((parameter) => (
                <th scope="col" key={parameter.id}>
                  {parameter.label}
                </th>
              ))}
              <th scope="col">Total</th>
              <th scope="col">Clinical risk</th>
            </tr>
          </thead>
          <tbody>
            {sets.map((set) => {
              const definition = definitionOf(set);
              return (
                <tr key={set.id} data-testid="set-row">
                  <th scope="row">
                    <time dateTime={set.effectiveAt}>{when(set.effectiveAt)}</time>
                  </th>
                  <td>
                    {set.chart.id.toUpperCase()} {set.chart.version}
                  </td>
                  {columns.map((parameter) => {
                    const reading = set.values[parameter.id];
                    return (
                      <td key={parameter.id}>
                        {reading ? (
                          `${readingText(parameter, reading.value)} (${reading.score})`
                        ) : (
                          <span aria-label="not recorded">—</span>
                        )}
                      </td>
                    );
                  })}
                  <td>{set.total}</td>
                  <td>
                    <span
                      class="swatch"
                      style={{
                        background: definition ? riskColour(definition, set.clinicalRisk) : undefined,
                      }}
                      aria-hidden="true"
                    />
                    {definition?.riskLevels.find((level) => level.id === set.clinicalRisk)?.label ??
                      humanise(set.clinicalRisk)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </details>
  );
}

export function PatientChartPage(props: { socket: WardSocket; token: string; patientId: string }) {
  const { chart, connected, problem, liveProblem } = usePatientChart(
    props.socket,
    props.token,
    props.patientId,
  );
  // The last 12 hours first: the shift's picture; 3 days and the whole stay are one click away.
  const [range, setRange] = useState<Range>('12h');
  const shown = useMemo(
    () => (chart ? windowOf(range, chart.sets, chart.markers, Date.parse(chart.at)) : null),
    [chart, range],
  );
  const label = chart
    ? [chart.patient.bed ?? 'No bed', chart.patient.initials, chart.patient.wardName ?? 'no ward'].join(' · ')
    : 'Loading…';

  return (
    <div class="patient-chart">
      <header class="patient-header">
        <div>
          <h1>
            Observation chart <span class="patient-label">{label}</span>
          </h1>
          {chart?.truncated ? (
            <p class="chart-note">Only the most recent sets of this long stay are shown.</p>
          ) : null}
        </div>
        <div class="patient-tools">
          <ConnectionState connected={connected} stale={false} />
          <div class="zoom" role="group" aria-label="Time shown">
            {RANGES.map((option) => (
              <button
                key={option.id}
                type="button"
                aria-pressed={range === option.id}
                data-range={option.id}
                onClick={() => setRange(option.id)}
              >
                {option.label}
              </button>
            ))}
          </div>
          <button type="button" class="print-button" onClick={() => globalThis.print()}>
            Print
          </button>
        </div>
      </header>
      <main>
        {problem ? <Problem text={problem} /> : null}
        {liveProblem ? (
          <p class="chart-note" role="status">
            {liveProblem}
          </p>
        ) : null}
        {chart && shown ? (
          <>
            {chart.charts.length === 0 ? (
              <p>No observation sets have been scored for this patient yet.</p>
            ) : null}
            {chart.charts.map((definition) => (
              <ChartSection
                key={definition.id}
                chart={definition}
                sets={chart.sets.filter((set) => set.chart.id === definition.id)}
                markers={chart.markers}
                window={shown}
              />
            ))}
            <section class="chart-section" aria-labelledby="alert-events">
              <h2 id="alert-events">Alert events</h2>
              <MarkerList markers={chart.markers} />
            </section>
            <SetTable chart={chart} sets={chart.sets} />
          </>
        ) : null}
      </main>
    </div>
  );
}
