/**
 * JSON Web Tokens, verified with node:crypto only: HS256 with a shared secret, or RS256 with the
 * identity provider's public keys (JWKS). The algorithm is fixed by configuration, never taken from
 * the token, so a token cannot choose a weaker check ("alg": "none", or HS256 signed with a public
 * key). Framework-free: no Nest, no I/O except the JWKS fetch the key source is given.
 */
import { createHmac, createPublicKey, timingSafeEqual, verify as verifySignature, type KeyObject } from 'node:crypto';

export type JwtAlgorithm = 'HS256' | 'RS256';

/** Why a token was refused. The message is safe to show: it never quotes the token. */
export class TokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenError';
  }
}

export interface JwtClaims {
  sub: string;
  exp: number;
  iat?: number;
  nbf?: number;
  iss?: string;
  aud?: string | string[];
  [claim: string]: unknown;
}

const base64url = (input: Buffer | string): string => Buffer.from(input).toString('base64url');

function decodeJson(part: string, what: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
    return value as Record<string, unknown>;
  } catch {
    throw new TokenError(`the token's ${what} is not valid JSON`);
  }
}

/** Signs an HS256 token (for `npm run token` and tests). */
export function signHs256(claims: Record<string, unknown>, secret: string, header: Record<string, unknown> = {}): string {
  const head = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', ...header }));
  const body = base64url(JSON.stringify(claims));
  const signature = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${signature}`;
}

/** Where verification keys come from: a shared secret, or public keys by key id. */
export interface KeySource {
  readonly algorithm: JwtAlgorithm;
  /** The key for this token header; throws TokenError when there is none. */
  keyFor(header: Record<string, unknown>): Promise<KeyObject | Buffer>;
}

export function secretKeySource(secret: string): KeySource {
  const key = Buffer.from(secret, 'utf8');
  return { algorithm: 'HS256', keyFor: async () => key };
}

/**
 * Public keys from a JWKS URL, cached; an unknown key id refetches the set (at most once per
 * `minRefetchMs`, so a flood of made-up key ids cannot flood the identity provider).
 */
export function jwksKeySource(url: string, options: { fetch?: typeof fetch; cacheMs?: number; minRefetchMs?: number; timeoutMs?: number } = {}): KeySource {
  const doFetch = options.fetch ?? fetch;
  const cacheMs = options.cacheMs ?? 10 * 60_000;
  const minRefetchMs = options.minRefetchMs ?? 30_000;
  let keys = new Map<string, KeyObject>();
  let fetchedAt = 0;
  let inFlight: Promise<void> | undefined;

  const load = () =>
    (inFlight ??= (async () => {
      try {
        const response = await doFetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 5000) });
        if (!response.ok) throw new Error(`status ${response.status}`);
        const body = (await response.json()) as { keys?: Record<string, unknown>[] };
        const next = new Map<string, KeyObject>();
        for (const jwk of body.keys ?? []) {
          if (jwk.kty !== 'RSA' || (jwk.use !== undefined && jwk.use !== 'sig') || (jwk.alg !== undefined && jwk.alg !== 'RS256')) continue;
          try {
            next.set(String(jwk.kid ?? ''), createPublicKey({ key: jwk as never, format: 'jwk' }));
          } catch {
            // a malformed key in the set is skipped; the others still serve
          }
        }
        keys = next;
        fetchedAt = Date.now();
      } catch (error) {
        fetchedAt = Date.now(); // do not hammer a failing provider
        throw new TokenError(`the identity provider's keys could not be loaded (${(error as Error).message})`);
      } finally {
        inFlight = undefined;
      }
    })());

  return {
    algorithm: 'RS256',
    async keyFor(header) {
      const kid = typeof header.kid === 'string' ? header.kid : '';
      const age = Date.now() - fetchedAt;
      if (fetchedAt === 0 || age > cacheMs || (!keys.has(kid) && age > minRefetchMs)) await load();
      const key = keys.get(kid) ?? (kid === '' && keys.size === 1 ? [...keys.values()][0] : undefined);
      if (!key) throw new TokenError('the token was signed with a key the identity provider does not publish');
      return key;
    },
  };
}

export interface VerifyOptions {
  issuer?: string;
  audience?: string;
  /** Tolerated clock difference, in seconds. */
  clockToleranceSec?: number;
  now?: () => number;
}

/** Verifies signature, algorithm and time claims; returns the claims. Throws TokenError. */
export async function verifyJwt(token: string, keys: KeySource, options: VerifyOptions = {}): Promise<JwtClaims> {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p)) || !parts[0] || !parts[1] || !parts[2]) {
    throw new TokenError('the token is malformed');
  }
  const [head, body, signature] = parts as [string, string, string];
  const header = decodeJson(head, 'header');
  if (header.alg !== keys.algorithm) throw new TokenError(`the token must be signed with ${keys.algorithm}`);
  const key = await keys.keyFor(header);
  const signed = Buffer.from(`${head}.${body}`);
  const given = Buffer.from(signature, 'base64url');
  const valid =
    keys.algorithm === 'HS256'
      ? ((expected: Buffer) => expected.length === given.length && timingSafeEqual(expected, given))(createHmac('sha256', key as Buffer).update(signed).digest())
      : verifySignature('RSA-SHA256', signed, key as KeyObject, given);
  if (!valid) throw new TokenError('the token signature is invalid');

  const claims = decodeJson(body, 'payload');
  const now = Math.floor((options.now?.() ?? Date.now()) / 1000);
  const tolerance = options.clockToleranceSec ?? 30;
  if (typeof claims.exp !== 'number') throw new TokenError('the token has no expiry (exp)');
  if (claims.exp + tolerance <= now) throw new TokenError('the token has expired');
  if (typeof claims.nbf === 'number' && claims.nbf - tolerance > now) throw new TokenError('the token is not valid yet');
  if (typeof claims.sub !== 'string' || claims.sub.length === 0 || claims.sub.length > 64) throw new TokenError('the token has no subject (sub)');
  if (options.issuer !== undefined && claims.iss !== options.issuer) throw new TokenError('the token was issued by someone else');
  if (options.audience !== undefined) {
    const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!audiences.includes(options.audience)) throw new TokenError('the token is meant for another audience');
  }
  return claims as JwtClaims;
}
