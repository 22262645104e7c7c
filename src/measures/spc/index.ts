export * from './rules';
export * from './series';
export * from './spc-chart';
export { runSpc } from './run-spc';
