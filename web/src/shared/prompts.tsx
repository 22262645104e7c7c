import { useState } from 'preact/hooks';
import type { AlertView, PromptOutcomeCommand, SessionInfo } from '../../../src/contracts/events';
import { patientLabel } from './format';
import { ReasonForm } from './reason-form';

/** Escalations and pathway prompts are shown apart: a prompt is a task with a deadline, never an emergency. */
export function splitPrompts(alerts: readonly AlertView[]): {
  escalations: AlertView[];
  prompts: AlertView[];
} {
  return {
    escalations: alerts.filter((alert) => alert.kind !== 'prompt'),
    prompts: alerts
      .filter((alert) => alert.kind === 'prompt')
      .sort((a, b) => (a.prompt?.dueAt ?? '\uffff').localeCompare(b.prompt?.dueAt ?? '\uffff')),
  };
}

const time = (iso: string) =>
  new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });

function dueText(alert: AlertView): string {
  const dueAt = alert.prompt?.dueAt;
  return dueAt ? `by ${time(dueAt)}` : 'as soon as possible';
}

export type PromptCommand = (input: PromptOutcomeCommand, label: string) => void;

/** One prompt: who, what, by when, under which rules; on a handheld, done / not done. */
function PromptItem(props: {
  alert: AlertView;
  onCommand?: PromptCommand | undefined;
  pending: boolean;
  reasons: SessionInfo['promptNotDoneReasons'];
}) {
  const { alert, onCommand, pending, reasons } = props;
  const [choosing, setChoosing] = useState(false);
  const who = patientLabel(alert);
  const prompt = alert.prompt;
  const doneLabel = prompt?.code === 'smoking/opt-out-referral' ? 'Referral made' : 'Done';
  return (
    <li class="prompt" data-testid="prompt" data-alert-id={alert.id} data-prompt-code={prompt?.code ?? ''}>
      <div class="prompt-head">
        <span class="prompt-who">{who}</span>
        <span class="prompt-due">{dueText(alert)}</span>
      </div>
      <div class="prompt-title">{alert.title}</div>
      <div class="prompt-text">{prompt?.text}</div>
      <div class="prompt-rules">
        {prompt?.pathway === 'smoking' ? 'Smoke-free pregnancy' : 'Preterm optimisation'} · {prompt?.ruleSet}
        {prompt?.verification === 'unverified' ? ' · unverified (not national guidance)' : ''}
      </div>
      {onCommand && !choosing ? (
        <div class="respond" role="group" aria-label={`Prompt for ${who}`}>
          {prompt?.staffMayRecord ? (
            <button
              type="button"
              class="button"
              disabled={pending}
              onClick={() =>
                onCommand({ alertId: alert.id, outcome: 'done' }, `${doneLabel}: ${alert.title} (${who})`)
              }
            >
              {doneLabel}
            </button>
          ) : (
            <span class="quiet">Closes when the EPR records it</span>
          )}
          <button type="button" class="button" disabled={pending} onClick={() => setChoosing(true)}>
            Not done…
          </button>
        </div>
      ) : null}
      {onCommand && choosing ? (
        <ReasonForm
          question="Why was it not done?"
          reasons={reasons}
          onConfirm={(reason) => {
            onCommand(
              { alertId: alert.id, outcome: 'not-done', reason },
              `Not done: ${alert.title} (${who})`,
            );
            setChoosing(false);
          }}
          onCancel={() => setChoosing(false)}
        />
      ) : null}
    </li>
  );
}

/** "Record smoking status" ×13, "Offer magnesium sulfate" ×2: how many prompts of each kind, most first. */
export function promptKinds(prompts: readonly AlertView[]): { title: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const alert of prompts) counts.set(alert.title, (counts.get(alert.title) ?? 0) + 1);
  return [...counts]
    .map(([title, count]) => ({ title, count }))
    .sort((a, b) => b.count - a.count || a.title.localeCompare(b.title));
}

/**
 * The pathway prompts folded into a quiet panel: a count per kind, the list behind "Show". It never outshines an
 * escalation (no colour, no flashing) and, opened, scrolls within a quarter of the screen.
 */
export function PromptPanel(props: Parameters<typeof PromptList>[0]) {
  const kinds = promptKinds(props.prompts);
  return (
    <details class="prompt-panel" data-testid="prompt-panel">
      <summary>
        <span class="prompt-panel-title">
          Pathway prompts <span class="count">{props.prompts.length}</span>
        </span>
        {kinds.length === 0 ? <span class="quiet"> none due</span> : null}
        <span class="prompt-kinds">
          {kinds.map((kind) => (
            <span key={kind.title} class="prompt-kind" data-testid="prompt-kind">
              {kind.title} <span class="count">{kind.count}</span>
            </span>
          ))}
        </span>
        {kinds.length > 0 ? <span class="prompt-panel-toggle">Show</span> : null}
      </summary>
      <div class="prompt-panel-body">
        <PromptList {...props} headed={false} />
      </div>
    </details>
  );
}

/** The pathway prompts of a ward: calm, sorted by deadline, apart from the escalations. */
export function PromptList(props: {
  prompts: readonly AlertView[];
  onCommand?: PromptCommand;
  pending?: (alertId: string) => boolean;
  reasons?: SessionInfo['promptNotDoneReasons'];
  /** False inside a panel whose summary already says what this is. */
  headed?: boolean;
}) {
  const { prompts, onCommand, pending, reasons, headed = true } = props;
  return (
    <section
      class="prompts"
      {...(headed ? { 'aria-labelledby': 'prompts-heading' } : { 'aria-label': 'Pathway prompts' })}
    >
      {headed ? (
        <h2 id="prompts-heading">
          Pathway prompts <span class="count">{prompts.length}</span>
        </h2>
      ) : null}
      {prompts.length === 0 ? <p class="quiet">No prompts due.</p> : null}
      <ul class="prompt-list" data-testid="prompt-list">
        {prompts.map((alert) => (
          <PromptItem
            key={alert.id}
            alert={alert}
            onCommand={onCommand}
            pending={pending?.(alert.id) ?? false}
            reasons={reasons ?? []}
          />
        ))}
      </ul>
    </section>
  );
}
