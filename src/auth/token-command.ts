/**
 * `npm run token -- <managerExternalId> [--ttl <minutes>]`: a bearer token for that manager, signed
 * with the configured JWT_SECRET (or the development secret outside production). For local use and
 * scripts; with JWKS_URL set, tokens come from the identity provider instead.
 */
import { ConfigValidationError, jwtSecret, loadConfig, type AppConfig } from '../config/app-config';
import { Client } from 'pg';
import { signManagerToken } from './auth.service';

export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
}

/** Runs the command; returns the exit code. */
export function runTokenCommand(argv: readonly string[], env: NodeJS.ProcessEnv, io: CommandIo): number {
  const args = [...argv];
  let ttl: number | undefined;
  const ttlAt = args.indexOf('--ttl');
  if (ttlAt >= 0) {
    ttl = Number(args[ttlAt + 1]);
    args.splice(ttlAt, 2);
    if (!Number.isInteger(ttl) || ttl < 1 || ttl > 7 * 24 * 60) {
      io.err('--ttl must be a whole number of minutes between 1 and 10080');
      return 2;
    }
  }
  const [externalId, ...rest] = args;
  if (!externalId || rest.length > 0 || !/^[A-Za-z0-9._:-]{1,64}$/.test(externalId)) {
    io.err('usage: npm run token -- <managerExternalId> [--ttl <minutes>]');
    return 2;
  }
  let config: AppConfig;
  try {
    config = loadConfig(env);
  } catch (error) {
    io.err(error instanceof ConfigValidationError ? error.message : String(error));
    return 1;
  }
  if (config.JWKS_URL) {
    io.err('JWKS_URL is set: tokens are issued by the identity provider, not by this tool');
    return 1;
  }
  if (ttl !== undefined && config.TOKEN_MAX_AGE_MINUTES > 0 && ttl > config.TOKEN_MAX_AGE_MINUTES) {
    io.err(`--ttl must not exceed TOKEN_MAX_AGE_MINUTES (${config.TOKEN_MAX_AGE_MINUTES}): a longer-lived token would be refused`);
    return 2;
  }
  const secret = jwtSecret(config);
  if (!secret) {
    io.err('JWT_SECRET must be set in production: there is no secret to sign with');
    return 1;
  }
  if (!config.JWT_SECRET) io.err('note: JWT_SECRET is not set; signing with the development secret (production refuses it)');
  io.out(signManagerToken(externalId, secret, ttl ?? config.TOKEN_TTL_MINUTES));
  return 0;
}

/** The manager id the command was given, when its arguments are well formed. */
export function tokenCommandManagerId(argv: readonly string[]): string | undefined {
  const args = [...argv];
  const ttlAt = args.indexOf('--ttl');
  if (ttlAt >= 0) args.splice(ttlAt, 2);
  return args.length === 1 && /^[A-Za-z0-9._:-]{1,64}$/.test(args[0]!) ? args[0] : undefined;
}

/**
 * Refuses a token for a manager the database does not know (a typo would otherwise give a token
 * that every request refuses). Returns the exit code, or undefined when the manager exists.
 */
export async function refuseUnknownManager(externalId: string, databaseUrl: string, io: CommandIo): Promise<number | undefined> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'cross-sell-token' });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT 1 FROM managers WHERE external_id = $1', [externalId]);
    if (rows.length > 0) return undefined;
    io.err(`no manager has the external id ${externalId}: create it first (upsertManager, or BOOTSTRAP_ADMIN_ID for the first ADMIN)`);
    return 1;
  } finally {
    await client.end();
  }
}
