import { useState } from 'preact/hooks';
import type { AlertView, NotRequiredReason, SessionInfo, StaffResponse } from '../../../src/contracts/events';
import { humanise, patientLabel, stopwatch } from '../shared/format';
import type { LevelLook } from '../shared/levels';
import { ReasonForm } from '../shared/reason-form';
import { StepOrAttending } from '../shared/screen-parts';
import type { SubmitCommand } from './use-handheld-session';

/** One open alert: its level, patient, ward and timer; acknowledge, then respond. */
export function AlertCard(props: {
  alert: AlertView;
  look: LevelLook;
  ward: string | null;
  now: number;
  mayAct: boolean;
  pending: boolean;
  reasons: SessionInfo['notRequiredReasons'];
  onCommand: SubmitCommand;
}) {
  const { alert, look, ward, now, mayAct, pending, reasons, onCommand } = props;
  const [choosingReason, setChoosingReason] = useState(false);
  const who = patientLabel(alert);
  const respond = (response: StaffResponse, reason?: NotRequiredReason) =>
    onCommand(
      'alert:respond',
      { alertId: alert.id, response, ...(reason ? { reason } : {}) },
      `${humanise(response)} for ${who}`,
    );
  const unacknowledged = alert.state === 'raised';
  return (
    <li
      class={`card${unacknowledged ? ' unacknowledged' : ''}`}
      style={{ borderLeftColor: look.fill }}
      data-testid="alert"
      data-alert-id={alert.id}
      data-state={alert.state}
      data-level={look.key}
      data-ward-id={alert.wardId ?? ''}
    >
      <CardHead alert={alert} look={look} who={who} />
      {ward ? <div class="card-ward quiet">{ward}</div> : null}
      <div>{alert.title}</div>
      <div class="card-state">
        <span class={`timer${unacknowledged ? ' timer-urgent' : ''}`} data-testid="timer">
          {unacknowledged
            ? `not acknowledged ${stopwatch(alert.raisedAt, now)}`
            : `open ${stopwatch(alert.raisedAt, now)}`}
        </span>{' '}
        <StepOrAttending alert={alert} />
      </div>
      {mayAct && unacknowledged ? (
        <button
          type="button"
          class="button button-primary button-big"
          disabled={pending}
          onClick={() => onCommand('alert:acknowledge', { alertId: alert.id }, `Acknowledge ${who}`)}
        >
          {pending ? 'Sending…' : 'Acknowledge'}
        </button>
      ) : null}
      {mayAct && (alert.state === 'acknowledged' || alert.state === 'attending') && !choosingReason ? (
        <ResponseButtons
          state={alert.state}
          who={who}
          pending={pending}
          onRespond={respond}
          onNotRequired={() => setChoosingReason(true)}
        />
      ) : null}
      {choosingReason ? (
        <ReasonForm
          question="Why is a response not required?"
          reasons={reasons}
          onConfirm={(reason) => {
            respond('not-required', reason);
            setChoosingReason(false);
          }}
          onCancel={() => setChoosingReason(false)}
        />
      ) : null}
    </li>
  );
}

/** The level (with the score of a deterioration) and who it is. */
function CardHead({ alert, look, who }: { alert: AlertView; look: LevelLook; who: string }) {
  return (
    <div class="card-head">
      <span
        class={`level level-${look.key}`}
        style={{ backgroundColor: look.fill, color: look.ink }}
        data-testid="level"
      >
        <span aria-hidden="true">{look.shape}</span> {look.word}
        {alert.kind === 'deterioration' && alert.total !== null ? ` ${alert.total}` : ''}
      </span>
      <strong class="card-who">{who}</strong>
    </div>
  );
}

function ResponseButtons(props: {
  state: 'acknowledged' | 'attending';
  who: string;
  pending: boolean;
  onRespond: (response: StaffResponse) => void;
  onNotRequired: () => void;
}) {
  const { state, who, pending, onRespond, onNotRequired } = props;
  return (
    <div class="respond" role="group" aria-label={`Respond to ${who}`}>
      {state === 'acknowledged' ? (
        <button type="button" class="button" disabled={pending} onClick={() => onRespond('attending')}>
          Attending
        </button>
      ) : null}
      <button type="button" class="button" disabled={pending} onClick={() => onRespond('escalating')}>
        Escalating
      </button>
      {/* Once someone is attending, "not required" is no longer a choice: the person there decides. */}
      {state === 'acknowledged' ? (
        <button type="button" class="button" disabled={pending} onClick={onNotRequired}>
          Not required
        </button>
      ) : null}
    </div>
  );
}
