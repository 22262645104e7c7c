import { render } from 'preact';
import { connect, screenId, takeToken } from '../shared/connection';
import { SignInNeeded } from '../shared/sign-in-needed';
import '../shared/screens.css';
import './huddle.css';
import { Huddle } from './huddle';

const token = takeToken();
const root = document.getElementById('app') as HTMLElement;
if (!token) render(<SignInNeeded screen="huddle" />, root);
else render(<Huddle socket={connect(token, screenId('huddle'))} token={token} />, root);
