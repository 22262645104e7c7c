// Beacon's own lint rules under one plugin name, registered once for every file (ESLint refuses a second plugin
// called "beacon"): SQL only in repositories, and the core size rules again for the hard limits (size-limits.mjs).
import { builtinRules } from 'eslint/use-at-your-own-risk';
import { sqlInRepositoriesRule } from './sql-in-repositories.mjs';

export const beaconPlugin = {
  rules: {
    'sql-in-repositories': sqlInRepositoriesRule,
    'max-lines': builtinRules.get('max-lines'),
    'max-lines-per-function': builtinRules.get('max-lines-per-function'),
  },
};
