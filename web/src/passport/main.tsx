import { render } from 'preact';
import { takeToken } from '../shared/connection';
import { PageBanner } from '../shared/screen-parts';
import { SignInNeeded } from '../shared/sign-in-needed';
import '../shared/screens.css';
import './passport.css';
import { PassportPage } from './passport';

const babyId = /^\/passport\/([^/]+)\/?$/.exec(window.location.pathname)?.[1];
const token = takeToken();
const root = document.getElementById('app') as HTMLElement;
if (!token || !babyId) render(<SignInNeeded screen="preterm passport" />, root);
else
  render(
    <>
      <PageBanner token={token} />
      <PassportPage token={token} babyId={decodeURIComponent(babyId)} />
    </>,
    root,
  );
