import { useEffect, useState } from 'preact/hooks';
import type { Timeline, TimelineStep } from '../../../src/contracts/timeline.view';
import { humanise, patientLabel } from '../shared/format';
import { Problem } from '../shared/screen-parts';
import { ApiProblem, apiJson } from '../shared/api';
import { stepNumber } from '../shared/levels';
import { actorText, dateTime, duration, stepLabel, stepSummary } from './audit-format';
import { LAST_LIST_KEY } from './escalation-list';

export function TimelinePage({ token, alertId }: { token: string; alertId: string }) {
  const [timeline, setTimeline] = useState<Timeline | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    apiJson<Timeline>(`/api/alerts/${encodeURIComponent(alertId)}/timeline`, token)
      .then(setTimeline)
      .catch((error: unknown) => setProblem(error instanceof ApiProblem ? error.message : String(error)));
  }, [alertId]);

  return (
    <main class="audit">
      <p>
        <a href={sessionStorage.getItem(LAST_LIST_KEY) ?? '/audit/alerts'}>← All escalations</a>
      </p>
      <h1>Escalation timeline</h1>
      {problem && <Problem text={problem} />}
      {timeline && <TimelineView timeline={timeline} />}
    </main>
  );
}

/** A set scored again (a late or corrected reading): folded by default, the first scoring is what raised the alert. */
const isRescore = (step: TimelineStep) => step.type === 'set.scored' && step.details.rescored === true;

function TimelineView({ timeline }: { timeline: Timeline }) {
  return (
    <>
      <ChainStatus timeline={timeline} />
      <AlertFacts alert={timeline.alert} />
      <SetsSection sets={timeline.sets} />
      <EscalationSection timeline={timeline} />
      <StepsSection steps={timeline.steps} />
    </>
  );
}

function AlertFacts({ alert }: { alert: Timeline['alert'] }) {
  return (
    <section aria-labelledby="alert-heading">
      <h2 id="alert-heading">{alert.title}</h2>
      <dl class="audit-facts">
        <dt>Patient</dt>
        <dd>{patientLabel(alert)}</dd>
        <dt>Ward</dt>
        <dd>{alert.wardId ?? 'No ward'}</dd>
        <dt>Kind and level</dt>
        <dd>
          {humanise(alert.kind)} · {humanise(alert.level)}
        </dd>
        <dt>State</dt>
        <dd>{humanise(alert.state)}</dd>
        <dt>Raised</dt>
        <dd>{dateTime(alert.raisedAt)}</dd>
        <dt>Should respond</dt>
        <dd>
          {alert.response
            ? `${alert.response.who}${alert.response.reviewWithinMinutes !== null ? `, within ${alert.response.reviewWithinMinutes} min` : ''}`
            : '—'}
        </dd>
      </dl>
    </section>
  );
}

function SetsSection({ sets }: { sets: Timeline['sets'] }) {
  return (
    <section aria-labelledby="sets-heading">
      <h2 id="sets-heading">Observations and score</h2>
      {sets.length === 0 ? (
        <p>No observation set behind this alert.</p>
      ) : (
        <table class="audit-table" data-testid="sets">
          <thead>
            <tr>
              <th scope="col">Taken</th>
              <th scope="col">Received by Beacon</th>
              <th scope="col">Chart</th>
              <th scope="col">Total</th>
              <th scope="col">Clinical risk</th>
              <th scope="col">Readings</th>
            </tr>
          </thead>
          <tbody>
            {sets.map((set) => (
              <tr key={set.id} data-testid="set">
                <th scope="row">{dateTime(set.effectiveAt)}</th>
                <td data-testid="set-received">
                  {set.receivedAt ? dateTime(set.receivedAt) : 'not recorded'}
                </td>
                <td data-testid="set-chart">
                  {set.chart.id.toUpperCase()} version {set.chart.version}{' '}
                  <span class={set.chart.verification === 'verified' ? 'tag' : 'tag tag-urgent'}>
                    {set.chart.verification === 'verified' ? 'verified chart' : 'unverified chart'}
                  </span>
                </td>
                <td class="number">{set.total}</td>
                <td>{humanise(set.clinicalRisk)}</td>
                <td data-testid="set-readings">
                  {set.readings
                    .map(
                      (reading) =>
                        `${reading.label} ${String(reading.value)}${reading.unit ? ` ${reading.unit}` : ''}`,
                    )
                    .join(', ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function EscalationSection({ timeline }: { timeline: Timeline }) {
  const escalations = timeline.steps.filter((step) => step.type === 'alert.escalated');
  return (
    <section aria-labelledby="escalation-heading">
      <h2 id="escalation-heading">Escalation steps</h2>
      {escalations.length === 0 ? (
        <p data-testid="no-escalations">Not escalated: acknowledged or closed at the first step.</p>
      ) : (
        <ol data-testid="escalation-steps">
          {escalations.map((step) => (
            <li key={step.id}>
              {dateTime(step.at)}: {stepSummary(step)}
            </li>
          ))}
        </ol>
      )}
      {timeline.deliveries.length > 0 && (
        <ul data-testid="deliveries">
          {timeline.deliveries.map((delivery) => (
            <li key={delivery.step}>
              Step {stepNumber(delivery.step)}: delivered to {delivery.screens}{' '}
              {delivery.screens === 1 ? 'screen' : 'screens'}, first at {dateTime(delivery.firstAt)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function StepsSection({ steps }: { steps: Timeline['steps'] }) {
  const [showRescores, setShowRescores] = useState(false);
  const rescores = steps.filter(isRescore).length;
  return (
    <section aria-labelledby="steps-heading">
      <h2 id="steps-heading">Every step, in order</h2>
      {rescores > 0 ? (
        <label class="audit-toggle">
          <input
            type="checkbox"
            checked={showRescores}
            onChange={(event) => setShowRescores((event.target as HTMLInputElement).checked)}
            data-testid="show-rescores"
          />{' '}
          Show the {rescores} re-score record{rescores === 1 ? '' : 's'} (the same set scored again after a
          late or corrected reading)
        </label>
      ) : null}
      <div class="audit-table-wrap" role="region" aria-labelledby="steps-heading" tabIndex={0}>
        <table class="audit-table" data-testid="timeline-steps">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Step</th>
              <th scope="col">Actor</th>
              <th scope="col">Device</th>
              <th scope="col" class="number">
                Since previous
              </th>
              <th scope="col">Details</th>
              <th scope="col">Audit record</th>
            </tr>
          </thead>
          <tbody>
            {steps
              .filter((step) => showRescores || !isRescore(step))
              .map((step, index) => (
                <StepRow step={step} key={step.id ?? `taken-${index}`} />
              ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function StepRow({ step }: { step: TimelineStep }) {
  return (
    <tr data-testid="step" data-type={step.type} data-at={step.at}>
      <th scope="row">
        <time dateTime={step.at}>{dateTime(step.at)}</time>
      </th>
      <td>{stepLabel(step.type)}</td>
      <td>{actorText(step)}</td>
      <td>{step.actor?.device ?? '—'}</td>
      <td class="number" data-testid="delay">
        {step.secondsSincePrevious === null ? '—' : `+${duration(step.secondsSincePrevious)}`}
      </td>
      <td>{stepSummary(step)}</td>
      <td>
        {step.intact === null ? (
          <span class="quiet">not an audit record</span>
        ) : step.intact ? (
          <span>
            <span aria-hidden="true">✓</span> verified
          </span>
        ) : (
          <strong class="ack-late">
            <span aria-hidden="true">✖</span> altered or out of chain
          </strong>
        )}
      </td>
    </tr>
  );
}

/** Whether every audit record of this escalation is unaltered and linked to the one before it: said plainly. */
function ChainStatus({ timeline }: { timeline: Timeline }) {
  const records = timeline.steps.filter((step) => step.intact !== null);
  const broken = records.filter((step) => step.intact === false).length;
  return timeline.chainIntact ? (
    <p class="chain chain-good" role="status" data-testid="chain-status" data-intact="true">
      <span aria-hidden="true">✓</span> Audit chain verified: all {records.length} audit records of this
      escalation are unaltered and linked to the records before them.
    </p>
  ) : (
    <p class="chain chain-bad" role="alert" data-testid="chain-status" data-intact="false">
      <span aria-hidden="true">✖</span> Audit chain broken: {broken} of {records.length} audit records of this
      escalation fail verification. Do not rely on this timeline; run <code>npm run audit:verify</code>.
    </p>
  );
}
