import { render } from 'preact';
import { connect, pageCredential, screenId } from '../shared/connection';
import { PageBanner } from '../shared/screen-parts';
import { SignInNeeded } from '../shared/sign-in-needed';
import '../shared/screens.css';
import './patient.css';
import { PatientChartPage } from './patient-chart';

const patientId = decodeURIComponent(window.location.pathname.split('/').filter(Boolean)[1] ?? '');
const root = document.getElementById('app') as HTMLElement;
void pageCredential().then((credential) => {
  if (credential === null || !patientId) render(<SignInNeeded screen="patient chart" />, root);
  else
    render(
      <>
        <PageBanner token={credential} />
        <PatientChartPage
          socket={connect(credential, screenId('chart'))}
          token={credential}
          patientId={patientId}
        />
      </>,
      root,
    );
});
