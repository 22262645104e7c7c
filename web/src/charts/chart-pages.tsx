import { useEffect, useState } from 'preact/hooks';
import type {
  ChartDefinition,
  ChartDiffView,
  ChartPageView,
  ChartsConfigurationView,
  ChoiceParameter,
  FieldLabelView,
  NumericBand,
  NumericParameter,
  SignOffView,
  VariantCondition,
} from '../../../src/contracts/charts.view';
import { ApiProblem, apiJson } from '../shared/api';

function useApi<T>(path: string, token: string): { data: T | null; problem: string | null } {
  const [data, setData] = useState<T | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    apiJson<T>(path, token)
      .then(setData)
      .catch((error: unknown) => setProblem(error instanceof ApiProblem ? error.message : String(error)));
  }, [path, token]);
  return { data, problem };
}

/** A page whose answer has not come: Beacon's refusal in words, or what it is waiting for. */
function NotYet({ problem, waiting }: { problem: string | null; waiting: string }) {
  return <main class="chart-page">{problem ? <p role="alert">{problem}</p> : <p>{waiting}</p>}</main>;
}

const day = (iso: string) =>
  new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });

function SignOffLine({ signOff }: { signOff: SignOffView | null }) {
  return signOff ? (
    <span class="signed">
      Signed off by {signOff.signedBy} ({signOff.role}),{' '}
      <time dateTime={signOff.signedAt}>{day(signOff.signedAt)}</time>
    </span>
  ) : (
    <span class="not-signed">Not signed off</span>
  );
}

/** "≤8", "9–11", "≥25": the way the paper charts write a band, with Beacon's possible-value limits left off. */
function rangeText(band: NumericBand, field: FieldLabelView | undefined, precision: number): string {
  const [from, to] = [band.from.toFixed(precision), band.to.toFixed(precision)];
  if (field?.min !== undefined && band.from === field.min) return `≤${to}`;
  if (field?.max !== undefined && band.to === field.max) return `≥${from}`;
  return band.from === band.to ? from : `${from}–${to}`;
}

function conditionText(when: VariantCondition, fields: ChartPageView['fields']): string {
  return Object.entries(when)
    .map(([field, value]) => {
      const label = fields[field]?.label ?? field;
      if (field === 'onSupplementalOxygen') return value ? 'on oxygen' : 'on air';
      return `${label} ${String(value)}`;
    })
    .join(', ');
}

const choiceText = (value: string | number | boolean) =>
  value === true ? 'Oxygen' : value === false ? 'Air' : String(value);

function ScoreCell({ chart, score }: { chart: ChartDefinition; score: number }) {
  const colour = chart.scoreColours[score] ?? '#ffffff';
  return (
    <td class="band-score" style={{ background: colour }} data-score={score}>
      {score}
    </td>
  );
}

function NumericBlock({
  chart,
  parameter,
  fields,
}: {
  chart: ChartDefinition;
  parameter: NumericParameter;
  fields: ChartPageView['fields'];
}) {
  const field = fields[parameter.id];
  return (
    <>
      {parameter.variants.map((variant, index) => (
        <table class="parameter" key={index} data-parameter={parameter.id}>
          <caption>
            {field?.label ?? parameter.id}
            {field?.unit ? ` (${field.unit})` : ''}
            {Object.keys(variant.when).length > 0 ? (
              <span class="variant">{conditionText(variant.when, fields)}</span>
            ) : null}
          </caption>
          <tbody>
            {[...variant.bands].reverse().map((band) => (
              <tr key={`${band.from}-${band.to}`}>
                <th scope="row">{rangeText(band, field, parameter.precision)}</th>
                <ScoreCell chart={chart} score={band.score} />
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </>
  );
}

function ChoiceBlock({
  chart,
  parameter,
  fields,
}: {
  chart: ChartDefinition;
  parameter: ChoiceParameter;
  fields: ChartPageView['fields'];
}) {
  return (
    <table class="parameter" data-parameter={parameter.id}>
      <caption>{fields[parameter.id]?.label ?? parameter.id}</caption>
      <tbody>
        {parameter.bands.map((band) => (
          <tr key={band.values.join()}>
            <th scope="row">{band.values.map(choiceText).join(', ')}</th>
            <ScoreCell chart={chart} score={band.score} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function conditionOf(rule: ChartDefinition['rules'][number]): string {
  const parts: string[] = [];
  if (rule.when.totalAtLeast !== undefined) parts.push(`Total ${rule.when.totalAtLeast} or more`);
  if (rule.when.anyParameterScoreAtLeast !== undefined)
    parts.push(`${rule.when.anyParameterScoreAtLeast} or more in any one parameter`);
  return parts.length > 0 ? parts.join(' and ') : 'Otherwise';
}

const minutes = (value: number | null, continuous?: boolean) =>
  continuous ? 'Continuous' : value === null ? '—' : value % 60 === 0 ? `${value / 60} h` : `${value} min`;

function EscalationTable({ chart }: { chart: ChartDefinition }) {
  const response = (level: string) => chart.responses.find((candidate) => candidate.level === level);
  const rows = [
    ...chart.rules.map((rule) => ({
      when: conditionOf(rule),
      risk: rule.clinicalRisk,
      level: rule.response,
    })),
    {
      when: 'Worry or concern (woman, family or staff), whatever the score',
      risk: null,
      level: chart.concern.response,
    },
  ];
  return (
    <table class="escalation">
      <caption>Escalation (read top to bottom: the first row that applies)</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Clinical risk</th>
          <th scope="col">Response</th>
          <th scope="col">Review within</th>
          <th scope="col">Observations at least every</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const found = response(row.level);
          const level = chart.riskLevels.find((candidate) => candidate.id === row.risk);
          return (
            <tr key={`${row.when}-${row.level}`} data-response={row.level}>
              <th scope="row">{row.when}</th>
              <td style={level ? { borderLeft: `0.6rem solid ${level.colour}` } : undefined}>
                {level?.label ?? '—'}
              </td>
              <td>{found?.who ?? row.level}</td>
              <td>{minutes(found?.reviewWithinMinutes ?? null)}</td>
              <td>{minutes(found?.observationIntervalMinutes ?? null, found?.continuousMonitoring)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The chart in the layout of the paper charts, from the data Beacon scores with. */
export function ChartPage({ token, id }: { token: string; id: string }) {
  const { data, problem } = useApi<ChartPageView>(`/api/charts/${encodeURIComponent(id)}`, token);
  if (!data) return <NotYet problem={problem} waiting="Loading the chart…" />;
  const { chart, fields } = data;
  const { source } = chart;
  return (
    <main class="chart-page" data-chart={chart.id}>
      {chart.verification === 'unverified' ? (
        <div class="banner unverified-banner" role="note">
          Unverified chart: placeholder values, not national guidance. {chart.verificationNote}
        </div>
      ) : null}
      <header>
        <h1>
          {chart.title} <span class="version">version {chart.version}</span>
        </h1>
        <p class="population">{chart.population}</p>
        <p class="provenance">
          Source: {source.title}. {source.publisher}, {source.version}, {source.date}.{' '}
          {source.sha256 ? (
            <>
              Source PDF SHA-256 <code>{source.sha256}</code>.
            </>
          ) : (
            'Source PDF hash not recorded.'
          )}{' '}
          Verification: <strong>{chart.verification}</strong>. <SignOffLine signOff={data.signOff} />
        </p>
        <button type="button" class="print" onClick={() => window.print()}>
          Print
        </button>
      </header>
      <section class="parameters" aria-label="Parameters">
        {chart.parameters.map((parameter) =>
          parameter.kind === 'number' ? (
            <NumericBlock key={parameter.id} chart={chart} parameter={parameter} fields={fields} />
          ) : (
            <ChoiceBlock key={parameter.id} chart={chart} parameter={parameter} fields={fields} />
          ),
        )}
      </section>
      <EscalationTable chart={chart} />
      <footer>
        {chart.file} · content SHA-256 <code>{data.hash}</code>
        {data.versions.length > 1 ? (
          <>
            {' '}
            · compare:{' '}
            {data.versions
              .filter((version) => version !== chart.version)
              .map((version) => (
                <a
                  key={version}
                  href={`/charts/${chart.id}/diff?from=${encodeURIComponent(version)}&to=${encodeURIComponent(chart.version)}`}
                >
                  {version} → {chart.version}
                </a>
              ))}
          </>
        ) : null}
      </footer>
    </main>
  );
}

const shown = (value: unknown) => (value === undefined ? '—' : JSON.stringify(value));

/** What changed between two versions of a chart. */
export function DiffPage({ token, id, from, to }: { token: string; id: string; from: string; to: string }) {
  const { data, problem } = useApi<ChartDiffView>(
    `/api/charts/${encodeURIComponent(id)}/diff?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
    token,
  );
  if (!data) return <NotYet problem={problem} waiting="Comparing…" />;
  return (
    <main class="chart-page">
      <h1>
        {id}: {from} → {to}
      </h1>
      {data.changes.length === 0 ? (
        <p>No difference.</p>
      ) : (
        <table class="diff">
          <thead>
            <tr>
              <th scope="col">What</th>
              <th scope="col">{from}</th>
              <th scope="col">{to}</th>
            </tr>
          </thead>
          <tbody>
            {data.changes.map((change) => (
              <tr key={change.path}>
                <th scope="row">
                  <code>{change.path}</code>
                </th>
                <td class="before">{shown(change.from)}</td>
                <td class="after">{shown(change.to)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}

/** Which chart and version each ward uses for each patient group, and its sign-off. */
export function WardChartsPage({ token }: { token: string }) {
  const { data, problem } = useApi<ChartsConfigurationView>('/api/charts', token);
  if (!data) return <NotYet problem={problem} waiting="Loading…" />;
  return (
    <main class="chart-page">
      <h1>Charts by ward</h1>
      <p>Clinical mode: {data.clinicalMode}</p>
      <table class="ward-charts">
        <thead>
          <tr>
            <th scope="col">Ward</th>
            <th scope="col">Patients</th>
            <th scope="col">Chart</th>
            <th scope="col">Version</th>
            <th scope="col">Verification</th>
            <th scope="col">Sign-off</th>
          </tr>
        </thead>
        <tbody>
          {data.wards.map((row) => (
            <tr key={`${row.wardId}-${row.group}`} data-ward={row.wardId} data-group={row.group}>
              <td>{row.wardName}</td>
              <td>{row.group}</td>
              <td>
                <a href={`/charts/${row.chartId}`}>{row.title}</a>
              </td>
              <td>{row.version}</td>
              <td>{row.verification}</td>
              <td>
                <SignOffLine signOff={row.signOff} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
