import type { Probe } from './support/lint-probes';
import { lintProbes } from './support/lint-probes';

const importing = (module: string) => `import * as m from '${module}';\nexport const probe = m;\n`;

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
    name: 'reports imports gateway',
    file: 'src/reports/probe.ts',
    source: importing('../gateway/events'),
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
    name: 'web imports the event contract',
    file: 'web/src/probe.tsx',
    source: importing('../../src/gateway/events'),
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

  it('keeps alerts below prompts and reports, except the worker jobs that compose them', () => {
    expect(messages.get('alerts imports prompts')).toEqual([
      expect.stringMatching(/^import-x\/no-restricted-paths: .*alerts is below prompts and reports/),
    ]);
    expect(messages.get('alerts imports reports')).toEqual([
      expect.stringMatching(/^import-x\/no-restricted-paths: .*alerts is below prompts and reports/),
    ]);
    expect(messages.get('alerts/jobs imports prompts')).toEqual([]);
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

  it('lets the browser code import only the typed event contract from the server', () => {
    expect(messages.get('web imports a server module')).toEqual([
      expect.stringMatching(/web imports only the typed event contract/),
    ]);
    expect(messages.get('web imports the event contract')).toEqual([]);
  });
});
