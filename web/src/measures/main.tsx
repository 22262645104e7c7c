import { render } from 'preact';
import { takeToken } from '../shared/connection';
import '../shared/screens.css';
import '../audit/audit.css';
import './measures.css';
import { MeasuresPage } from './measures-page';

function SignInNeeded() {
  return (
    <main class="sign-in">
      <h1>Beacon measures</h1>
      <p>This page needs an auditor’s, coordinator’s or admin’s sign-in link.</p>
      <p>
        Make one with <code>npm run token -- --role auditor</code> and open{' '}
        <code>/measures#token=&lt;token&gt;</code>.
      </p>
    </main>
  );
}

const token = takeToken();
const root = document.getElementById('app') as HTMLElement;
render(token ? <MeasuresPage token={token} /> : <SignInNeeded />, root);
