import { signInUrl } from './connection';

export function SignInNeeded({ screen }: { screen: string }) {
  return (
    <main class="sign-in">
      <h1>Beacon {screen}</h1>
      <p>Sign in with your hospital account to use this screen.</p>
      <p>
        <a class="sign-in-button" href={signInUrl()} data-testid="sign-in">
          Sign in
        </a>
      </p>
    </main>
  );
}
