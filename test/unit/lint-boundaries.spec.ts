import type { Probe } from './support/lint-probes';
import { lintProbes } from './support/lint-probes';

const importing = (module: string) => `import * as m from '${module}';\nexport const probe = m;\n`;
const importingTypes = (module: string) =>
  `import type * as m from '${module}';\nexport type Probe = typeof m;\n`;

const FORBIDDEN_IN_SCORING = [
  '@nestjs/common',
  'typeorm',
  'bullmq',
  'socket.io',
  'fhir-kit-client',
  'ioredis',
  'node:fs',
];

const PROBES: Probe[] = [
  ...FORBIDDEN_IN_SCORING.map((module) => ({
    name: `scoring imports ${module}`,
    file: 'src/scoring/probe.ts',
    source: importing(module),
  })),
  ...FORBIDDEN_IN_SCORING.map((module) => ({
    name: `measures/spc imports ${module}`,
    file: 'src/measures/spc/probe.ts',
    source: importing(module),
  })),
  {
    name: 'measures/spc imports a feature',
    file: 'src/measures/spc/probe.ts',
    source: importing('../../alerts/alerts.service'),
  },
  { name: 'measures/spc imports itself', file: 'src/measures/spc/probe.ts', source: importing('./rules') },
  { name: 'scoring imports config', file: 'src/scoring/probe.ts', source: importing('../config/app-config') },
  { name: 'scoring imports itself', file: 'src/scoring/probe.ts', source: importing('./charts') },
  {
    name: 'config imports a feature',
    file: 'src/config/probe.ts',
    source: importing('../health/health.module'),
  },
  {
    name: 'queue imports a feature',
    file: 'src/queue/probe.ts',
    source: importing('../health/health.controller'),
  },
  {
    name: 'alerts imports prompts',
    file: 'src/alerts/probe.ts',
    source: importing('../prompts/prompts.service'),
  },
  {
    name: 'alerts imports reports',
    file: 'src/alerts/probe.ts',
    source: importing('../reports/timeline.service'),
  },
  {
    name: 'alerts/jobs imports prompts',
    file: 'src/alerts/jobs/probe.ts',
    source: importing('../../prompts/prompts.service'),
  },
  {
    name: 'assessment imports alerts',
    file: 'src/assessment/probe.ts',
    source: importing('../alerts/alerts.service'),
  },
  {
    name: 'assessment/jobs imports alerts and prompts',
    file: 'src/assessment/jobs/probe.ts',
    source:
      "import * as alerts from '../../alerts/alerts.service';\nimport * as prompts from '../../prompts/prompts.service';\n" +
      'export const probe = [alerts, prompts];\n',
  },
  {
    name: 'reports imports gateway',
    file: 'src/reports/probe.ts',
    source: importing('../gateway/ward.gateway'),
  },
  {
    name: 'prompts/domain imports typeorm',
    file: 'src/prompts/domain/probe.ts',
    source: importing('typeorm'),
  },
  {
    name: 'prompts/domain imports a feature',
    file: 'src/prompts/domain/probe.ts',
    source: importing('../../alerts/alerts.service'),
  },
  {
    name: 'prompts/domain imports pathways',
    file: 'src/prompts/domain/probe.ts',
    source: importing('../../pathways'),
  },
  {
    name: 'web imports a server module',
    file: 'web/src/probe.tsx',
    source: importing('../../src/alerts/alerts.service'),
  },
  {
    name: 'web imports a pure domain file past the contracts',
    file: 'web/src/probe.tsx',
    source: importing('../../src/alerts/domain/alert'),
  },
  {
    name: 'web imports the event contract',
    file: 'web/src/probe.tsx',
    source: importingTypes('../../src/contracts/events'),
  },
  {
    name: 'web imports the command schemas type-only',
    file: 'web/src/probe.tsx',
    source: importingTypes('../../src/contracts/commands'),
  },
  {
    name: 'web imports the command schemas as code',
    file: 'web/src/probe.tsx',
    source: importing('../../src/contracts/commands'),
  },
  {
    name: 'contracts import a server module',
    file: 'src/contracts/probe.ts',
    source: importing('../alerts/alerts.service'),
  },
  {
    name: 'contracts import a framework',
    file: 'src/contracts/probe.ts',
    source: importing('@nestjs/common'),
  },
  {
    name: 'contracts import the pure domain and zod',
    file: 'src/contracts/probe.ts',
    source: `${importing('../alerts/domain/alert')}import { z } from 'zod';\nexport const schema = z.string();\n`,
  },
];

describe('import direction (docs/architecture.md §3)', () => {
  const messages = lintProbes(PROBES);

  it.each(FORBIDDEN_IN_SCORING)('forbids src/scoring from importing %s', (module) => {
    expect(messages.get(`scoring imports ${module}`)).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*Pure core/),
    ]);
  });

  it('forbids src/scoring from importing another Beacon folder', () => {
    expect(messages.get('scoring imports config')).toEqual([
      expect.stringMatching(/^import-x\/no-restricted-paths: .*scoring is pure/),
    ]);
  });

  it('allows src/scoring to import itself', () => {
    expect(messages.get('scoring imports itself')).toEqual([]);
  });

  it.each(FORBIDDEN_IN_SCORING)('forbids the SPC engine (src/measures/spc) from importing %s', (module) => {
    expect(messages.get(`measures/spc imports ${module}`)).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*Pure core/),
    ]);
  });

  it('keeps the SPC engine to itself', () => {
    expect(messages.get('measures/spc imports a feature')).toEqual([
      expect.stringMatching(/^import-x\/no-restricted-paths: .*measures\/spc is pure/),
    ]);
    expect(messages.get('measures/spc imports itself')).toEqual([]);
  });

  it('keeps config and queue below every feature', () => {
    expect(messages.get('config imports a feature')).toEqual([
      expect.stringMatching(/config sits below every feature/),
    ]);
    expect(messages.get('queue imports a feature')).toEqual([
      expect.stringMatching(/queue knows only names/),
    ]);
  });

  it('keeps assessment below alerts, and alerts below prompts and reports, except the worker jobs that compose them', () => {
    expect(messages.get('alerts imports prompts')).toEqual([
      expect.stringMatching(/^import-x\/no-restricted-paths: .*alerts is below prompts and reports/),
    ]);
    expect(messages.get('alerts imports reports')).toEqual([
      expect.stringMatching(/^import-x\/no-restricted-paths: .*alerts is below prompts and reports/),
    ]);
    expect(messages.get('alerts/jobs imports prompts')).toEqual([]);
    expect(messages.get('assessment imports alerts')).toEqual([
      expect.stringMatching(/^import-x\/no-restricted-paths: .*assessment sits below alerts/),
    ]);
    expect(messages.get('assessment/jobs imports alerts and prompts')).toEqual([]);
    expect(messages.get('reports imports gateway')).toEqual([
      expect.stringMatching(/prompts and reports never import gateway/),
    ]);
  });

  it('keeps prompts/domain pure', () => {
    expect(messages.get('prompts/domain imports typeorm')).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*Pure core/),
    ]);
    expect(messages.get('prompts/domain imports a feature')).toEqual([
      expect.stringMatching(/^import-x\/no-restricted-paths: .*prompts\/domain is pure/),
    ]);
    expect(messages.get('prompts/domain imports pathways')).toEqual([]);
  });

  it('lets the browser code import only src/contracts from the server', () => {
    expect(messages.get('web imports a server module')).toEqual([
      expect.stringMatching(/^@typescript-eslint\/no-restricted-imports: .*import type/),
      expect.stringMatching(/web imports only src\/contracts/),
    ]);
    expect(messages.get('web imports a pure domain file past the contracts')).toEqual([
      expect.stringMatching(/^@typescript-eslint\/no-restricted-imports: .*import type/),
      expect.stringMatching(/web imports only src\/contracts/),
    ]);
    expect(messages.get('web imports the event contract')).toEqual([]);
    expect(messages.get('web imports the command schemas type-only')).toEqual([]);
    expect(messages.get('web imports the command schemas as code')).toEqual([
      expect.stringMatching(/^@typescript-eslint\/no-restricted-imports: .*no server code in the bundle/),
    ]);
  });

  it('keeps src/contracts free of server modules and frameworks (zod and the pure folders only)', () => {
    expect(messages.get('contracts import a server module')).toEqual([
      expect.stringMatching(/^import-x\/no-restricted-paths: .*contracts is what web\/ sees/),
    ]);
    expect(messages.get('contracts import a framework')).toEqual([
      expect.stringMatching(/^no-restricted-imports: .*contracts reach the browser/),
    ]);
    expect(messages.get('contracts import the pure domain and zod')).toEqual([]);
  });
});
