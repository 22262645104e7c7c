import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { AlertView, BedTile, BoardChart } from '../../../src/contracts/events';
import { isStale, scoringBehind } from '../shared/board-state';
import { Chime } from '../shared/chime';
import type { WardSocket } from '../shared/send';
import { ago, clock, dueOf, patientLabel, riskOf, stopwatch, trendOf } from '../shared/format';
import type { LevelLook, TileState } from '../shared/levels';
import { alertLook, attendance, chartsInUse, gridFor, tileState } from '../shared/levels';
import { PromptPanel, splitPrompts } from '../shared/prompts';
import {
  ConnectionState,
  Problem,
  ScoringBehindBanner,
  StaleOverlay,
  StepOrAttending,
  UnverifiedBanner,
} from '../shared/screen-parts';
import { useWardBoard } from '../shared/use-ward-board';

const MUTED_KEY = 'beacon.display.muted';

/** The ward display: every bed at a glance and the alerts that need someone, legible from across the room. */
export function WardDisplay({ socket, wardId }: { socket: WardSocket; wardId: string }) {
  const sound = useSound();
  const [flash, setFlash] = useState<ReadonlySet<string>>(new Set());

  const { board, connected, problem, now } = useWardBoard(socket, wardId, (alerts) => {
    sound.play();
    setFlash(new Set(alerts.map((alert) => alert.id)));
    setTimeout(() => setFlash(new Set()), 10_000);
  });

  useEffect(() => {
    document.title = board ? `${board.wardName} · Beacon` : 'Ward display · Beacon';
  }, [board?.wardName]);

  const serverNow = now + (board?.clockOffsetMs ?? 0);
  const stale = isStale(board, connected, now);
  const { escalations, prompts } = splitPrompts(board?.alerts ?? []);

  return (
    <div class={`display${stale ? ' is-stale' : ''}`}>
      <header class="display-header">
        <h1>{board?.wardName ?? wardId}</h1>
        <span class="clock" aria-label="Time">
          {clock(serverNow)}
        </span>
        <ConnectionState connected={connected} stale={stale} behind={scoringBehind([board]) !== null} />
        <button
          type="button"
          class="button"
          aria-pressed={sound.on}
          onClick={sound.onButton}
          data-testid="sound"
        >
          {sound.label}
        </button>
      </header>
      <div class="screen-notices" data-testid="screen-notices">
        <ScoringBehindBanner seconds={scoringBehind([board])} />
        {board ? (
          <UnverifiedBanner
            charts={chartsInUse(board.charts, board.beds, board.alerts)}
            mode={board.clinicalMode}
          />
        ) : null}
        {problem ? <Problem text={problem} /> : null}
      </div>
      <main class="display-main">
        <div class="display-lists">
          <EscalationList
            escalations={escalations}
            shown={board !== null}
            charts={board?.charts ?? []}
            now={serverNow}
            flash={flash}
          />
          {board ? <PromptPanel prompts={prompts} /> : null}
        </div>
        <BedGrid
          beds={board?.beds ?? []}
          escalations={escalations}
          charts={board?.charts ?? []}
          now={serverNow}
        />
      </main>
      {stale ? <StaleOverlay since={board?.lastHeardAt ?? null} /> : null}
    </div>
  );
}

/**
 * The display's chime for a new escalation. One button: browsers allow sound only after a click, so the first click
 * enables it, later ones mute and unmute (remembered on this display).
 */
function useSound() {
  const chime = useMemo(() => new Chime(), []);
  const [muted, setMuted] = useState(() => localStorage.getItem(MUTED_KEY) === 'true');
  const [soundReady, setSoundReady] = useState(false);
  const mutedRef = useRef(muted);
  mutedRef.current = muted;
  const setMutedAndRemember = (value: boolean) => {
    localStorage.setItem(MUTED_KEY, String(value));
    setMuted(value);
  };
  const onButton = () => {
    if (muted || !soundReady) {
      setMutedAndRemember(false);
      void chime.unlock().then(() => setSoundReady(chime.ready));
    } else setMutedAndRemember(true);
  };
  return {
    play: () => {
      if (!mutedRef.current) chime.play();
    },
    on: !muted && soundReady,
    label: muted ? 'Sound off' : soundReady ? 'Sound on' : 'Click to enable sound',
    onButton,
  };
}

/** The escalations, most urgent first, as many as fit; the rest counted. `shown`: the board has arrived. */
function EscalationList(props: {
  escalations: readonly AlertView[];
  shown: boolean;
  charts: readonly BoardChart[];
  now: number;
  flash: ReadonlySet<string>;
}) {
  const { escalations, shown, charts, now, flash } = props;
  const shownAlerts = escalations.slice(0, MAX_ALERT_ROWS);
  return (
    <section class="alerts" aria-labelledby="alerts-heading">
      <h2 id="alerts-heading">
        Escalations <span class="count">{escalations.length}</span>
      </h2>
      {shown && escalations.length === 0 ? <p class="quiet">No open escalations.</p> : null}
      <ol class="alert-list" data-testid="alert-list">
        {shownAlerts.map((alert) => (
          <AlertRow key={alert.id} alert={alert} charts={charts} now={now} flash={flash.has(alert.id)} />
        ))}
      </ol>
      {escalations.length > shownAlerts.length ? (
        <p class="more" data-testid="more-alerts">
          + {escalations.length - shownAlerts.length} more — see the beds
        </p>
      ) : null}
    </section>
  );
}

function BedGrid(props: {
  beds: readonly BedTile[];
  escalations: readonly AlertView[];
  charts: readonly BoardChart[];
  now: number;
}) {
  const { beds, escalations, charts, now } = props;
  const grid = gridFor(beds.length);
  return (
    <section class="beds" aria-labelledby="beds-heading">
      <h2 id="beds-heading" class="visually-hidden">
        Beds
      </h2>
      <ul
        class="bed-grid"
        data-testid="bed-grid"
        style={{
          gridTemplateColumns: `repeat(${grid.columns}, minmax(0, 1fr))`,
          gridTemplateRows: `repeat(${grid.rows}, minmax(0, 1fr))`,
        }}
      >
        {beds.map((tile) => (
          <BedTileView
            key={tile.patientId}
            tile={tile}
            state={tileState(tile, escalations, charts, now)}
            charts={charts}
            now={now}
          />
        ))}
      </ul>
    </section>
  );
}

/** Rows of the alert list that fit beside the beds at 1080p; the rest are counted, and every bed shows its own. */
const MAX_ALERT_ROWS = 7;

function Timer({ alert, now }: { alert: AlertView; now: number }) {
  const unacknowledged = alert.state === 'raised';
  return (
    <span class={`timer${unacknowledged ? ' timer-urgent' : ''}`} data-testid="timer">
      {unacknowledged
        ? `not acknowledged ${stopwatch(alert.raisedAt, now)}`
        : `open ${stopwatch(alert.raisedAt, now)}`}
    </span>
  );
}

function LevelBadge({ look }: { look: LevelLook }) {
  return (
    <span
      class={`level level-${look.key}`}
      style={{ backgroundColor: look.fill, color: look.ink }}
      data-testid="level"
    >
      <span aria-hidden="true" class="level-shape">
        {look.shape}
      </span>{' '}
      {look.word}
    </span>
  );
}

function AlertRow({
  alert,
  charts,
  now,
  flash,
}: {
  alert: AlertView;
  charts: readonly BoardChart[];
  now: number;
  flash: boolean;
}) {
  const look = alertLook(alert, charts);
  const unacknowledged = alert.state === 'raised';
  return (
    <li
      class={`alert-row${unacknowledged ? ' unacknowledged' : ''}${flash ? ' flash' : ''}`}
      style={{ borderLeftColor: look.fill }}
      data-testid="alert"
      data-alert-id={alert.id}
      data-state={alert.state}
      data-level={look.key}
    >
      <div class="alert-who">
        <LevelBadge look={look} />
        <span class="alert-patient">{patientLabel(alert)}</span>
        {alert.total !== null && alert.kind === 'deterioration' ? (
          <span class="alert-total">{alert.total}</span>
        ) : null}
      </div>
      <div class="alert-what">
        <strong>{alert.title}</strong>
        {alert.improved ? <span class="tag">Improved since</span> : null}
      </div>
      <div class="alert-state">
        <Timer alert={alert} now={now} /> <StepOrAttending alert={alert} />
      </div>
      {alert.response ? (
        <div class="alert-response">
          {alert.response.who}
          {alert.response.reviewWithinMinutes !== null
            ? ` · review within ${alert.response.reviewWithinMinutes} min`
            : ''}
          {alert.response.verification !== 'verified' ? ' (unverified)' : ''}
        </div>
      ) : null}
    </li>
  );
}

function BedTileView({
  tile,
  state,
  charts,
  now,
}: {
  tile: BedTile;
  state: TileState;
  charts: readonly BoardChart[];
  now: number;
}) {
  const chart = charts.find((candidate) => candidate.id === tile.chartId);
  const alerting = state.kind === 'alert';
  const look = alerting ? state.look : null;
  return (
    <li
      class={`tile${alerting ? ' tile-alerting' : ''}${alerting && state.alert.state === 'raised' ? ' tile-unacknowledged' : ''}`}
      style={look ? { backgroundColor: look.fill, color: look.ink } : {}}
      data-testid="bed"
      data-patient-id={tile.patientId}
      data-state={alerting ? state.alert.kind : state.kind}
      data-level={look?.key ?? ''}
      aria-label={`${tile.bed ?? 'No bed'}, ${tile.initials}`}
    >
      <div class="tile-top">
        <span class="tile-bed">{tile.bed ?? 'No bed'}</span>
        <a
          class="tile-initials"
          href={`/patient/${encodeURIComponent(tile.patientId)}`}
          title="Observation chart"
        >
          {tile.initials}
        </a>
        <span class="tile-chart" title={chart?.title}>
          {chart?.name ?? '—'}
        </span>
        {tile.group === 'newborn' ? (
          <a class="tile-passport" href={`/passport/${encodeURIComponent(tile.patientId)}`}>
            Passport
          </a>
        ) : null}
      </div>
      {alerting && look ? (
        <AlertingTile tile={tile} state={state} look={look} now={now} />
      ) : (
        <QuietTile tile={tile} charts={charts} now={now} />
      )}
    </li>
  );
}

/** The worst open state, filled in its level's colour: the score, "Obs overdue 5 h 31 min" or "Concern". */
function AlertingTile({
  tile,
  state,
  look,
  now,
}: {
  tile: BedTile;
  state: Extract<TileState, { kind: 'alert' }>;
  look: LevelLook;
  now: number;
}) {
  const { alert } = state;
  return (
    <>
      <div class="tile-level">
        <span class="tile-shape" aria-hidden="true">
          {look.shape}
        </span>
        {alert.kind === 'deterioration' ? (
          <>
            <span class="tile-headline score" data-testid="score">
              {state.headline}
            </span>
            <span class="tile-word">{look.word}</span>
          </>
        ) : alert.kind === 'overdue' ? (
          <span class="tile-word tile-overdue-text" data-testid="overdue">
            {look.word} {state.headline}
          </span>
        ) : (
          <span class="tile-word tile-word-big">{look.word}</span>
        )}
      </div>
      <div class="tile-foot">
        {alert.id.startsWith('overdue-') ? null : alert.state === 'raised' ? (
          <Timer alert={alert} now={now} />
        ) : (
          <span class="attending" data-testid="attending">
            {attendance(alert)}
          </span>
        )}
        {alert.kind !== 'overdue' && tile.latest ? (
          <span>Last set {ago(tile.latest.effectiveAt, now)}</span>
        ) : null}
      </div>
    </>
  );
}

/** No open escalation: the latest score, smaller, with its level word and shape, and when the next set is due. */
function QuietTile({ tile, charts, now }: { tile: BedTile; charts: readonly BoardChart[]; now: number }) {
  if (!tile.latest)
    return (
      <div class="tile-score quiet">
        {tile.unscoredSince
          ? `Observations received ${ago(tile.unscoredSince, now)}, not scored yet`
          : 'No observations yet'}
      </div>
    );
  const risk = riskOf(charts, tile.chartId, tile.latest.clinicalRisk);
  const trend = trendOf(tile);
  const due = dueOf(tile, now);
  return (
    <>
      <div class="tile-score">
        <span class="score score-quiet" data-testid="score">
          {tile.latest.total}
        </span>
        <span class="risk">
          <span aria-hidden="true">{risk.symbol}</span> {risk.label}
        </span>
        {trend ? (
          <span class="trend" title={trend.text}>
            <span aria-hidden="true">{trend.symbol}</span>
            <span class="visually-hidden">{trend.text}</span>
          </span>
        ) : null}
      </div>
      <div class="tile-foot">
        <span>Last set {ago(tile.latest.effectiveAt, now)}</span>
        {!tile.latest.complete ? <span class="tag">Incomplete</span> : null}
        {due ? <span>{due.text}</span> : null}
      </div>
    </>
  );
}
