import { useMemo } from 'preact/hooks';
import type { AlertView, SessionInfo } from '../../../src/contracts/events';
import type { Board } from '../shared/board-state';
import { byUrgency, isStale, scoringBehind } from '../shared/board-state';
import type { QueuedCommand } from '../shared/command-queue';
import { currentSession, signOut } from '../shared/connection';
import { clock } from '../shared/format';
import { alertLook } from '../shared/levels';
import { PromptPanel, splitPrompts } from '../shared/prompts';
import type { WardSocket } from '../shared/send';
import { BoardNotices, ConnectionState } from '../shared/screen-parts';
import { useWardBoards } from '../shared/use-ward-board';
import { AlertCard } from './alert-card';
import { RaiseConcern } from './concern';
import type { LastAction, SubmitCommand } from './use-handheld-session';
import { useHandheldSession } from './use-handheld-session';

/**
 * The midwife's handheld: one list of the open alerts of every ward she covers, most urgent first (level, then
 * waiting time); acknowledge in one tap, then respond; raise a concern from the top. Every action waits for Beacon's
 * confirmation; without a connection it is queued on the device and sent (once) on reconnect.
 */
export function Handheld({ socket, device }: { socket: WardSocket; device: string }) {
  const { session, queued, last, submit } = useHandheldSession(socket, device);
  const wardIds = useMemo(() => (session?.wards ?? []).map((ward) => ward.id), [session]);
  const { boards, connected, problem, now } = useWardBoards(socket, wardIds, () => navigator.vibrate?.(200));

  const stale = boards.length === 0 ? !connected : boards.some((board) => isStale(board, connected, now));
  const mayAct = session?.mayAct ?? false;
  const manyWards = boards.length > 1;
  const pending = (alertId: string) =>
    queued.some((command) => 'alertId' in command.input && command.input.alertId === alertId);
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
      <BoardNotices boards={boards} stale={stale} problem={problem} />
      <RaiseConcern boards={boards} mayAct={mayAct} manyWards={manyWards} onCommand={submit} />
      <ActionStatus queued={queued} last={last} connected={connected} />
      <AlertList
        boards={boards}
        session={session}
        now={now + (boards[0]?.clockOffsetMs ?? 0)}
        pending={pending}
        onCommand={submit}
      />
    </div>
  );
}

/** What is waiting to be sent, and Beacon's answer to the last action. */
function ActionStatus(props: {
  queued: readonly QueuedCommand[];
  last: LastAction | null;
  connected: boolean;
}) {
  const { queued, last, connected } = props;
  return (
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
  );
}

/** Every ward's open alerts in one list, most urgent first, then the prompts. `now` is Beacon's clock. */
function AlertList(props: {
  boards: readonly Board[];
  session: SessionInfo | null;
  now: number;
  pending: (alertId: string) => boolean;
  onCommand: SubmitCommand;
}) {
  const { boards, session, now, pending, onCommand } = props;
  const mayAct = session?.mayAct ?? false;
  const { escalations, prompts } = splitPrompts(boards.flatMap((board) => board.alerts));
  escalations.sort(byUrgency);
  const charts = boards.flatMap((board) => board.charts);
  const wardName = new Map(boards.map((board) => [board.wardId, board.wardName]));
  const wardOf = (alert: AlertView) =>
    boards.length > 1 ? (wardName.get(alert.wardId ?? '') ?? null) : null;
  return (
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
            ward={wardOf(alert)}
            now={now}
            mayAct={mayAct}
            pending={pending(alert.id)}
            reasons={session?.notRequiredReasons ?? []}
            onCommand={onCommand}
          />
        ))}
      </ul>
      {boards.length > 0 ? (
        <PromptPanel
          prompts={prompts}
          {...(mayAct ? { onCommand: (input, label) => onCommand('prompt:outcome', input, label) } : {})}
          pending={pending}
          reasons={session?.promptNotDoneReasons ?? []}
        />
      ) : null}
    </main>
  );
}
