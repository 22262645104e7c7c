import { render } from 'preact';
import { connect, pageCredential, screenId } from '../shared/connection';
import { SignInNeeded } from '../shared/sign-in-needed';
import '../shared/screens.css';
import { WardDisplay } from './ward-display';

const wardId = decodeURIComponent(window.location.pathname.split('/').filter(Boolean)[1] ?? '');
const root = document.getElementById('app') as HTMLElement;
void pageCredential().then((credential) => {
  if (credential === null || !wardId) render(<SignInNeeded screen="ward display" />, root);
  else render(<WardDisplay socket={connect(credential, screenId('display'))} wardId={wardId} />, root);
});
