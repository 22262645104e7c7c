import { render } from 'preact';
import { pageCredential, signInUrl } from '../shared/connection';
import { PageBanner } from '../shared/screen-parts';
import '../shared/screens.css';
import './audit.css';
import { EscalationList } from './escalation-list';
import { TimelinePage } from './timeline-page';

/** The auditor's pages need their own sign-in (an auditor or admin token), not a ward screen's. */
function SignInNeeded() {
  return (
    <main class="sign-in">
      <h1>Beacon escalation audit</h1>
      <p>This page needs an auditor’s or administrator’s sign-in.</p>
      <p>
        <a class="sign-in-button" href={signInUrl()} data-testid="sign-in">
          Sign in
        </a>
      </p>
      <p class="quiet">
        Demonstration and development: a link printed by <code>npm run demo</code>, or one made with{' '}
        <code>npm run token -- --role auditor</code>, opened as{' '}
        <code>{window.location.pathname}#token=&lt;token&gt;</code>.
      </p>
    </main>
  );
}

// /audit/alerts is the list; /audit/alerts/<id> the timeline of one escalation.
const alertId = /^\/audit\/alerts\/([^/]+)\/?$/.exec(window.location.pathname)?.[1];
const root = document.getElementById('app') as HTMLElement;
void pageCredential().then((token) => {
  if (token === null) render(<SignInNeeded />, root);
  else if (alertId)
    render(
      <>
        <PageBanner token={token} />
        <TimelinePage token={token} alertId={decodeURIComponent(alertId)} />
      </>,
      root,
    );
  else
    render(
      <>
        <PageBanner token={token} />
        <EscalationList token={token} />
      </>,
      root,
    );
});
