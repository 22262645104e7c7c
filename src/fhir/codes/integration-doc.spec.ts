import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OBSERVATION_CODES } from './observation-codes';
import { PATHWAY_CODES } from './pathway-codes';

describe('docs/integration.md', () => {
  const doc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'integration.md'), 'utf8');

  it.each(
    OBSERVATION_CODES.flatMap((definition) =>
      definition.codes.map((coding) => [definition.name, coding.code] as const),
    ),
  )('lists the %s code %s', (_name, code) => {
    expect(doc).toContain(`\`${code}\``);
  });

  it.each(PATHWAY_CODES.map((entry) => [entry.display, entry.code] as const))(
    'lists the pathway event %s (%s)',
    (_display, code) => {
      expect(doc).toContain(`\`${code}\``);
    },
  );
});
