import { render } from 'preact';
import { connect, screenId, takeToken } from '../shared/connection';
import { SignInNeeded } from '../shared/sign-in-needed';
import '../shared/screens.css';
import { WardDisplay } from './ward-display';

const wardId = decodeURIComponent(window.location.pathname.split('/').filter(Boolean)[1] ?? '');
const token = takeToken();
const root = document.getElementById('app') as HTMLElement;
if (!token || !wardId) render(<SignInNeeded screen="ward display" />, root);
else render(<WardDisplay socket={connect(token, screenId('display'))} wardId={wardId} />, root);
