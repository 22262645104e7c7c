import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { AlertView, BoardChart } from '../../../src/contracts/events';
import type { ScreenNotice } from '../../../src/contracts/screen-notice.view';
import { apiJson } from './api';
import type { Board } from './board-state';
import { scoringBehind } from './board-state';
import { clock } from './format';
import { attendance, chartsInUse, stepNumber } from './levels';

/** Live / behind / reconnecting / stale, in words and a shape as well as colour. */
export function ConnectionState({
  connected,
  stale,
  behind = false,
}: {
  connected: boolean;
  stale: boolean;
  /** Connected, but scoring is behind (amber). */
  behind?: boolean;
}) {
  const [label, kind] = !connected
    ? ['Disconnected', 'bad']
    : stale
      ? ['No heartbeat', 'bad']
      : behind
        ? ['Live — behind', 'warn']
        : ['Live', 'good'];
  const shape = kind === 'good' ? '●' : kind === 'warn' ? '▲' : '✖';
  return (
    <span class={`connection connection-${kind}`} role="status" aria-live="polite" data-testid="connection">
      <span aria-hidden="true">{shape}</span> {label}
    </span>
  );
}

/** Scoring is behind on this ward (a backlog, a worker down): scores on this screen may be out of date. */
export function ScoringBehindBanner({ seconds }: { seconds: number | null }) {
  if (seconds === null) return null;
  const amount = seconds < 120 ? `${seconds} s` : `${Math.floor(seconds / 60)} min`;
  return (
    <div class="scoring-behind" role="alert" data-testid="scoring-behind">
      <strong>Beacon is {amount} behind</strong> — scores may be out of date. Check the patient and the EPR.
    </div>
  );
}

/** Every screen says so when a chart in use is an unverified placeholder (never presented as national guidance). */
export function UnverifiedBanner({ charts, mode }: { charts: readonly BoardChart[]; mode: string }) {
  const unverified = charts.filter((chart) => chart.verification !== 'verified');
  if (unverified.length === 0 && mode !== 'demo') return null;
  return (
    <div class="banner" role="note" data-testid="unverified-banner">
      <strong>{mode === 'demo' ? 'DEMONSTRATION' : 'WARNING'}</strong>
      {unverified.length > 0 ? (
        <span>
          {' '}
          Unverified chart in use: {unverified.map((chart) => chart.name).join(', ')}. Placeholder values, not
          national guidance — not for clinical decisions.
        </span>
      ) : (
        <span> Simulated data — not for clinical decisions.</span>
      )}
    </div>
  );
}

/**
 * The banners under the header of a screen showing several wards (handheld, huddle): scoring behind, stale data (a
 * banner: the screen stays usable), the unverified charts their patients are scored on, what went wrong, and any
 * notice of the screen's own after them.
 */
export function BoardNotices(props: {
  boards: readonly Board[];
  stale: boolean;
  problem: string | null;
  children?: ComponentChildren;
}) {
  const { boards, stale, problem, children } = props;
  return (
    <div class="screen-notices" data-testid="screen-notices">
      <ScoringBehindBanner seconds={scoringBehind(boards)} />
      {stale && boards.length > 0 ? (
        <StaleOverlay since={Math.min(...boards.map((board) => board.lastHeardAt))} blocking={false} />
      ) : null}
      {boards.length > 0 ? (
        <UnverifiedBanner
          charts={[
            ...new Map(
              boards
                .flatMap((board) => chartsInUse(board.charts, board.beds, board.alerts))
                .map((chart) => [chart.id, chart]),
            ).values(),
          ]}
          mode={boards[0]?.clinicalMode ?? 'live'}
        />
      ) : null}
      {problem ? <Problem text={problem} /> : null}
      {children}
    </div>
  );
}

/**
 * The ward display covers itself (nobody across the room should read old numbers); the handheld shows a banner
 * instead, so a midwife can still acknowledge (queued until the connection is back).
 */
export function StaleOverlay({ since, blocking = true }: { since: number | null; blocking?: boolean }) {
  return (
    <div class={blocking ? 'stale' : 'stale stale-banner'} role="alert" data-testid="stale-overlay">
      <p class="stale-title">Data may be stale</p>
      <p>
        {since ? `Last heard from Beacon at ${clock(since)}.` : 'Not connected to Beacon.'} Do not rely on
        this screen until it says Live.
      </p>
    </div>
  );
}

export function Problem({ text }: { text: string }) {
  return (
    <div class="problem" role="alert" data-testid="problem">
      {text}
    </div>
  );
}

/**
 * The banner of the pages that read Beacon over REST (audit, passport, chart): the same words as the ward screens'
 * banner, from `GET /api/screen-notice`.
 */
export function PageBanner({ token }: { token: string }) {
  const [notice, setNotice] = useState<ScreenNotice | null>(null);
  useEffect(() => {
    apiJson<ScreenNotice>('/api/screen-notice', token).then(setNotice, () => setNotice(null));
  }, [token]);
  if (!notice) return null;
  return (
    <UnverifiedBanner
      charts={notice.unverifiedCharts.map((chart) => ({
        id: chart.id,
        name: chart.name,
        title: chart.name,
        version: '',
        verification: 'unverified',
        riskLevels: [],
      }))}
      mode={notice.clinicalMode}
    />
  );
}

/** An unacknowledged alert's escalation step and who it is with; once acknowledged, who is attending. */
export function StepOrAttending({ alert }: { alert: AlertView }) {
  return alert.state === 'raised' ? (
    <span class="tag tag-urgent">
      Step {stepNumber(alert.escalation.step)}: {alert.escalation.withRole}
    </span>
  ) : (
    <span class="attending" data-testid="attending">
      {attendance(alert)}
    </span>
  );
}
