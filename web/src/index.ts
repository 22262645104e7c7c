import './shared/screens.css';
