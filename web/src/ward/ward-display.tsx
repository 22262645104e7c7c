import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { AlertView, BedTile, BoardChart } from '../../../src/gateway/events';
import { isStale } from '../shared/board-state';
import { Chime } from '../shared/chime';
import type { WardSocket } from '../shared/connection';
import {
  clock,
  dueOf,
  ago,
  humanise,
  patientLabel,
  riskOf,
  stateText,
  stopwatch,
  trendOf,
} from '../shared/format';
import { PromptList, splitPrompts } from '../shared/prompts';
import { ConnectionState, Problem, StaleOverlay, UnverifiedBanner } from '../shared/screen-parts';
import { useWardBoard } from '../shared/use-ward-board';

const MUTED_KEY = 'beacon.display.muted';

/** The ward display: every bed at a glance and the alerts that need someone, legible from across the room. */
export function WardDisplay({ socket, wardId }: { socket: WardSocket; wardId: string }) {
  const chime = useMemo(() => new Chime(), []);
  const [muted, setMuted] = useState(() => localStorage.getItem(MUTED_KEY) === 'true');
  const [soundReady, setSoundReady] = useState(false);
  const [flash, setFlash] = useState<ReadonlySet<string>>(new Set());
  const mutedRef = useRef(muted);
  mutedRef.current = muted;

  const { board, connected, problem, now } = useWardBoard(socket, wardId, (alerts) => {
    if (!mutedRef.current) chime.play();
    setFlash(new Set(alerts.map((alert) => alert.id)));
    setTimeout(() => setFlash(new Set()), 10_000);
  });

  useEffect(() => {
    document.title = board ? `${board.wardName} · Beacon` : 'Ward display · Beacon';
  }, [board?.wardName]);

  const serverNow = now + (board?.clockOffsetMs ?? 0);
  const stale = isStale(board, connected, now);
  const { escalations, prompts } = splitPrompts(board?.alerts ?? []);
  const setMutedAndRemember = (value: boolean) => {
    localStorage.setItem(MUTED_KEY, String(value));
    setMuted(value);
  };
  // One button: browsers allow sound only after a click, so the first click enables it, later ones mute/unmute.
  const onSoundButton = () => {
    if (muted || !soundReady) {
      setMutedAndRemember(false);
      void chime.unlock().then(() => setSoundReady(chime.ready));
    } else setMutedAndRemember(true);
  };
  const soundLabel = muted ? 'Sound off' : soundReady ? 'Sound on' : 'Click to enable sound';

  return (
    <div class={`display${stale ? ' is-stale' : ''}`}>
      <header class="display-header">
        <h1>{board?.wardName ?? wardId}</h1>
        <span class="clock" aria-label="Time">
          {clock(serverNow)}
        </span>
        <ConnectionState connected={connected} stale={stale} />
        <button
          type="button"
          class="button"
          aria-pressed={!muted && soundReady}
          onClick={onSoundButton}
          data-testid="sound"
        >
          {soundLabel}
        </button>
      </header>
      {board ? <UnverifiedBanner charts={board.charts} mode={board.clinicalMode} /> : null}
      {problem ? <Problem text={problem} /> : null}
      <main class="display-main">
        <div class="display-lists">
          <section class="alerts" aria-labelledby="alerts-heading">
            <h2 id="alerts-heading">
              Alerts <span class="count">{escalations.length}</span>
            </h2>
            {board && escalations.length === 0 ? <p class="quiet">No open alerts.</p> : null}
            <ol class="alert-list" data-testid="alert-list">
              {escalations.map((alert) => (
                <AlertRow
                  key={alert.id}
                  alert={alert}
                  charts={board?.charts ?? []}
                  now={serverNow}
                  flash={flash.has(alert.id)}
                />
              ))}
            </ol>
          </section>
          {board ? <PromptList prompts={prompts} /> : null}
        </div>
        <section class="beds" aria-labelledby="beds-heading">
          <h2 id="beds-heading" class="visually-hidden">
            Beds
          </h2>
          <ul class="bed-grid" data-testid="bed-grid">
            {board?.beds.map((tile) => (
              <BedTileView
                key={tile.patientId}
                tile={tile}
                charts={board.charts}
                now={serverNow}
                alerted={escalations.some(
                  (alert) => alert.patient?.id === tile.patientId && alert.state === 'raised',
                )}
              />
            ))}
          </ul>
        </section>
      </main>
      {stale ? <StaleOverlay since={board?.lastHeardAt ?? null} /> : null}
    </div>
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
  const risk = riskOf(charts, alert.chart?.id ?? null, alert.clinicalRisk);
  const unacknowledged = alert.state === 'raised';
  return (
    <li
      class={`alert-row${unacknowledged ? ' unacknowledged' : ''}${flash ? ' flash' : ''}`}
      style={{ borderLeftColor: alert.kind === 'deterioration' ? risk.colour : '#a78bfa' }}
      data-testid="alert"
      data-alert-id={alert.id}
      data-state={alert.state}
    >
      <div class="alert-who">
        <span class="alert-symbol" aria-hidden="true">
          {alert.kind === 'deterioration' ? risk.symbol : alert.kind === 'concern' ? '?' : '◷'}
        </span>
        <span class="alert-patient">{patientLabel(alert)}</span>
        <span class="alert-age" title="Waiting since raised">
          {stopwatch(alert.raisedAt, now)}
        </span>
      </div>
      <div class="alert-what">
        <strong>{alert.title}</strong> · {humanise(alert.level)}
        {alert.improved ? <span class="tag">Improved since</span> : null}
      </div>
      <div class="alert-state">
        {unacknowledged ? (
          <span class="tag tag-urgent">
            Step {alert.escalation.step + 1}: {alert.escalation.withRole}
          </span>
        ) : null}{' '}
        {stateText(alert)}
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
  charts,
  now,
  alerted,
}: {
  tile: BedTile;
  charts: readonly BoardChart[];
  now: number;
  alerted: boolean;
}) {
  const risk = riskOf(charts, tile.chartId, tile.latest?.clinicalRisk ?? null);
  const trend = trendOf(tile);
  const due = dueOf(tile, now);
  const chart = charts.find((candidate) => candidate.id === tile.chartId);
  return (
    <li
      class={`tile${alerted ? ' tile-alerted' : ''}${due?.overdue ? ' tile-overdue' : ''}`}
      style={{ borderTopColor: risk.colour }}
      data-testid="bed"
      data-patient-id={tile.patientId}
      aria-label={`${tile.bed ?? 'No bed'}, ${tile.initials}`}
    >
      <div class="tile-top">
        <span class="tile-bed">{tile.bed ?? 'No bed'}</span>
        <span class="tile-chart" title={chart?.title}>
          {chart?.name ?? '—'}
        </span>
      </div>
      <div class="tile-initials">
        <a href={`/patient/${encodeURIComponent(tile.patientId)}`} title="Observation chart">
          {tile.initials}
        </a>
        {tile.group === 'newborn' ? (
          <a class="tile-passport" href={`/passport/${encodeURIComponent(tile.patientId)}`}>
            Passport
          </a>
        ) : null}
      </div>
      {tile.latest ? (
        <div class="tile-score">
          <span class="score" style={{ backgroundColor: risk.colour }} data-testid="score">
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
      ) : (
        <div class="tile-score quiet">No observations yet</div>
      )}
      <div class="tile-foot">
        {tile.latest ? <span>Last set {ago(tile.latest.effectiveAt, now)}</span> : null}
        {tile.latest && !tile.latest.complete ? <span class="tag">Incomplete</span> : null}
        {due ? (
          <span class={due.overdue ? 'tag tag-urgent' : ''}>{due.overdue ? `◷ ${due.text}` : due.text}</span>
        ) : null}
      </div>
    </li>
  );
}
