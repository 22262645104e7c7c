import { render } from 'preact';
import { pageCredential } from '../shared/connection';
import { PageBanner } from '../shared/screen-parts';
import { SignInNeeded } from '../shared/sign-in-needed';
import '../shared/screens.css';
import './passport.css';
import { PassportPage } from './passport';

const babyId = /^\/passport\/([^/]+)\/?$/.exec(window.location.pathname)?.[1];
const root = document.getElementById('app') as HTMLElement;
void pageCredential().then((credential) => {
  if (credential === null || !babyId) render(<SignInNeeded screen="preterm passport" />, root);
  else
    render(
      <>
        <PageBanner token={credential} />
        <PassportPage token={credential} babyId={decodeURIComponent(babyId)} />
      </>,
      root,
    );
});
