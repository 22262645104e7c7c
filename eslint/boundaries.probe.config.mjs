// Only the structural rules (import direction, SQL only in repositories), without type information, so a test can
// lint a probe file given on stdin.
import tseslint from 'typescript-eslint';
import { boundaries } from './boundaries.mjs';
import { sqlInRepositories } from './sql-in-repositories.mjs';

export default [
  { files: ['**/*.ts', '**/*.tsx'], languageOptions: { parser: tseslint.parser } },
  ...boundaries,
  ...sqlInRepositories,
];
