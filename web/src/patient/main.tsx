import { render } from 'preact';
import { connect, screenId, takeToken } from '../shared/connection';
import { PageBanner } from '../shared/screen-parts';
import { SignInNeeded } from '../shared/sign-in-needed';
import '../shared/screens.css';
import './patient.css';
import { PatientChartPage } from './patient-chart';

const patientId = decodeURIComponent(window.location.pathname.split('/').filter(Boolean)[1] ?? '');
const token = takeToken();
const root = document.getElementById('app') as HTMLElement;
if (!token || !patientId) render(<SignInNeeded screen="patient chart" />, root);
else
  render(
    <>
      <PageBanner token={token} />
      <PatientChartPage socket={connect(token, screenId('chart'))} token={token} patientId={patientId} />
    </>,
    root,
  );
