import { signInUrl } from './connection';
/** How each screen is signed in to: the role its link needs and the address to open, in the clinic's words. */
const HINTS: Readonly<Record<string, { who: string; token: string; path: string }>> = {
  'ward display': {
    who: 'a ward display’s',
    token: 'npm run token -- --role ward-display --ward <ward id>',
    path: `${window.location.pathname.startsWith('/ward/') ? window.location.pathname : '/ward/<ward id>'}#token=<token>`,
  },
  handheld: {
    who: 'a midwife’s or coordinator’s',
    token: 'npm run token -- --role midwife --ward <ward id> --ward <another ward id>',
    path: '/handheld#token=<token>',
  },
  huddle: {
    who: 'a ward coordinator’s',
    token: 'npm run token -- --role coordinator',
    path: '/huddle#token=<token>',
  },
  'patient chart': {
    who: 'a midwife’s or coordinator’s',
    token: 'npm run token -- --role midwife --ward <ward id>',
    path: `${window.location.pathname}#token=<token>`,
  },
  'preterm passport': {
    who: 'a midwife’s or coordinator’s',
    token: 'npm run token -- --role midwife --ward <ward id>',
    path: `${window.location.pathname}#token=<token>`,
  },
};

export function SignInNeeded({ screen }: { screen: string }) {
  const hint = HINTS[screen];
  return (
    <main class="sign-in" data-testid="sign-in-needed">
      <h1>Beacon {screen}</h1>
      <p>Sign in with your hospital account to use this screen.</p>
      <p>
        <a class="sign-in-button" href={signInUrl()} data-testid="sign-in">
          Sign in
        </a>
      </p>
      <p class="quiet">
        Demonstration and development: a link printed by <code>npm run demo</code>, or one made with{' '}
        <code>{hint?.token ?? 'npm run token -- --role <role>'}</code>, opened as{' '}
        <code>{hint?.path ?? `${window.location.pathname}#token=<token>`}</code>.
      </p>
    </main>
  );
}
