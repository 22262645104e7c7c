import { render } from 'preact';
import { takeToken } from '../shared/connection';
import { SignInNeeded } from '../shared/sign-in-needed';
import '../shared/screens.css';
import './charts.css';
import { ChartPage, DiffPage, WardChartsPage } from './chart-pages';

const path = window.location.pathname;
const chartId = /^\/charts\/([^/]+)\/?$/.exec(path)?.[1];
const diffId = /^\/charts\/([^/]+)\/diff\/?$/.exec(path)?.[1];
const token = takeToken();
const root = document.getElementById('app') as HTMLElement;
if (!token) render(<SignInNeeded screen="charts" />, root);
else if (diffId) {
  const query = new URLSearchParams(window.location.search);
  render(
    <DiffPage
      token={token}
      id={decodeURIComponent(diffId)}
      from={query.get('from') ?? ''}
      to={query.get('to') ?? ''}
    />,
    root,
  );
} else if (chartId) render(<ChartPage token={token} id={decodeURIComponent(chartId)} />, root);
else render(<WardChartsPage token={token} />, root);
