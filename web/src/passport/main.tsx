import { render } from 'preact';
import { takeToken } from '../shared/connection';
import { SignInNeeded } from '../shared/sign-in-needed';
import '../shared/screens.css';
import './passport.css';
import { PassportPage } from './passport';

const babyId = /^\/passport\/([^/]+)\/?$/.exec(window.location.pathname)?.[1];
const token = takeToken();
const root = document.getElementById('app') as HTMLElement;
if (!token || !babyId) render(<SignInNeeded screen="preterm passport" />, root);
else render(<PassportPage token={token} babyId={decodeURIComponent(babyId)} />, root);
