import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { AlertView, CommandReply, SessionInfo } from '../../../src/gateway/events';
import { isStale } from '../shared/board-state';
import type { QueuedCommand } from '../shared/command-queue';
import { CommandQueue, drain } from '../shared/command-queue';
import type { WardSocket } from '../shared/connection';
import { currentSession, send, signOut } from '../shared/connection';
import { clock, humanise, patientLabel, stateText, stopwatch } from '../shared/format';
import { PromptList, splitPrompts } from '../shared/prompts';
import { ReasonForm } from '../shared/reason-form';
import { ConnectionState, Problem, StaleOverlay, UnverifiedBanner } from '../shared/screen-parts';
import { useWardBoard } from '../shared/use-ward-board';

interface LastAction {
  readonly label: string;
  readonly outcome: 'confirmed' | 'refused';
  readonly detail: string;
  readonly at: number;
}

/**
 * The midwife's handheld: her ward's open alerts, acknowledge in one tap, then respond; raise a concern. Every action
 * waits for Beacon's confirmation; without a connection it is queued on the device and sent (once) on reconnect.
 */
export function Handheld({ socket, device }: { socket: WardSocket; device: string }) {
  const queue = useMemo(() => new CommandQueue(localStorage), []);
  const [session, setSession] = useState<SessionInfo | null>(null);
  const [wardId, setWardId] = useState<string | null>(null);
  const [queued, setQueued] = useState<readonly QueuedCommand[]>(() => queue.list());
  const [last, setLast] = useState<LastAction | null>(null);
  const [concernFor, setConcernFor] = useState<string | null>(null);
  const { board, connected, problem, now } = useWardBoard(socket, wardId, () => navigator.vibrate?.(200));

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
      void send<SessionInfo>(socket, 'session:info', {}).then((reply) => {
        if (reply === 'no-answer' || 'error' in reply) return;
        setSession(reply.data);
        setWardId((current) => current ?? reply.data.wards[0]?.id ?? null);
      });
      void flush();
    };
    socket.on('connect', onConnect);
    if (socket.connected) onConnect();
    return () => {
      socket.off('connect', onConnect);
    };
  }, [socket, flush]);

  const submit = (name: QueuedCommand['name'], input: Record<string, unknown>, label: string) => {
    const commandId = crypto.randomUUID();
    queue.add({ commandId, name, input: { ...input, commandId, device }, label, queuedAt: Date.now() });
    setQueued(queue.list());
    void flush();
  };

  const stale = isStale(board, connected, now);
  const serverNow = now + (board?.clockOffsetMs ?? 0);
  const mayAct = session?.mayAct ?? false;
  const { escalations, prompts } = splitPrompts(board?.alerts ?? []);
  const pending = (alertId: string) => queued.some((command) => command.input.alertId === alertId);

  return (
    <div class="handheld">
      <header class="handheld-header">
        <h1>{board?.wardName ?? 'Beacon'}</h1>
        <ConnectionState connected={connected} stale={stale} />
        {currentSession() ? (
          <button type="button" class="sign-out" data-testid="sign-out" onClick={() => void signOut()}>
            Sign out
          </button>
        ) : null}
      </header>
      {stale && board ? <StaleOverlay since={board.lastHeardAt} blocking={false} /> : null}
      {session && session.wards.length > 1 ? (
        <label class="ward-picker">
          Ward{' '}
          <select
            value={wardId ?? ''}
            onChange={(event) => setWardId((event.target as HTMLSelectElement).value)}
          >
            {session.wards.map((ward) => (
              <option key={ward.id} value={ward.id}>
                {ward.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {board ? <UnverifiedBanner charts={board.charts} mode={board.clinicalMode} /> : null}
      {problem ? <Problem text={problem} /> : null}
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
        {board && escalations.length === 0 ? <p class="quiet">No open alerts on this ward.</p> : null}
        <ul class="cards">
          {escalations.map((alert) => (
            <AlertCard
              key={alert.id}
              alert={alert}
              now={serverNow}
              mayAct={mayAct}
              pending={pending(alert.id)}
              reasons={session?.notRequiredReasons ?? []}
              onCommand={submit}
            />
          ))}
        </ul>
        {board ? (
          <PromptList
            prompts={prompts}
            {...(mayAct ? { onCommand: (input, label) => submit('prompt:outcome', input, label) } : {})}
            pending={pending}
            reasons={session?.promptNotDoneReasons ?? []}
          />
        ) : null}
        {mayAct && board ? (
          <section class="concern" aria-labelledby="concern-heading">
            <h2 id="concern-heading">Raise a concern</h2>
            <ConcernForm
              beds={board.beds.map((bed) => ({
                id: bed.patientId,
                label: `${bed.bed ?? 'No bed'} · ${bed.initials}`,
              }))}
              selected={concernFor}
              onSelect={setConcernFor}
              onSubmit={(patientId, label, note) =>
                submit('concern:raise', { patientId, ...(note ? { note } : {}) }, `Concern for ${label}`)
              }
            />
          </section>
        ) : null}
      </main>
    </div>
  );
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
  now: number;
  mayAct: boolean;
  pending: boolean;
  reasons: SessionInfo['notRequiredReasons'];
  onCommand: (name: QueuedCommand['name'], input: Record<string, unknown>, label: string) => void;
}) {
  const { alert, now, mayAct, pending, reasons, onCommand } = props;
  const [choosingReason, setChoosingReason] = useState(false);
  const who = patientLabel(alert);
  const respond = (response: string, extra: Record<string, unknown> = {}) =>
    onCommand('alert:respond', { alertId: alert.id, response, ...extra }, `${humanise(response)} for ${who}`);
  return (
    <li
      class={`card${alert.state === 'raised' ? ' unacknowledged' : ''}`}
      data-testid="alert"
      data-alert-id={alert.id}
      data-state={alert.state}
    >
      <div class="card-head">
        <strong>{who}</strong>
        <span class="alert-age">{stopwatch(alert.raisedAt, now)}</span>
      </div>
      <div>
        {alert.title} · {humanise(alert.level)}
      </div>
      <div class="card-state">{stateText(alert)}</div>
      {mayAct && alert.state === 'raised' ? (
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
          <button type="button" class="button" disabled={pending} onClick={() => setChoosingReason(true)}>
            Not required
          </button>
        </div>
      ) : null}
      {choosingReason ? (
        <ReasonForm
          question="Why is a response not required?"
          reasons={reasons}
          onConfirm={(reason) => {
            respond('not-required', { reason });
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
