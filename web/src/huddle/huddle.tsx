import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { HuddleEscalators } from '../../../src/contracts/huddle.view';
import type { AlertView, BedTile, SessionInfo } from '../../../src/contracts/events';
import { ApiProblem, apiJson } from '../shared/api';
import type { Board } from '../shared/board-state';
import { byUrgency, isStale, scoringBehind } from '../shared/board-state';
import type { WardSocket } from '../shared/send';
import { send } from '../shared/send';
import { clock, elapsed, patientLabel, stopwatch } from '../shared/format';
import type { LevelLook } from '../shared/levels';
import { alertLook, attendance, stepNumber } from '../shared/levels';
import { promptKinds, splitPrompts } from '../shared/prompts';
import { BoardNotices, ConnectionState, Problem } from '../shared/screen-parts';
import { useWardBoards } from '../shared/use-ward-board';

const COORDINATING = new Set(['coordinator', 'admin']);
/** Patients on no configured ward: shown only when something is open for them. */
const UNASSIGNED = 'unassigned';
const REFRESH_ESCALATORS_MS = 30_000;

/**
 * The coordinator's huddle view: every ward she covers on one screen — open escalations by level, the oldest
 * unacknowledged, overdue observations, concerns, prompts due and who escalated today. Live over the socket;
 * prints on paper for the safety huddle.
 */
export function Huddle({ socket, token }: { socket: WardSocket; token: string }) {
  const session = useSessionInfo(socket);
  const allowed = session ? COORDINATING.has(session.user.role) : false;
  const wardIds = useMemo(
    () => (allowed ? (session?.wards ?? []).map((ward) => ward.id) : []),
    [session, allowed],
  );
  const { boards, connected, problem, now } = useWardBoards(socket, wardIds, () => undefined);
  const { escalators, restProblem } = useEscalatedToday(token, allowed, wardIds, boards);

  useEffect(() => {
    document.title = 'Huddle · Beacon';
  }, []);

  const stale = boards.length === 0 ? !connected : boards.some((board) => isStale(board, connected, now));
  const serverNow = now + (boards[0]?.clockOffsetMs ?? 0);
  const shown = boards.filter((board) => board.wardId !== UNASSIGNED || board.alerts.length > 0);

  if (session && !allowed)
    return (
      <main class="sign-in">
        <h1>Huddle</h1>
        <Problem
          text={`The huddle view is for ward coordinators; you are signed in as ${session.user.role}.`}
        />
      </main>
    );

  return (
    <div class="huddle">
      <header class="huddle-header">
        <h1>Huddle</h1>
        <span class="huddle-when">
          {session ? `${session.user.name} · ` : ''}
          {clock(serverNow)}
        </span>
        <ConnectionState connected={connected} stale={stale} behind={scoringBehind(boards) !== null} />
        <button type="button" class="button no-print" onClick={() => window.print()}>
          Print
        </button>
      </header>
      <BoardNotices boards={boards} stale={stale} problem={problem}>
        {restProblem ? <Problem text={`Who escalated today: ${restProblem}`} /> : null}
      </BoardNotices>
      <main class="huddle-wards" data-testid="huddle-wards">
        {shown.map((board) => (
          <WardSummary
            key={board.wardId}
            board={board}
            now={serverNow}
            escalators={escalators?.wards.find((ward) => ward.wardId === board.wardId)?.staff ?? null}
          />
        ))}
      </main>
    </div>
  );
}

/** Who is signed in, asked again on every (re)connect. */
function useSessionInfo(socket: WardSocket): SessionInfo | null {
  const [session, setSession] = useState<SessionInfo | null>(null);
  useEffect(() => {
    const onConnect = () => {
      void send(socket, 'session:info', {}).then((reply) => {
        if (reply !== 'no-answer' && 'data' in reply) setSession(reply.data);
      });
    };
    socket.on('connect', onConnect);
    if (socket.connected) onConnect();
    return () => {
      socket.off('connect', onConnect);
    };
  }, [socket]);
  return session;
}

/** Who escalated today is in the audit trail, not on the boards: fetched again whenever an alert changes. */
function useEscalatedToday(
  token: string,
  allowed: boolean,
  wardIds: readonly string[],
  boards: readonly Board[],
): { escalators: HuddleEscalators | null; restProblem: string | null } {
  const [escalators, setEscalators] = useState<HuddleEscalators | null>(null);
  const [restProblem, setRestProblem] = useState<string | null>(null);
  const alertsKey = boards
    .flatMap((board) => board.alerts.map((alert) => `${alert.id}:${alert.updatedAt}`))
    .join(',');
  const configured = wardIds.filter((wardId) => wardId !== UNASSIGNED);
  useEffect(() => {
    if (!allowed || configured.length === 0) return;
    const query = configured.map((wardId) => `ward=${encodeURIComponent(wardId)}`).join('&');
    const fetchEscalators = () =>
      apiJson<HuddleEscalators>(`/api/huddle/escalated-today?${query}`, token).then(
        (answer) => {
          setEscalators(answer);
          setRestProblem(null);
        },
        (error: unknown) => setRestProblem(error instanceof ApiProblem ? error.message : String(error)),
      );
    void fetchEscalators();
    // A response changes no alert's place on the boards but may change who escalated: look again now and then.
    const timer = setInterval(() => void fetchEscalators(), REFRESH_ESCALATORS_MS);
    return () => clearInterval(timer);
  }, [allowed, configured.join(','), alertsKey, token]);
  return { escalators, restProblem };
}

type Escalators = HuddleEscalators['wards'][number]['staff'];

function WardSummary({
  board,
  now,
  escalators,
}: {
  board: Board;
  now: number;
  escalators: Escalators | null;
}) {
  const { escalations, prompts } = splitPrompts(board.alerts);
  escalations.sort(byUrgency);
  const concerns = escalations.filter((alert) => alert.kind === 'concern');
  const headingId = `ward-${board.wardId}`;
  return (
    <section
      class="huddle-ward"
      aria-labelledby={headingId}
      data-testid="huddle-ward"
      data-ward-id={board.wardId}
    >
      <h2 id={headingId}>
        {board.wardName}{' '}
        <span class="quiet">
          · {board.beds.length} {board.beds.length === 1 ? 'bed' : 'beds'}
        </span>
      </h2>
      <dl class="huddle-facts">
        <dt>Open escalations</dt>
        <dd class="huddle-levels" data-testid="by-level">
          <LevelCounts levels={levelsOf(escalations, board)} />
        </dd>
        <dt>Oldest unacknowledged</dt>
        <dd data-testid="oldest-unacknowledged">
          <OldestUnacknowledged escalations={escalations} now={now} />
        </dd>
        <dt>Observations overdue</dt>
        <dd data-testid="overdue">
          <OverdueBeds beds={board.beds} escalations={escalations} now={now} />
        </dd>
        <dt>Concerns raised</dt>
        <dd data-testid="concerns">
          <ListOrNone
            items={concerns}
            keyOf={(alert) => alert.id}
            render={(alert) => (
              <>
                {patientLabel(alert)}: {attendance(alert)}
              </>
            )}
          />
        </dd>
        <dt>Prompts due</dt>
        <dd data-testid="prompts-due">
          {prompts.length === 0 ? (
            <span class="quiet">None</span>
          ) : (
            <>
              {prompts.length}:{' '}
              {promptKinds(prompts)
                .map((kind) => `${kind.title} ${kind.count}`)
                .join(' · ')}
            </>
          )}
        </dd>
        <dt>Escalated today</dt>
        <dd data-testid="escalated-today">
          <EscalatedToday escalators={escalators} />
        </dd>
      </dl>
    </section>
  );
}

/** Beds whose observations are overdue (by the board or an open overdue alert), with the time since the last set. */
function OverdueBeds(props: { beds: readonly BedTile[]; escalations: readonly AlertView[]; now: number }) {
  const { beds, escalations, now } = props;
  const overdueBeds = beds.filter(
    (bed) =>
      bed.overdue ||
      escalations.some((alert) => alert.kind === 'overdue' && alert.patient?.id === bed.patientId),
  );
  return (
    <ListOrNone
      items={overdueBeds}
      keyOf={(bed) => bed.patientId}
      render={(bed) => (
        <>
          {bed.bed ?? 'No bed'} · {bed.initials}:{' '}
          {bed.latest ? `${elapsed(bed.latest.effectiveAt, now)} since the last set` : 'no set yet'}
        </>
      )}
    />
  );
}

function OldestUnacknowledged({ escalations, now }: { escalations: readonly AlertView[]; now: number }) {
  const oldest = escalations
    .filter((alert) => alert.state === 'raised')
    .sort((a, b) => a.raisedAt.localeCompare(b.raisedAt))[0];
  if (!oldest) return <span class="quiet">None</span>;
  return (
    <>
      <strong>{patientLabel(oldest)}</strong>: {oldest.title} · not acknowledged{' '}
      {stopwatch(oldest.raisedAt, now)} · Step {stepNumber(oldest.escalation.step)}:{' '}
      {oldest.escalation.withRole}
    </>
  );
}

function LevelCounts({ levels }: { levels: readonly { look: LevelLook; count: number }[] }) {
  if (levels.length === 0) return <span class="quiet">None</span>;
  return (
    <>
      {levels.map(({ look, count }) => (
        <span
          key={look.key + look.word}
          class={`level level-${look.key}`}
          style={{ backgroundColor: look.fill, color: look.ink }}
          data-testid="level-count"
        >
          <span aria-hidden="true">{look.shape}</span> {look.word} {count}
        </span>
      ))}
    </>
  );
}

function ListOrNone<T>(props: {
  items: readonly T[];
  keyOf: (item: T) => string;
  render: (item: T) => ComponentChildren;
}) {
  const { items, keyOf, render } = props;
  if (items.length === 0) return <span class="quiet">None</span>;
  return (
    <ul>
      {items.map((item) => (
        <li key={keyOf(item)}>{render(item)}</li>
      ))}
    </ul>
  );
}

function EscalatedToday({ escalators }: { escalators: Escalators | null }) {
  if (escalators === null) return <span class="quiet">—</span>;
  if (escalators.length === 0) return <span class="quiet">Nobody yet</span>;
  return (
    <ul>
      {escalators.map((person) => (
        <li key={person.name + person.role}>
          {person.name}
          {person.role ? ` (${person.role})` : ''}: {countText(person.concerns, 'concern')}
          {person.concerns > 0 && person.escalations > 0 ? ', ' : ''}
          {countText(person.escalations, 'escalation')}, last at {clock(Date.parse(person.lastAt))}
        </li>
      ))}
    </ul>
  );
}

function countText(count: number, noun: string): string {
  return count === 0 ? '' : `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Open escalations counted per level, most urgent level first. */
function levelsOf(escalations: readonly AlertView[], board: Board): { look: LevelLook; count: number }[] {
  const levels = new Map<string, { look: LevelLook; count: number; severity: number }>();
  for (const alert of escalations) {
    const look = alertLook(alert, board.charts);
    const key = `${look.key}:${look.word}`;
    const entry = levels.get(key) ?? { look, count: 0, severity: alert.severity };
    levels.set(key, { ...entry, count: entry.count + 1, severity: Math.min(entry.severity, alert.severity) });
  }
  return [...levels.values()].sort((a, b) => a.severity - b.severity);
}
