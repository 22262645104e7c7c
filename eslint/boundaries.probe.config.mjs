// Only the structural rules (import direction, SQL only in repositories, size limits), without type information, so
// a test can lint a probe file given on stdin.
import tseslint from 'typescript-eslint';
import { beaconPlugin } from './beacon-plugin.mjs';
import { boundaries } from './boundaries.mjs';
import { sizeLimits } from './size-limits.mjs';
import { sqlInRepositories } from './sql-in-repositories.mjs';

export default [
  { files: ['**/*.ts', '**/*.tsx'], languageOptions: { parser: tseslint.parser } },
  { plugins: { beacon: beaconPlugin } },
  ...sizeLimits,
  ...boundaries,
  ...sqlInRepositories,
  // The allow-list mechanism, proven on a probe path of its own.
  {
    files: ['src/probe-allow-listed/**/*.ts'],
    rules: { 'beacon/sql-in-repositories': ['error', { allow: ['src/probe-allow-listed/legacy.ts'] }] },
  },
];
