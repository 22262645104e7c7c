import { render } from 'preact';
import { connect, pageCredential, screenId } from '../shared/connection';
import { SignInNeeded } from '../shared/sign-in-needed';
import '../shared/screens.css';
import { Handheld } from './handheld';

const root = document.getElementById('app') as HTMLElement;
void pageCredential().then((credential) => {
  if (credential === null) render(<SignInNeeded screen="handheld" />, root);
  else {
    const device = screenId('handheld');
    render(<Handheld socket={connect(credential, device)} device={device} />, root);
  }
});
