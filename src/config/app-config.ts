/**
 * The service's configuration: every environment variable it reads, validated once at boot.
 * A bad value stops the start with a message naming the variable. README's configuration table
 * mirrors this class.
 */
import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateIf, validateSync } from 'class-validator';

const toBool = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  const v = String(value).trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  return value; // left as is: IsBoolean reports it
};
const toInt = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '') return undefined;
  return /^-?\d+$/.test(String(value).trim()) ? Number(value) : value;
};

export class AppConfig {
  /** development | production | test */
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /** postgres://user:password@host:port/database — when unset, an embedded PostgreSQL is started. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(120000)
  DATABASE_CONNECT_TIMEOUT_MS = 5000;

  /** Longest a single SQL statement may run on a pool connection (PostgreSQL statement_timeout); 0 turns it off. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  DATABASE_STATEMENT_TIMEOUT_MS = 30_000;

  /** Longest a statement may wait for a lock (PostgreSQL lock_timeout); 0 turns it off. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  DATABASE_LOCK_TIMEOUT_MS = 10_000;

  /** How long the database may stay unreachable before liveness (/health) fails; 0: never for that reason. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  DATABASE_LIVENESS_TIMEOUT_MS = 60_000;

  /** Apply pending migrations at start (under an advisory lock); false: refuse to start while one is pending. */
  @Transform(toBool)
  @IsBoolean()
  MIGRATIONS_RUN = true;

  /** A GraphQL request's deadline: past it, the request answers SERVICE_UNAVAILABLE; 0 turns it off. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  REQUEST_TIMEOUT_MS = 30_000;

  /** On SIGTERM/SIGINT, how long requests in flight may take to finish before connections are closed. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(600_000)
  SHUTDOWN_GRACE_MS = 10_000;

  /** First wait before restarting an embedded PostgreSQL that died; doubles per failed attempt (up to 30 s). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60_000)
  EMBEDDED_PG_RESTART_DELAY_MS = 500;

  /** Failed restarts in a row after which the embedded PostgreSQL is given up (liveness then fails). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1000)
  EMBEDDED_PG_MAX_RESTARTS = 8;

  /** Where the embedded PostgreSQL keeps its data (only without DATABASE_URL). */
  @IsOptional()
  @IsString()
  EMBEDDED_PG_DIR?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(65535)
  EMBEDDED_PG_PORT = 54329;

  /** Directory of the rule files. */
  @IsString()
  RULES_DIR = 'rules';

  /** Safety net beside the notification channel: how often an instance checks which rule set is published, in seconds. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  RULES_POLL_SECONDS = 30;

  /** How often an instance writes its heartbeat (id, rule set version served) to `service_instances`, in seconds. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(300)
  INSTANCE_HEARTBEAT_SECONDS = 10;

  /** Load the small demo bank into an empty database at start. Default: on, except in production. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  DEMO_DATA!: boolean;

  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';

  /** Deepest field nesting a GraphQL query may have. */
  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(100)
  GRAPHQL_MAX_DEPTH = 12;

  /** Most aliases one GraphQL query may use. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1000)
  GRAPHQL_MAX_ALIASES = 30;

  /** Highest query cost: each field counts 1, multiplied by the page sizes of the lists around it. */
  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(10_000_000)
  GRAPHQL_MAX_COST = 20_000;

  /** Most operations one GraphQL document may hold. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  GRAPHQL_MAX_OPERATIONS = 5;

  /** Most tokens (names, punctuation, values) one GraphQL document may hold; parsing stops there. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(1_000_000)
  GRAPHQL_MAX_TOKENS = 2000;

  /** Largest request body accepted, in kilobytes. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(102_400)
  REQUEST_BODY_LIMIT_KB = 100;

  /** HS256 secret that signs and verifies tokens (at least 32 characters). Required in production unless JWKS_URL is set. */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  /** The identity provider's key set: tokens are then verified against its keys (JWT_ALGORITHMS). */
  @IsOptional()
  @Matches(/^https?:\/\/.+/, { message: 'JWKS_URL must be an http(s) URL' })
  JWKS_URL?: string;

  /** Algorithms the identity provider's tokens may be signed with (comma-separated; only with JWKS_URL). */
  @Matches(/^(RS256|PS256|ES256|EdDSA)(,(RS256|PS256|ES256|EdDSA))*$/, { message: 'JWT_ALGORITHMS must list RS256, PS256, ES256 or EdDSA, comma-separated' })
  JWT_ALGORITHMS = 'RS256,PS256,ES256,EdDSA';

  /** When set, a token's `iss` must equal it. */
  @IsOptional()
  @IsString()
  JWT_ISSUER?: string;

  /** When set, a token's `aud` must include it. */
  @IsOptional()
  @IsString()
  JWT_AUDIENCE?: string;

  /** Lifetime of tokens printed by `npm run token` and at start in development, in minutes. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 60)
  TOKEN_TTL_MINUTES = 480;

  /** Longest a token may live (exp − iat) and longest since it was issued, in minutes; 0: no limit. With a limit, tokens need `iat`. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(7 * 24 * 60)
  TOKEN_MAX_AGE_MINUTES = 720;

  /** Creates an ADMIN manager with this external id at start when no manager has it. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9._:-]{1,64}$/, { message: 'BOOTSTRAP_ADMIN_ID must be 1–64 letters, digits, dots, colons, dashes or underscores' })
  BOOTSTRAP_ADMIN_ID?: string;

  /** Where the rate limit counters live: postgres (shared by every instance on the database), redis (shared, REDIS_URL) or memory (per instance). */
  @IsIn(['postgres', 'redis', 'memory'])
  RATE_LIMIT_STORE: 'postgres' | 'redis' | 'memory' = 'postgres';

  /** redis://[:password@]host:port[/db] — required when RATE_LIMIT_STORE=redis. */
  @ValidateIf((c: AppConfig) => c.RATE_LIMIT_STORE === 'redis' || c.REDIS_URL !== undefined)
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// or rediss:// URL (required when RATE_LIMIT_STORE=redis)' })
  REDIS_URL?: string;

  /** Requests a manager may make per minute, counted across every instance; 0 turns the limit off. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  RATE_LIMIT_PER_MINUTE = 600;

  /** Requests a manager may make in a burst above the steady rate. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  RATE_LIMIT_BURST = 60;

  /** Requests a SYSTEM account (an integration pushing data) may make per minute, with bursts of a tenth of it; 0 turns it off. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  RATE_LIMIT_SYSTEM_PER_MINUTE = 12_000;

  /** Refresh workers this instance runs (jobs of the queue taken at once); 0 makes a read-only API instance. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(32)
  WORKERS = 1;

  /** How long a lead page stays in this instance's cache (dropped sooner when opportunities change); 0 turns the cache off. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60_000)
  LEAD_CACHE_MS = 2000;

  /** Changed persons one worker refreshes together (pg-boss jobs fetched at once). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(5000)
  REFRESH_BATCH_SIZE = 200;

  /** Local time (HH:MM, the service's time zone) of the nightly full refresh that moves every decision to the new day; `off` disables it. */
  @Matches(/^(([01]\d|2[0-3]):[0-5]\d|off)$/, { message: 'REFRESH_NIGHTLY_AT must be HH:MM (00:00–23:59) or off' })
  REFRESH_NIGHTLY_AT = '02:00';

  /** Retries of a failing refresh job (with exponential backoff) before it is dead-lettered. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100)
  REFRESH_RETRY_LIMIT = 5;

  /** First retry delay of a failing refresh job, in seconds (doubling on each retry). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  REFRESH_RETRY_DELAY_SECONDS = 10;

  /** A refresh job running longer than this is taken as dead (its worker died) and retried. */
  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(86_400)
  REFRESH_JOB_TIMEOUT_SECONDS = 1800;

  /** Days an ACCEPTED opportunity holds its product back (like a holding) while the holding has not arrived. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3650)
  ACCEPTANCE_SUPPRESSION_DAYS = 90;

  /** How many days back a manager may date an outcome (recordOutcome's occurredAt); SYSTEM may date any outcome back to the opportunity's creation. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3650)
  OUTCOME_BACKDATE_DAYS = 7;

  /** Serve Prometheus metrics at GET /metrics. */
  @Transform(toBool)
  @IsBoolean()
  METRICS_ENABLED = false;

  /** When set, GET /metrics requires `Authorization: Bearer <METRICS_TOKEN>` (at least 16 characters). */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string;

  /** Engine guard: credit, card, investment and insurance products are offered from this age (a product's own minAge overrides it). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(120)
  GUARD_ADULT_AGE = 18;

  /** Engine guard: loans are offered up to this age (0 turns the limit off; a product's own maxAge overrides it). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(120)
  GUARD_MAX_AGE_LOANS = 70;

  /** Engine guard: investments of risk level R3 and above are offered up to this age (0 turns the limit off). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(120)
  GUARD_MAX_AGE_HIGH_RISK_INVESTMENTS = 80;

  /** Engine guard: most new credit products (loans, mortgages, credit cards) among a party's live offers. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(20)
  GUARD_MAX_NEW_CREDIT_OFFERS = 1;

  /** json: one JSON object a line (for log shippers); text: readable lines for people. Default: json in production, text elsewhere. */
  @IsOptional()
  @IsIn(['json', 'text'])
  LOG_FORMAT!: 'json' | 'text';
}

/**
 * Outside production, without JWT_SECRET or JWKS_URL, tokens are signed with this well-known secret
 * so that `npm start` works on a fresh machine. It protects nothing; production refuses to start
 * without a real secret or key set.
 */
export const DEVELOPMENT_JWT_SECRET = 'development-only-secret-do-not-use-in-production';

/** The HS256 secret in force: JWT_SECRET, or the development secret outside production. */
export function jwtSecret(config: Pick<AppConfig, 'JWT_SECRET' | 'NODE_ENV'>): string | undefined {
  return config.JWT_SECRET ?? (config.NODE_ENV === 'production' ? undefined : DEVELOPMENT_JWT_SECRET);
}

/**
 * What serving requests needs beyond a valid configuration: in production, a real way to verify
 * tokens. Checked by the server at start (tools such as seed and migrate do not serve).
 */
export function assertCanServe(config: AppConfig): void {
  if (config.NODE_ENV === 'production' && !config.JWT_SECRET && !config.JWKS_URL) {
    throw new ConfigValidationError(['JWT_SECRET or JWKS_URL must be set in production: tokens cannot be verified without one']);
  }
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigValidationError';
  }
}

/** Reads and validates the configuration; throws ConfigValidationError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new AppConfig());
  const raw: Record<string, unknown> = {};
  for (const key of [...known, 'DEMO_DATA', 'LOG_FORMAT', 'DATABASE_URL', 'EMBEDDED_PG_DIR', 'JWT_SECRET', 'JWKS_URL', 'JWT_ISSUER', 'JWT_AUDIENCE', 'BOOTSTRAP_ADMIN_ID', 'REDIS_URL', 'METRICS_TOKEN']) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: false, forbidUnknownValues: true });
  const problems = errors.map((e) => {
    const shown = ['DATABASE_URL', 'JWT_SECRET', 'REDIS_URL', 'METRICS_TOKEN'].includes(e.property) ? '(hidden: it may hold a password)' : JSON.stringify(e.value);
    return `${e.property}=${shown}: ${Object.values(e.constraints ?? {}).join('; ')}`;
  });
  if (errors.length === 0 && config.TOKEN_MAX_AGE_MINUTES > 0 && config.TOKEN_TTL_MINUTES > config.TOKEN_MAX_AGE_MINUTES) {
    problems.push(`TOKEN_TTL_MINUTES=${config.TOKEN_TTL_MINUTES}: must not exceed TOKEN_MAX_AGE_MINUTES (${config.TOKEN_MAX_AGE_MINUTES}), or the tokens made would be refused`);
  }
  if (problems.length > 0) throw new ConfigValidationError(problems);
  // Production never invents a demo bank, and writes logs for shippers, unless told otherwise.
  config.DEMO_DATA ??= config.NODE_ENV !== 'production';
  config.LOG_FORMAT ??= config.NODE_ENV === 'production' ? 'json' : 'text';
  return config;
}
