import { render } from 'preact';
import { connect, pageCredential, screenId } from '../shared/connection';
import '../shared/screens.css';
import { Pairing } from './pairing';
import { WardDisplay } from './ward-display';

const wardId = decodeURIComponent(window.location.pathname.split('/').filter(Boolean)[1] ?? '');
const root = document.getElementById('app') as HTMLElement;
// Not signed in: a ward display is a shared screen, so it is paired (device authorization), not signed in.
void pageCredential().then((credential) => {
  if (credential === null || !wardId) render(<Pairing />, root);
  else render(<WardDisplay socket={connect(credential, screenId('display'))} wardId={wardId} />, root);
});
