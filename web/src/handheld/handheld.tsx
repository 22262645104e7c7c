import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type {
  AlertView,
  BoardChart,
  CommandReply,
  NotRequiredReason,
  SessionInfo,
  StaffResponse,
} from '../../../src/contracts/events';
import { byUrgency, isStale, scoringBehind } from '../shared/board-state';
import type { QueuedCommand, StaffCommandName } from '../shared/command-queue';
import { CommandQueue, drain } from '../shared/command-queue';
import type { CommandInput, WardSocket } from '../shared/send';
import { currentSession, signOut } from '../shared/connection';
import { send } from '../shared/send';
import { clock, humanise, patientLabel, stopwatch } from '../shared/format';
import type { LevelLook } from '../shared/levels';
import { alertLook, chartsInUse } from '../shared/levels';
import { PromptPanel, splitPrompts } from '../shared/prompts';
import { ReasonForm } from '../shared/reason-form';
import {
  ConnectionState,
  Problem,
  ScoringBehindBanner,
  StaleOverlay,
  StepOrAttending,
  UnverifiedBanner,
} from '../shared/screen-parts';
import { useWardBoards } from '../shared/use-ward-board';

/** Queues a staff command (with a fresh command id and this device) and sends it when connected. */
type SubmitCommand = <N extends StaffCommandName>(name: N, input: CommandInput<N>, label: string) => void;

interface LastAction {
  readonly label: string;
  readonly outcome: 'confirmed' | 'refused';
  readonly detail: string;
  readonly at: number;
}

/**
 * The midwife's handheld: one list of the open alerts of every ward she covers, most urgent first (level, then
 * waiting time); acknowledge in one tap, then respond; raise a concern from the top. Every action waits for Beacon's
 * confirmation; without a connection it is queued on the device and sent (once) on reconnect.
 */
export function Handheld({ socket, device }: { socket: WardSocket; device: string }) {
  const queue = useMemo(() => new CommandQueue(localStorage), []);
  const [session, setSession] = useState<SessionInfo | null>(null);
  const [queued, setQueued] = useState<readonly QueuedCommand[]>(() => queue.list());
  const [last, setLast] = useState<LastAction | null>(null);
  const [concernOpen, setConcernOpen] = useState(false);
  const [concernFor, setConcernFor] = useState<string | null>(null);
  const wardIds = useMemo(() => (session?.wards ?? []).map((ward) => ward.id), [session]);
  const { boards, connected, problem, now } = useWardBoards(socket, wardIds, () => navigator.vibrate?.(200));

  const flush = useCallback(async () => {
    await drain(
      queue,
      (command) => send(socket, command.name, command.input),
      ({ command, reply }) => setLast(describe(command, reply)),
    );
    setQueued(queue.list());
  }, [queue, socket]);

  useEffect(() => {
    const onConnect = () => {
      void send(socket, 'session:info', {}).then((reply) => {
        if (reply === 'no-answer' || 'error' in reply) return;
        setSession(reply.data);
      });
      void flush();
    };
    socket.on('connect', onConnect);
    if (socket.connected) onConnect();
    return () => {
      socket.off('connect', onConnect);
    };
  }, [socket, flush]);

  const submit: SubmitCommand = (name, input, label) => {
    const commandId = crypto.randomUUID();
    queue.add({ commandId, name, input: { ...input, commandId, device }, label, queuedAt: Date.now() });
    setQueued(queue.list());
    void flush();
  };

  const stale = boards.length === 0 ? !connected : boards.some((board) => isStale(board, connected, now));
  const offset = boards[0]?.clockOffsetMs ?? 0;
  const serverNow = now + offset;
  const mayAct = session?.mayAct ?? false;
  const everyAlert = boards.flatMap((board) => board.alerts);
  const { escalations, prompts } = splitPrompts(everyAlert);
  escalations.sort(byUrgency);
  const charts = boards.flatMap((board) => board.charts);
  const wardName = new Map(boards.map((board) => [board.wardId, board.wardName]));
  const manyWards = boards.length > 1;
  const pending = (alertId: string) =>
    queued.some((command) => 'alertId' in command.input && command.input.alertId === alertId);
  const lastHeard = Math.min(...boards.map((board) => board.lastHeardAt));
  const title =
    boards.length === 1
      ? (boards[0]?.wardName ?? 'Beacon')
      : boards.length > 1
        ? `${boards.length} wards`
        : 'Beacon';

  return (
    <div class="handheld">
      <header class="handheld-header">
        <h1>{title}</h1>
        <ConnectionState connected={connected} stale={stale} behind={scoringBehind(boards) !== null} />
        {currentSession() ? (
          <button type="button" class="sign-out" data-testid="sign-out" onClick={() => void signOut()}>
            Sign out
          </button>
        ) : null}
      </header>
      <div class="screen-notices" data-testid="screen-notices">
        <ScoringBehindBanner seconds={scoringBehind(boards)} />
        {stale && boards.length > 0 ? <StaleOverlay since={lastHeard} blocking={false} /> : null}
        {boards.length > 0 ? (
          <UnverifiedBanner
            charts={uniqueCharts(
              boards.flatMap((board) => chartsInUse(board.charts, board.beds, board.alerts)),
            )}
            mode={boards[0]?.clinicalMode ?? 'live'}
          />
        ) : null}
        {problem ? <Problem text={problem} /> : null}
      </div>
      {mayAct && boards.length > 0 ? (
        <div class="handheld-actions">
          <button
            type="button"
            class="button button-concern"
            aria-expanded={concernOpen}
            aria-controls="concern-form"
            onClick={() => setConcernOpen(!concernOpen)}
            data-testid="raise-concern"
          >
            ✚ Raise a concern
          </button>
        </div>
      ) : null}
      {mayAct && concernOpen ? (
        <section class="concern" id="concern-form" aria-labelledby="concern-heading">
          <h2 id="concern-heading">Raise a concern</h2>
          <ConcernForm
            beds={boards.flatMap((board) =>
              board.beds.map((bed) => ({
                id: bed.patientId,
                label: `${manyWards ? `${board.wardName}: ` : ''}${bed.bed ?? 'No bed'} · ${bed.initials}`,
              })),
            )}
            selected={concernFor}
            onSelect={setConcernFor}
            onSubmit={(patientId, label, note) => {
              submit('concern:raise', { patientId, ...(note ? { note } : {}) }, `Concern for ${label}`);
              setConcernOpen(false);
            }}
          />
        </section>
      ) : null}
      <section class="action-status" aria-live="polite" data-testid="action-status">
        {queued.length > 0 ? (
          <p class="queued" data-testid="queued">
            ⏳ {queued.length} action{queued.length === 1 ? '' : 's'} waiting for Beacon
            {connected ? '…' : ' — will be sent when the connection is back'}:{' '}
            {queued.map((command) => command.label).join('; ')}
          </p>
        ) : null}
        {last ? (
          <p class={last.outcome === 'confirmed' ? 'confirmed' : 'refused'} data-testid="last-action">
            {last.outcome === 'confirmed' ? '✓ ' : '✖ '}
            {last.label}: {last.detail} ({clock(last.at)})
          </p>
        ) : null}
      </section>
      <main>
        <h2>
          Open alerts <span class="count">{escalations.length}</span>
        </h2>
        {boards.length > 0 && escalations.length === 0 ? <p class="quiet">No open alerts.</p> : null}
        <ul class="cards" data-testid="alert-list">
          {escalations.map((alert) => (
            <AlertCard
              key={alert.id}
              alert={alert}
              look={alertLook(alert, charts)}
              ward={manyWards ? (wardName.get(alert.wardId ?? '') ?? null) : null}
              now={serverNow}
              mayAct={mayAct}
              pending={pending(alert.id)}
              reasons={session?.notRequiredReasons ?? []}
              onCommand={submit}
            />
          ))}
        </ul>
        {boards.length > 0 ? (
          <PromptPanel
            prompts={prompts}
            {...(mayAct ? { onCommand: (input, label) => submit('prompt:outcome', input, label) } : {})}
            pending={pending}
            reasons={session?.promptNotDoneReasons ?? []}
          />
        ) : null}
      </main>
    </div>
  );
}

function uniqueCharts(charts: readonly BoardChart[]): BoardChart[] {
  return [...new Map(charts.map((chart) => [chart.id, chart])).values()];
}

function describe(command: QueuedCommand, reply: CommandReply<unknown>): LastAction {
  if ('error' in reply)
    return { label: command.label, outcome: 'refused', detail: `not done — ${reply.error}`, at: Date.now() };
  const alert = reply.data as Partial<AlertView>;
  const detail = alert.state ? `confirmed by Beacon (${humanise(alert.state)})` : 'confirmed by Beacon';
  return { label: command.label, outcome: 'confirmed', detail, at: Date.now() };
}

function AlertCard(props: {
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
        <div class="respond" role="group" aria-label={`Respond to ${who}`}>
          {alert.state === 'acknowledged' ? (
            <button type="button" class="button" disabled={pending} onClick={() => respond('attending')}>
              Attending
            </button>
          ) : null}
          <button type="button" class="button" disabled={pending} onClick={() => respond('escalating')}>
            Escalating
          </button>
          {/* Once someone is attending, "not required" is no longer a choice: the person there decides. */}
          {alert.state === 'acknowledged' ? (
            <button type="button" class="button" disabled={pending} onClick={() => setChoosingReason(true)}>
              Not required
            </button>
          ) : null}
        </div>
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

function ConcernForm(props: {
  beds: readonly { id: string; label: string }[];
  selected: string | null;
  onSelect: (patientId: string | null) => void;
  onSubmit: (patientId: string, label: string, note: string) => void;
}) {
  const { beds, selected, onSelect, onSubmit } = props;
  const [note, setNote] = useState('');
  const bed = beds.find((candidate) => candidate.id === selected);
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (!bed) return;
        onSubmit(bed.id, bed.label, note.trim());
        setNote('');
        onSelect(null);
      }}
    >
      <label>
        Patient{' '}
        <select
          value={selected ?? ''}
          onChange={(event) => onSelect((event.target as HTMLSelectElement).value || null)}
        >
          <option value="">Choose a bed</option>
          {beds.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        What worries you or the family? (optional)
        <textarea
          value={note}
          maxLength={2000}
          rows={2}
          onInput={(event) => setNote((event.target as HTMLTextAreaElement).value)}
        />
      </label>
      <button type="submit" class="button button-primary" disabled={!bed}>
        Raise concern
      </button>
    </form>
  );
}
