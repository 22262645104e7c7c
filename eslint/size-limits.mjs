// Size limits for code (docs/architecture.md): a file over 400 lines or a function over 80 wants splitting (a
// warning); over 500 or 100 it is refused (issue 13). ESLint takes one setting per rule, so the refusals are the same
// core rules registered again in the beacon plugin. Shared by eslint.config.mjs and the probe test
// (test/unit/lint-size.spec.ts).

/** Specs, tests and data tables (codes, rule sets, the measures catalogue) are exempt. */
const EXEMPT = [
  '**/*.spec.ts',
  'src/fhir/codes/**',
  'src/pathways/**/rule-sets.ts',
  'src/pathways/**/*.rules.ts',
  'src/measures/domain/catalogue.ts',
];

const lines = (max) => ({ max, skipBlankLines: true, skipComments: true });
const functionLines = (max) => ({ ...lines(max), IIFEs: true });

export const sizeLimits = [
  {
    files: ['src/**/*.ts', 'web/src/**/*.ts', 'web/src/**/*.tsx'],
    ignores: EXEMPT,
    rules: {
      'max-lines': ['warn', lines(400)],
      'max-lines-per-function': ['warn', functionLines(80)],
      'beacon/max-lines': ['error', lines(500)],
      'beacon/max-lines-per-function': ['error', functionLines(100)],
    },
  },
];
