import { createHmac, generateKeyPairSync, sign as rsaSign } from 'node:crypto';
import { jwksKeySource, secretKeySource, signHs256, verifyJwt } from '../../../src/auth/jwt';

const SECRET = 'unit-test-secret-0123456789abcdefghijkl';
const now = Math.floor(Date.now() / 1000);
const claims = (extra: Record<string, unknown> = {}) => ({ sub: 'CRM-01-1', iat: now, exp: now + 600, ...extra });
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

function rs256(privateKey: ReturnType<typeof generateKeyPairSync>['privateKey'], payload: object, kid = 'k1'): string {
  const head = b64({ alg: 'RS256', typ: 'JWT', kid });
  const body = b64(payload);
  return `${head}.${body}.${rsaSign('RSA-SHA256', Buffer.from(`${head}.${body}`), privateKey).toString('base64url')}`;
}

describe('HS256 tokens', () => {
  const keys = secretKeySource(SECRET);

  it('accepts a token signed with the secret and returns its claims', async () => {
    await expect(verifyJwt(signHs256(claims(), SECRET), keys)).resolves.toMatchObject({ sub: 'CRM-01-1' });
  });

  it.each([
    ['another secret', () => signHs256(claims(), `${SECRET}x`), /signature is invalid/],
    ['an expired token', () => signHs256(claims({ exp: now - 120 }), SECRET), /expired/],
    ['a token not valid yet', () => signHs256(claims({ nbf: now + 600 }), SECRET), /not valid yet/],
    ['a token without expiry', () => signHs256({ sub: 'CRM-01-1' }, SECRET), /no expiry/],
    ['a token without subject', () => signHs256({ exp: now + 60 }, SECRET), /no subject/],
    ['garbage', () => 'not.a.token!', /malformed/],
    ['two parts', () => 'abc.def', /malformed/],
    ['alg none', () => `${b64({ alg: 'none' })}.${b64(claims())}.x`, /must be signed with HS256/],
    ['RS256 claimed on a secret-verified service', () => `${b64({ alg: 'RS256' })}.${b64(claims())}.c2ln`, /must be signed with HS256/],
    ['a header that is not JSON', () => `bm90anNvbg.${b64(claims())}.c2ln`, /header is not valid JSON/],
  ])('refuses %s', async (_, token, message) => {
    await expect(verifyJwt(token(), keys)).rejects.toThrow(message);
  });

  it('refuses a payload changed after signing', async () => {
    const [head, , sig] = signHs256(claims(), SECRET).split('.');
    await expect(verifyJwt(`${head}.${b64(claims({ sub: 'ADMIN-1' }))}.${sig}`, keys)).rejects.toThrow(/signature is invalid/);
  });

  it('checks issuer and audience when configured', async () => {
    const token = signHs256(claims({ iss: 'idp', aud: ['crosssell'] }), SECRET);
    await expect(verifyJwt(token, keys, { issuer: 'idp', audience: 'crosssell' })).resolves.toBeDefined();
    await expect(verifyJwt(token, keys, { issuer: 'other' })).rejects.toThrow(/issued by someone else/);
    await expect(verifyJwt(token, keys, { audience: 'other' })).rejects.toThrow(/another audience/);
  });

  it('tolerates 30 seconds of clock difference, not more', async () => {
    await expect(verifyJwt(signHs256(claims({ exp: now - 10 }), SECRET), keys)).resolves.toBeDefined();
    await expect(verifyJwt(signHs256(claims({ exp: now - 31 }), SECRET), keys)).rejects.toThrow(/expired/);
  });

  it('never quotes the token in its messages', async () => {
    const token = signHs256(claims({ exp: now - 100 }), SECRET);
    await verifyJwt(token, keys).catch((e: Error) => expect(e.message).not.toContain(token.split('.')[1]!));
    expect.assertions(1);
  });

  it('compares signatures of different lengths without throwing', async () => {
    const [head, body] = signHs256(claims(), SECRET).split('.');
    const short = createHmac('sha1', SECRET).update(`${head}.${body}`).digest('base64url');
    await expect(verifyJwt(`${head}.${body}.${short}`, keys)).rejects.toThrow(/signature is invalid/);
  });
});

describe('RS256 tokens from a JWKS', () => {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwks = { keys: [{ ...pair.publicKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig', alg: 'RS256' }] };

  function source() {
    let fetches = 0;
    const fetch = (async () => {
      fetches++;
      return new Response(JSON.stringify(jwks), { status: 200, headers: { 'content-type': 'application/json' } });
    }) as typeof globalThis.fetch;
    return { keys: jwksKeySource('https://idp.example/jwks', { fetch, minRefetchMs: 60_000 }), fetches: () => fetches };
  }

  it('accepts a token signed by a published key, fetching the key set once', async () => {
    const { keys, fetches } = source();
    await expect(verifyJwt(rs256(pair.privateKey, claims()), keys)).resolves.toMatchObject({ sub: 'CRM-01-1' });
    await expect(verifyJwt(rs256(pair.privateKey, claims()), keys)).resolves.toBeDefined();
    expect(fetches()).toBe(1);
  });

  it('refuses a token signed by another key, and one naming an unknown key id, without refetching each time', async () => {
    const { keys, fetches } = source();
    await expect(verifyJwt(rs256(other.privateKey, claims()), keys)).rejects.toThrow(/signature is invalid/);
    await expect(verifyJwt(rs256(other.privateKey, claims(), 'k2'), keys)).rejects.toThrow(/does not publish/);
    await expect(verifyJwt(rs256(other.privateKey, claims(), 'k3'), keys)).rejects.toThrow(/does not publish/);
    expect(fetches()).toBe(1);
  });

  it('refuses HS256 tokens signed with the public key as a secret (algorithm confusion)', async () => {
    const { keys } = source();
    const pem = pair.publicKey.export({ format: 'pem', type: 'spki' }).toString();
    await expect(verifyJwt(signHs256(claims(), pem), keys)).rejects.toThrow(/must be signed with RS256/);
  });

  it('says so when the identity provider cannot be reached', async () => {
    const keys = jwksKeySource('https://idp.example/jwks', { fetch: (async () => new Response('down', { status: 503 })) as typeof fetch });
    await expect(verifyJwt(rs256(pair.privateKey, claims()), keys)).rejects.toThrow(/could not be loaded \(status 503\)/);
  });
});
