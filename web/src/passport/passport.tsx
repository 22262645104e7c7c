import { useEffect, useState } from 'preact/hooks';
import type {
  PassportIntervention,
  PassportStatus,
  PassportView,
} from '../../../src/contracts/passport.view';
import { ApiProblem, apiJson } from '../shared/api';

/** A symbol beside every status, so colour is never the only cue (and it prints in black and white). */
const MARK: Readonly<Record<PassportStatus, string>> = {
  done: '✓',
  'done-late': '✓',
  due: '⏱',
  'not-given': '✗',
  'not-needed': '–',
  'not-known': '?',
};

const when = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });

/**
 * Temperature the way the standard measures it: the first temperature within an hour of birth, in range or not
 * (the rule set's own judgement, `meetsStandard`); every reading stays one click away.
 */
function FirstTemperature({ item, birthTime }: { item: PassportIntervention; birthTime: string | null }) {
  const born = birthTime ? Date.parse(birthTime) : null;
  const ordered = [...item.recorded].sort((a, b) => a.at.localeCompare(b.at));
  const first = ordered.find(
    (entry) => born === null || (Date.parse(entry.at) >= born && Date.parse(entry.at) - born <= 60 * 60_000),
  );
  const verdict =
    item.meetsStandard === true ? 'in range' : item.meetsStandard === false ? 'not in range' : 'not assessed';
  return (
    <div class="recorded" data-testid="first-temperature">
      <p>
        {first ? (
          <>
            First temperature within an hour of birth: {first.what.replace(/^temperature\s*/i, '')} at{' '}
            <time dateTime={first.at}>{when(first.at)}</time> — {verdict}.
          </>
        ) : (
          'No temperature recorded within an hour of birth.'
        )}
      </p>
      {ordered.length > 1 ? (
        <details>
          <summary>All {ordered.length} temperatures</summary>
          <ul aria-label="Recorded temperatures">
            {ordered.map((entry) => (
              <li key={`${entry.what}-${entry.at}`}>
                {entry.what}: <time dateTime={entry.at}>{when(entry.at)}</time>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}

function Intervention({ item, birthTime }: { item: PassportIntervention; birthTime: string | null }) {
  return (
    <li class={`passport-item status-${item.status}`} data-intervention={item.intervention}>
      <div class="passport-status" data-status={item.status}>
        <span aria-hidden="true">{MARK[item.status]}</span> {item.statusText}
      </div>
      <h2>{item.title}</h2>
      <p class="why">{item.why}</p>
      {item.intervention === 'normothermia' && item.recorded.length > 0 ? (
        <FirstTemperature item={item} birthTime={birthTime} />
      ) : item.recorded.length > 0 ? (
        <ul class="recorded" aria-label="Recorded">
          {item.recorded.map((entry) => (
            <li key={`${entry.what}-${entry.at}`}>
              {entry.what.replaceAll('-', ' ')}: <time dateTime={entry.at}>{when(entry.at)}</time>
            </li>
          ))}
        </ul>
      ) : null}
      {item.prompt ? (
        <p class="due">
          Due
          {item.prompt.dueAt ? (
            <>
              {' '}
              by <time dateTime={item.prompt.dueAt}>{when(item.prompt.dueAt)}</time>
            </>
          ) : (
            ' now'
          )}
        </p>
      ) : null}
      <details class="clinical">
        <summary>Clinical view: {item.clinicalName}</summary>
        <dl>
          <dt>Standard</dt>
          <dd>{item.standard ?? 'not defined by this rule set'}</dd>
          <dt>Eligible / given / met the standard</dt>
          <dd>
            {[item.eligible, item.received, item.meetsStandard]
              .map((value) => (value === null ? 'unknown' : value ? 'yes' : 'no'))
              .join(' / ')}
          </dd>
          <dt>Reasoning</dt>
          <dd>{item.reason}</dd>
          {item.verification === 'unverified' ? (
            <>
              <dt>Source</dt>
              <dd>Unverified: a choice Beacon made where the source is silent; not national guidance.</dd>
            </>
          ) : null}
        </dl>
      </details>
    </li>
  );
}

/** The preterm passport of one baby: printable, readable by the family, with the clinical reasoning to hand. */
export function PassportPage({ token, babyId }: { token: string; babyId: string }) {
  const [passport, setPassport] = useState<PassportView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    apiJson<PassportView>(`/api/patients/${encodeURIComponent(babyId)}/passport`, token)
      .then(setPassport)
      .catch((error: unknown) => setProblem(error instanceof ApiProblem ? error.message : String(error)));
  }, [babyId, token]);

  if (problem)
    return (
      <main class="passport">
        <p role="alert">{problem}</p>
      </main>
    );
  if (!passport)
    return (
      <main class="passport">
        <p>Loading the passport…</p>
      </main>
    );
  const { baby } = passport;
  return (
    <main class="passport">
      <header>
        <h1>Preterm passport</h1>
        <p class="baby">
          Baby {baby.initials}
          {baby.bed ? `, ${baby.bed}` : ''}
          {baby.birthTime ? (
            <>
              , born <time dateTime={baby.birthTime}>{when(baby.birthTime)}</time>
            </>
          ) : null}
          {baby.gestationAtBirth
            ? `, gestation at birth ${baby.gestationAtBirth} weeks`
            : ', gestation at birth not recorded'}
          {baby.birthWeightGrams ? `, ${baby.birthWeightGrams} g` : ''}
        </p>
        <p class="intro">
          Nine things that give a baby born early the best start. Each says whether it was needed, whether it
          was done, and when.
        </p>
        <button type="button" class="print" onClick={() => window.print()}>
          Print
        </button>
      </header>
      <ol class="passport-list">
        {passport.interventions.map((item) => (
          <Intervention key={item.intervention} item={item} birthTime={baby.birthTime} />
        ))}
      </ol>
      <footer>
        Rules: {passport.ruleSet.title} ({passport.ruleSet.id}). As of{' '}
        <time dateTime={passport.generatedAt}>{when(passport.generatedAt)}</time>.
      </footer>
    </main>
  );
}
