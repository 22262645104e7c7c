import { z } from 'zod';

/**
 * Every environment variable Beacon reads, with its default. `.env.example` and docs/configuration.md list the
 * same variables; a unit test keeps the three in step.
 */
export const ENV_SCHEMA = z.object({
  BEACON_ROLE: z.enum(['api', 'worker', 'all']).default('all'),
  BEACON_CLINICAL_MODE: z.enum(['live', 'demo']).default('demo'),
  BEACON_HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  BEACON_HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  BEACON_DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/ })
    .default('postgres://beacon:beacon@127.0.0.1:5432/beacon'),
  BEACON_DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  BEACON_REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
  BEACON_QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, "-" and "_" only')
    .default('beacon'),
  BEACON_WARD_CONFIG: z.string().min(1).default('config/wards.json'),
  BEACON_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** When set, a worker process touches this file every 10 s (a container health check reads its age). */
  BEACON_HEARTBEAT_FILE: z.string().default(''),
  BEACON_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10000),
  BEACON_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  BEACON_JOB_LOCK_MS: z.coerce.number().int().min(1000).default(5000),
  BEACON_JOB_STALLED_CHECK_MS: z.coerce.number().int().min(500).default(2000),
});

export type Env = z.infer<typeof ENV_SCHEMA>;
