/**
 * JSON Web Tokens, verified with `jose`: HS256 with a shared secret, or the identity provider's
 * public keys (JWKS; RS256, PS256, ES256, EdDSA as configured). The algorithms are fixed by
 * configuration, never taken from the token, so a token cannot choose a weaker check ("alg":
 * "none", or HS256 signed with a public key). Framework-free: no Nest; I/O only for the JWKS fetch.
 */
import { createHmac } from 'node:crypto';
import { createRemoteJWKSet, decodeProtectedHeader, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';

export type JwtAlgorithm = 'HS256' | 'RS256' | 'PS256' | 'ES256' | 'EdDSA';

/** The algorithms an identity provider's keys may sign with (asymmetric only). */
export const JWKS_ALGORITHMS: readonly JwtAlgorithm[] = ['RS256', 'PS256', 'ES256', 'EdDSA'];

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

/** Signs an HS256 token (for `npm run token`, development tokens and tests). */
export function signHs256(claims: Record<string, unknown>, secret: string, header: Record<string, unknown> = {}): string {
  const head = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', ...header }));
  const body = base64url(JSON.stringify(claims));
  const signature = createHmac('sha256', secret).update(`${head}.${body}`).digest('base64url');
  return `${head}.${body}.${signature}`;
}

/** Where verification keys come from, and the algorithms they may be used with. */
export interface KeySource {
  readonly algorithms: readonly JwtAlgorithm[];
  readonly key: Uint8Array | JWTVerifyGetKey;
}

export function secretKeySource(secret: string): KeySource {
  return { algorithms: ['HS256'], key: new TextEncoder().encode(secret) };
}

/**
 * The identity provider's key set (jose's remote JWKS): cached `cacheMs`; a token naming an unknown
 * key id refetches at most once per `minRefetchMs`, so a flood of made-up key ids cannot flood the
 * provider; after a failed fetch the next attempt waits `retryAfterFailureMs` (refused meanwhile).
 */
export function jwksKeySource(
  url: string,
  options: { algorithms?: readonly JwtAlgorithm[]; cacheMs?: number; minRefetchMs?: number; timeoutMs?: number; retryAfterFailureMs?: number } = {},
): KeySource {
  const remote = createRemoteJWKSet(new URL(url), {
    cacheMaxAge: options.cacheMs ?? 10 * 60_000,
    cooldownDuration: options.minRefetchMs ?? 30_000,
    timeoutDuration: options.timeoutMs ?? 5000,
  });
  const retryAfterFailureMs = options.retryAfterFailureMs ?? 5000;
  let failedAt = 0;
  let failure = '';
  const key: JWTVerifyGetKey = async (header, token) => {
    if (failedAt !== 0 && Date.now() - failedAt < retryAfterFailureMs) throw new TokenError(`the identity provider's keys could not be loaded (${failure})`);
    try {
      const found = await remote(header, token);
      failedAt = 0;
      return found;
    } catch (error) {
      if (error instanceof errors.JWKSTimeout || (error instanceof errors.JOSEError && /JSON Web Key Set HTTP response/.test(error.message)) || isNetworkError(error)) {
        failedAt = Date.now();
        failure = error instanceof errors.JWKSTimeout ? 'timeout' : error instanceof errors.JOSEError ? 'bad answer' : 'unreachable';
        throw new TokenError(`the identity provider's keys could not be loaded (${failure})`);
      }
      throw error;
    }
  };
  return { algorithms: options.algorithms ?? JWKS_ALGORITHMS, key };
}

function isNetworkError(error: unknown): boolean {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && /^E[A-Z]+$/.test((error as NodeJS.ErrnoException).code!);
}

export interface VerifyOptions {
  issuer?: string;
  audience?: string;
  /** Tolerated clock difference, in seconds. */
  clockToleranceSec?: number;
  /** Longest a token may live (exp − iat) and longest since it was issued (iat), in seconds; it then needs `iat`. */
  maxAgeSec?: number;
}

/** jose's refusals, in words a caller can act on. */
function describe(error: unknown, keys: KeySource): TokenError {
  if (error instanceof TokenError) return error;
  if (error instanceof errors.JWTExpired) {
    return new TokenError(error.claim === 'iat' ? 'the token is older than the maximum token age' : 'the token has expired');
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === 'missing') {
      const what: Record<string, string> = { exp: 'no expiry (exp)', iat: 'no issue time (iat), which the maximum token age needs', sub: 'no subject (sub)' };
      return new TokenError(`the token has ${what[error.claim] ?? `no ${error.claim} claim`}`);
    }
    if (error.claim === 'nbf') return new TokenError('the token is not valid yet');
    if (error.claim === 'iss') return new TokenError('the token was issued by someone else');
    if (error.claim === 'aud') return new TokenError('the token is meant for another audience');
    if (error.claim === 'iat') return new TokenError('the token has an invalid issue time (iat)');
    return new TokenError(`the token's ${error.claim} claim is invalid`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return new TokenError(`the token must be signed with ${keys.algorithms.join(', ')}`);
  if (error instanceof errors.JWSSignatureVerificationFailed) return new TokenError('the token signature is invalid');
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return new TokenError('the token was signed with a key the identity provider does not publish');
  }
  if (error instanceof errors.JWTInvalid && /payload/i.test(error.message)) return new TokenError("the token's payload is not valid JSON");
  return new TokenError('the token cannot be verified');
}

/** Verifies algorithm, signature and claims; returns the claims. Throws TokenError. */
export async function verifyJwt(token: string, keys: KeySource, options: VerifyOptions = {}): Promise<JwtClaims> {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => p.length === 0 || !/^[A-Za-z0-9_-]*$/.test(p))) throw new TokenError('the token is malformed');
  try {
    decodeProtectedHeader(token);
  } catch {
    throw new TokenError("the token's header is not valid JSON");
  }
  let claims: JwtClaims;
  try {
    const verified = await jwtVerify(token, keys.key as JWTVerifyGetKey, {
      algorithms: [...keys.algorithms],
      issuer: options.issuer,
      audience: options.audience,
      clockTolerance: options.clockToleranceSec ?? 30,
      requiredClaims: ['exp', ...(options.maxAgeSec ? ['iat'] : [])],
      maxTokenAge: options.maxAgeSec || undefined,
    });
    claims = verified.payload as JwtClaims;
  } catch (error) {
    throw describe(error, keys);
  }
  if (typeof claims.sub !== 'string' || claims.sub.length === 0 || claims.sub.length > 64) throw new TokenError('the token has no subject (sub)');
  if (options.maxAgeSec && typeof claims.iat === 'number' && claims.exp - claims.iat > options.maxAgeSec) {
    throw new TokenError('the token lives longer than the maximum token age allows');
  }
  return claims;
}
