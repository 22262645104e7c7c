import { render } from 'preact';
import { connect, screenId, takeToken } from '../shared/connection';
import { SignInNeeded } from '../shared/sign-in-needed';
import '../shared/screens.css';
import { Handheld } from './handheld';

const token = takeToken();
const root = document.getElementById('app') as HTMLElement;
if (!token) render(<SignInNeeded screen="handheld" />, root);
else {
  const device = screenId('handheld');
  render(<Handheld socket={connect(token, device)} device={device} />, root);
}
