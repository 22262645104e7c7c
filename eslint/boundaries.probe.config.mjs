// Only the import-direction rules, without type information, so a test can lint a probe file given on stdin.
import tseslint from 'typescript-eslint';
import { boundaries } from './boundaries.mjs';

export default [
  { files: ['**/*.ts', '**/*.tsx'], languageOptions: { parser: tseslint.parser } },
  ...boundaries,
];
