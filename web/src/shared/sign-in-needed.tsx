export function SignInNeeded({ screen }: { screen: string }) {
  return (
    <main class="sign-in">
      <h1>Beacon {screen}</h1>
      <p>This screen needs a staff sign-in link.</p>
      <p>
        In the demo, use a link printed by <code>npm run demo</code>; otherwise make one with{' '}
        <code>npm run token -- --role ward-display --ward &lt;ward id&gt;</code> and open{' '}
        <code>/ward/&lt;ward id&gt;#token=&lt;token&gt;</code>.
      </p>
    </main>
  );
}
