import type { Probe } from './support/lint-probes';
import { lintProbes } from './support/lint-probes';

/** A file of `lines` lines of code, with blank lines and comments between (they do not count). */
const fileOf = (lines: number) =>
  Array.from(
    { length: lines },
    (_, index) => `export const line${index} = ${index};\n\n// not counted\n`,
  ).join('');

/** A function `lines` lines long from its signature to its closing brace, blank lines and comments not counted. */
const functionOf = (lines: number) =>
  [
    'export function probe(): number {',
    '  let total = 0;',
    ...Array.from({ length: lines - 4 }, (_, index) => `  total += ${index};\n\n  // not counted`),
    '  return total;',
    '}',
    '',
  ].join('\n');

/** The same, as a component in a screen. */
const componentOf = (lines: number) =>
  [
    'export function Probe() {',
    '  return (',
    '    <>',
    ...Array.from({ length: lines - 6 }, (_, index) => `      <p>${index}</p>`),
    '    </>',
    '  );',
    '}',
    '',
  ].join('\n');

const PROBES: Probe[] = [
  { name: 'file of 501 lines', file: 'src/reports/probe.ts', source: fileOf(501) },
  { name: 'file of 499 lines', file: 'src/reports/probe.ts', source: fileOf(499) },
  { name: 'file of 399 lines', file: 'src/reports/probe.ts', source: fileOf(399) },
  { name: 'function of 101 lines', file: 'src/alerts/probe.ts', source: functionOf(101) },
  { name: 'function of 99 lines', file: 'src/alerts/probe.ts', source: functionOf(99) },
  { name: 'function of 79 lines', file: 'src/alerts/probe.ts', source: functionOf(79) },
  { name: 'component of 101 lines', file: 'web/src/ward/probe.tsx', source: componentOf(101) },
  { name: 'screen file of 501 lines', file: 'web/src/shared/probe.ts', source: fileOf(501) },
  { name: 'a spec of 501 lines', file: 'src/alerts/probe.spec.ts', source: fileOf(501) },
  { name: 'a code table of 501 lines', file: 'src/fhir/codes/probe.ts', source: fileOf(501) },
  { name: 'a rule set of 501 lines', file: 'src/pathways/preterm/rule-sets.ts', source: fileOf(501) },
];

const FILE_REFUSED = 'beacon/max-lines: File has too many lines (501). Maximum allowed is 500.';
const FUNCTION_REFUSED =
  /^beacon\/max-lines-per-function: Function '(probe|Probe)' has too many lines \(101\)\. Maximum allowed is 100\.$/;
const FILE_WARNED = /^max-lines: File has too many lines \((501|499)\)\. Maximum allowed is 400\.$/;
const FUNCTION_WARNED =
  /^max-lines-per-function: Function '(probe|Probe)' has too many lines \((101|99)\)\. Maximum allowed is 80\.$/;

describe('size limits (docs/architecture.md): warned over 400 lines a file, 80 a function; refused over 500, 100', () => {
  const messages = lintProbes(PROBES);

  it.each(['file of 501 lines', 'screen file of 501 lines'])('refuses a %s', (name) => {
    expect(messages.get(name)).toEqual(
      expect.arrayContaining([FILE_REFUSED, expect.stringMatching(FILE_WARNED)]),
    );
    expect(messages.get(name)).toHaveLength(2);
  });

  it('only warns about a file of 499 lines', () => {
    expect(messages.get('file of 499 lines')).toEqual([expect.stringMatching(FILE_WARNED)]);
  });

  it.each(['function of 101 lines', 'component of 101 lines'])('refuses a %s', (name) => {
    expect(messages.get(name)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(FUNCTION_REFUSED),
        expect.stringMatching(FUNCTION_WARNED),
      ]),
    );
    expect(messages.get(name)).toHaveLength(2);
  });

  it('only warns about a function of 99 lines', () => {
    expect(messages.get('function of 99 lines')).toEqual([expect.stringMatching(FUNCTION_WARNED)]);
  });

  it.each(['file of 399 lines', 'function of 79 lines'])('says nothing about a %s', (name) => {
    expect(messages.get(name)).toEqual([]);
  });

  it.each(['a spec of 501 lines', 'a code table of 501 lines', 'a rule set of 501 lines'])(
    'leaves %s alone (specs and data tables are exempt)',
    (name) => {
      expect(messages.get(name)).toEqual([]);
    },
  );
});
