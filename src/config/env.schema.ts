import { z } from 'zod';
import { PRETERM_RULE_SET_IDS } from '../pathways';

/**
 * Every environment variable Beacon reads, with its default. `.env.example` and docs/configuration.md list the
 * same variables; a unit test keeps the three in step.
 */
export const ENV_SCHEMA = z.object({
  BEACON_ROLE: z.enum(['api', 'worker', 'all']).default('all'),
  BEACON_CLINICAL_MODE: z.enum(['live', 'demo']).default('demo'),
  BEACON_HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  BEACON_HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /**
   * Bearer token Prometheus sends to GET /metrics (at least 16 characters). Empty: /metrics answers 404. Operational
   * figures only, never patient data.
   */
  BEACON_METRICS_TOKEN: z.union([z.literal(''), z.string().min(16)]).default(''),
  /** A worker-only process serves its own /metrics on this loopback port (0: none). Same token. */
  BEACON_WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  BEACON_DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/ })
    .default('postgres://beacon:beacon@127.0.0.1:5432/beacon'),
  BEACON_DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(12),
  /**
   * Connections of each process's pool that EPR intake never takes: a midwife's acknowledgement, a screen's delivery
   * receipt or snapshot, the outbox hand-over and /health never queue behind a flood of observations.
   */
  BEACON_DATABASE_RESERVED_CONNECTIONS: z.coerce.number().int().min(0).max(50).default(2),
  /**
   * Distinct parameterised statements each process prepares (named) on every connection, so PostgreSQL parses and
   * plans them once (0: none, every statement unnamed, as behind a connection pooler without prepared statements).
   */
  BEACON_DATABASE_PREPARED_STATEMENTS: z.coerce.number().int().min(0).max(10_000).default(500),
  /** How long a request waits for a connection from the pool before it fails as overloaded (503, nothing stored). */
  BEACON_DATABASE_CONNECTION_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3000),
  /**
   * How long an intake transaction waits for one of intake's connections before it is refused as overloaded (503 with
   * Retry-After, nothing stored). Keep it below the EPR's own request timeout: past that the EPR sends the same data
   * again while the first copy still waits, and Beacon does the work twice.
   */
  BEACON_INTAKE_MAX_WAIT_MS: z.coerce.number().int().min(100).max(600_000).default(8000),
  /** Intake answers 503 (overloaded, Retry-After) while this many requests already wait for a database connection. */
  BEACON_INTAKE_MAX_POOL_WAITERS: z.coerce.number().int().min(1).default(200),
  /** Intake answers 503 (overloaded, Retry-After) while this many assessment jobs wait in the queue. */
  BEACON_INTAKE_MAX_QUEUED_JOBS: z.coerce.number().int().min(1).default(50_000),
  BEACON_REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
  BEACON_QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, "-" and "_" only')
    .default('beacon'),
  BEACON_WARD_CONFIG: z.string().min(1).default('config/wards.json'),
  /** Directory of the chart files (*.chart.json) loaded at start-up. */
  BEACON_CHART_DIR: z.string().min(1).default('config/charts'),
  /** The URL clients reach Beacon at: the audience of client assertions and the subscription endpoint. */
  BEACON_PUBLIC_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:3000'),
  /** Signs Beacon's access tokens (HS256, at least 32 characters). Required in live mode; random per start in demo. */
  BEACON_TOKEN_SECRET: z
    .string()
    .refine((value) => value === '' || value.length >= 32, 'must be at least 32 characters')
    .default(''),
  BEACON_ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(3600).default(300),
  /** Staff sign-in in production: an OpenID Connect provider's JWKS, issuer and audience (empty: not used). */
  BEACON_OIDC_JWKS_URL: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]).default(''),
  BEACON_OIDC_ISSUER: z.string().default(''),
  BEACON_OIDC_AUDIENCE: z.string().default(''),
  /** Claims of the OIDC token that carry the Beacon role and the wards (a list of ward ids). */
  BEACON_OIDC_ROLE_CLAIM: z.string().min(1).default('beacon_role'),
  BEACON_OIDC_WARDS_CLAIM: z.string().min(1).default('beacon_wards'),
  /** Staff sign-in (authorization code + PKCE): Beacon's client id and secret at BEACON_OIDC_ISSUER (empty: no sign-in). */
  BEACON_OIDC_CLIENT_ID: z.string().default(''),
  BEACON_OIDC_CLIENT_SECRET: z.string().default(''),
  BEACON_OIDC_SCOPES: z.string().min(1).default('openid profile offline_access'),
  /** A signed-in person's session ends this long after sign-in, whatever the provider says (default 12 hours). */
  BEACON_SESSION_MAX_SECONDS: z.coerce.number().int().min(10).default(43_200),
  /** A handheld (person's) session locks after this long without a command or request (default 15 minutes). */
  BEACON_IDLE_LOCK_SECONDS: z.coerce.number().int().min(5).default(900),
  /** A paired ward display's session lasts this long without contact before it must be paired again. */
  BEACON_DISPLAY_SESSION_DAYS: z.coerce.number().int().min(1).max(400).default(90),
  /** The EPR systems allowed to obtain tokens (SMART Backend Services), with their public keys. */
  BEACON_CLIENTS_FILE: z.string().default('config/clients.json'),
  BEACON_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(6000),
  BEACON_TOKEN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  /**
   * Express `trust proxy`: which proxies may set X-Forwarded-For, so the address a limit counts is the EPR's, not
   * the TLS proxy's. `false` (default: the socket's address), `true`, a number of hops, or a comma-separated list of
   * addresses, subnets or the names loopback, linklocal, uniquelocal.
   */
  BEACON_TRUST_PROXY: z
    .string()
    .trim()
    .regex(
      /^(true|false|\d{1,2}|[0-9A-Za-z.:/, ]{1,512})$/,
      'true, false, a number of hops, or addresses/subnets',
    )
    .default('false'),
  BEACON_FHIR_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  BEACON_FHIR_MAX_BUNDLE_ENTRIES: z.coerce.number().int().min(1).default(500),
  /** How far ahead of Beacon's clock an effective time may be (clock skew between systems). */
  BEACON_FUTURE_TOLERANCE_SECONDS: z.coerce.number().int().min(0).default(300),
  /** Score preliminary Observations (default: store them, do not score them). */
  BEACON_SCORE_PRELIMINARY: z.stringbool().default(false),
  /** An upstream FHIR server to subscribe to (empty: none). */
  BEACON_FHIR_UPSTREAM_URL: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]).default(''),
  BEACON_FHIR_UPSTREAM_BEARER_TOKEN: z.string().default(''),
  /** Authenticates deliveries to /fhir/notify (Authorization: Bearer header and/or X-Signature HMAC). */
  BEACON_FHIR_NOTIFY_SECRET: z
    .string()
    .refine((value) => value === '' || value.length >= 16, 'must be at least 16 characters')
    .default(''),
  BEACON_FHIR_CATCHUP_INTERVAL_MS: z.coerce.number().int().min(1000).default(60_000),
  /** Write each scored observation set back to the upstream server as a score Observation (derivedFrom the readings). */
  BEACON_FHIR_WRITE_BACK: z.stringbool().default(false),
  /** How far back the very first catch-up with an upstream server looks. */
  BEACON_FHIR_CATCHUP_INITIAL_HOURS: z.coerce.number().int().min(0).default(24),
  /** The preterm optimisation rule set prompts and passports follow (src/pathways/preterm/rule-sets.ts). */
  BEACON_PRETERM_RULE_SET: z
    .string()
    .refine((id) => PRETERM_RULE_SET_IDS.includes(id), {
      message: `must be one of ${PRETERM_RULE_SET_IDS.join(', ')}`,
    })
    .default('MatNeoSIP-2023'),
  BEACON_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** When set, a worker process touches this file every 10 s (a container health check reads its age). */
  BEACON_HEARTBEAT_FILE: z.string().default(''),
  BEACON_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10000),
  /** How often the outbox is checked for work not yet handed to the queue (e.g. after a Redis outage). */
  BEACON_OUTBOX_POLL_MS: z.coerce.number().int().min(50).default(1000),
  /**
   * A loose reading joins the nearest set taken within this many minutes that lacks its parameter (same-instant
   * readings and panel members are one set whatever this says); a repeated parameter always starts a new set.
   */
  BEACON_SET_WINDOW_MINUTES: z.coerce.number().min(0).max(120).default(10),
  /**
   * Observation sets taken within this many minutes are live; older ones (an EPR catching up after an outage) are
   * scored after the live ones waiting with them, so a backlog never delays a deteriorating woman's new set.
   */
  BEACON_LIVE_WINDOW_MINUTES: z.coerce.number().min(1).max(1440).default(15),
  /** Observation sets taken longer ago than this are scored and kept but raise no alert (a backfill, an import). */
  BEACON_ALERT_MAX_SET_AGE_HOURS: z.coerce.number().min(0).default(24),
  /** How often the timer sweep looks for escalation and overdue timers whose job never ran. */
  BEACON_TIMER_SWEEP_MS: z.coerce.number().int().min(1000).default(15_000),
  /**
   * How often the worker looks in PostgreSQL for readings waiting for assessment longer than five times this
   * (their queue job was lost, e.g. with Redis's data) and queues them again. Also how often scoring lag is measured for the screens.
   */
  BEACON_SCORING_SWEEP_MS: z.coerce.number().int().min(100).default(2000),
  /** A ward whose oldest reading waiting for assessment is older than this is told that Beacon is behind. */
  BEACON_SCORING_LAG_WARNING_SECONDS: z.coerce.number().int().min(1).default(30),
  /** Ward screens get a heartbeat this often; three missed beats and a screen shows that it may be stale. */
  BEACON_SCREEN_HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(60).default(5),
  /** Commands one person's screens may send per minute (per api process): acknowledgements, joins, receipts. */
  BEACON_SCREEN_COMMANDS_PER_MINUTE: z.coerce.number().int().min(1).default(300),
  BEACON_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  BEACON_JOB_LOCK_MS: z.coerce.number().int().min(1000).default(5000),
  BEACON_JOB_STALLED_CHECK_MS: z.coerce.number().int().min(500).default(2000),
});

export type Env = z.infer<typeof ENV_SCHEMA>;
