import { render } from 'preact';
import { currentSession, pageCredential, signInUrl } from '../shared/connection';
import '../shared/screens.css';
import { DisplaysPage } from './displays';

const root = document.getElementById('app') as HTMLElement;
void pageCredential().then((credential) => {
  const session = currentSession();
  if (credential === null || !session)
    render(
      <main class="sign-in">
        <h1>Beacon ward displays</h1>
        <p>Sign in as a ward coordinator or administrator to pair a display.</p>
        <p>
          <a class="sign-in-button" href={signInUrl()} data-testid="sign-in">
            Sign in
          </a>
        </p>
      </main>,
      root,
    );
  else render(<DisplaysPage csrfToken={session.csrfToken} />, root);
});
