// The import direction of docs/architecture.md §3, shared by eslint.config.mjs and the boundary test
// (test/unit/lint-boundaries.spec.ts), so the test proves the rules the project actually runs.
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

export const FRAMEWORK_AND_IO = [
  '@nestjs/*',
  'typeorm',
  'pg',
  'bullmq',
  'ioredis',
  'socket.io',
  'socket.io-client',
  '@socket.io/*',
  'fhir-kit-client',
  'fhir',
  '@types/fhir',
  'node:*',
  'fs',
  'path',
  'http',
  'crypto',
  'zod',
  'jose',
];

/** Folders whose code is pure: plain synchronous TypeScript, no framework, no I/O. */
export const PURE = [
  'src/scoring/**/*.ts',
  'src/pathways/**/*.ts',
  'src/alerts/domain/**/*.ts',
  'src/prompts/domain/**/*.ts',
  'src/assessment/domain/**/*.ts',
  'src/measures/spc/**/*.ts',
  'src/measures/domain/**/*.ts',
];

export const boundaries = [
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })] },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './src/scoring',
              from: './src',
              except: ['./scoring'],
              message: 'scoring is pure: it imports only itself.',
            },
            {
              target: './src/pathways',
              from: './src',
              except: ['./pathways'],
              message: 'pathways is pure: it imports only itself.',
            },
            {
              target: './src/alerts/domain',
              from: './src',
              except: ['./alerts/domain', './scoring', './pathways'],
              message: 'alerts/domain is pure.',
            },
            {
              target: './src/prompts/domain',
              from: './src',
              except: ['./prompts/domain', './alerts/domain', './scoring', './pathways'],
              message: 'prompts/domain is pure.',
            },
            {
              target: './src/assessment/domain',
              from: './src',
              except: ['./assessment/domain', './scoring'],
              message: 'assessment/domain is pure.',
            },
            {
              // assessment/jobs composes the worker (assess a patient, decide her alerts, then her family's prompts),
              // so it is left out.
              target: [
                './src/assessment/*.ts',
                './src/assessment/domain/**',
                './src/assessment/persistence/**',
              ],
              from: ['./src/alerts', './src/prompts', './src/reports', './src/gateway', './src/fhir'],
              message: 'assessment sits below alerts, gateway and fhir (it scores; they decide and show).',
            },
            {
              target: './src/measures/spc',
              from: './src',
              except: ['./measures/spc'],
              message: 'measures/spc is pure: it imports only itself.',
            },
            {
              target: './src/measures/domain',
              from: './src',
              except: ['./measures/domain', './measures/spc', './pathways'],
              message: 'measures/domain is pure.',
            },
            {
              target: './src/config',
              from: './src',
              except: ['./config', './scoring', './pathways'],
              message: 'config sits below every feature.',
            },
            {
              target: './src/queue',
              from: './src',
              // commit-statement.ts: the outbox's insert is sent with the transaction's COMMIT (it imports only pg).
              except: ['./queue', './config', './redis', './database/persistence/commit-statement.ts'],
              message:
                'queue knows only names, payloads, config, the Redis connection and commit statements.',
            },
            {
              target: './src/fhir',
              from: ['./src/alerts', './src/prompts', './src/reports', './src/gateway'],
              message: 'fhir is below alerts, prompts, reports and gateway.',
            },
            {
              target: './src/alerts',
              from: './src/gateway',
              message: 'alerts never imports gateway (use an event).',
            },
            {
              // alerts/jobs composes the worker (assess a patient, then her family's prompts), so it is left out.
              target: ['./src/alerts/*.ts', './src/alerts/domain/**', './src/alerts/persistence/**'],
              from: ['./src/prompts', './src/reports'],
              message: 'alerts is below prompts and reports (they read and drive alerts, never the reverse).',
            },
            {
              target: ['./src/prompts', './src/reports'],
              from: './src/gateway',
              message: 'prompts and reports never import gateway (use an event).',
            },
            {
              target: './src/prompts',
              from: './src/reports',
              message: 'prompts never imports reports (reports only read).',
            },
            {
              target: './src/audit',
              from: [
                './src/fhir',
                './src/alerts',
                './src/prompts',
                './src/reports',
                './src/gateway',
                './src/clinical-record',
              ],
              message: 'audit is below every feature.',
            },
            {
              target: './src/clinical-record',
              from: ['./src/fhir', './src/alerts', './src/prompts', './src/reports', './src/gateway'],
              message: 'clinical-record is below fhir, alerts, prompts, reports and gateway.',
            },
            {
              target: './src/contracts',
              from: './src',
              except: [
                './contracts',
                './scoring',
                './pathways',
                './alerts/domain',
                './measures/domain',
                './measures/spc',
              ],
              message:
                'contracts is what web/ sees: it imports only itself and the pure folders (types, plus the zod command schemas).',
            },
            {
              target: './web',
              from: './src',
              except: ['./contracts'],
              message:
                'web imports only src/contracts (the socket contract, the command schemas and the views), type-only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['web/**/*.ts', 'web/**/*.tsx'],
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/src/**'],
              allowTypeImports: true,
              message: 'web takes only types from src/contracts (import type): no server code in the bundle.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: FRAMEWORK_AND_IO.filter((module) => module !== 'zod'),
              message:
                'contracts reach the browser: no framework, database, queue, socket or I/O imports (zod only).',
            },
          ],
        },
      ],
    },
  },
  {
    files: PURE,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: FRAMEWORK_AND_IO,
              message:
                'Pure core: no framework, database, queue, socket, FHIR or I/O imports (docs/architecture.md §3).',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'Pure core: no process, environment or clock.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Pure core: pass the time in.' },
      ],
    },
  },
];
