import { createHmac, generateKeyPairSync, sign as rsaSign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
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

describe('maximum token age', () => {
  const keys = secretKeySource(SECRET);
  const maxAgeSec = 720 * 60;

  it('accepts a token that lives no longer than the maximum age', async () => {
    await expect(verifyJwt(signHs256(claims({ exp: now + maxAgeSec }), SECRET), keys, { maxAgeSec })).resolves.toBeDefined();
  });

  it('refuses a token whose lifetime (exp − iat) exceeds the maximum age', async () => {
    await expect(verifyJwt(signHs256(claims({ exp: now + maxAgeSec + 60 }), SECRET), keys, { maxAgeSec })).rejects.toThrow(/lives longer than the maximum token age/);
  });

  it('refuses a token issued longer ago than the maximum age, even if not expired', async () => {
    await expect(verifyJwt(signHs256(claims({ iat: now - maxAgeSec - 120, exp: now + 60 }), SECRET), keys, { maxAgeSec })).rejects.toThrow(/older than the maximum token age/);
  });

  it('refuses a token without iat when a maximum age is set, and accepts it when none is', async () => {
    const token = signHs256({ sub: 'CRM-01-1', exp: now + 600 }, SECRET);
    await expect(verifyJwt(token, keys, { maxAgeSec })).rejects.toThrow(/no issue time \(iat\)/);
    await expect(verifyJwt(token, keys)).resolves.toBeDefined();
  });
});

describe('tokens from an identity provider (JWKS)', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ed = generateKeyPairSync('ed25519');
  const jwks = {
    keys: [
      { ...rsa.publicKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig', alg: 'RS256' },
      { ...ec.publicKey.export({ format: 'jwk' }), kid: 'ec1', use: 'sig', alg: 'ES256' },
      { ...ed.publicKey.export({ format: 'jwk' }), kid: 'ed1', use: 'sig', alg: 'EdDSA' },
    ],
  };
  let server: Server;
  let url: string;
  let fetches = 0;
  let status = 200;

  beforeAll(async () => {
    server = createServer((_, res) => {
      fetches++;
      res.statusCode = status;
      res.setHeader('content-type', 'application/json');
      res.end(status === 200 ? JSON.stringify(jwks) : 'down');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });
  beforeEach(() => {
    fetches = 0;
    status = 200;
  });

  const source = () => jwksKeySource(url, { minRefetchMs: 60_000 });

  it('accepts a token signed by a published key, fetching the key set once', async () => {
    const keys = source();
    await expect(verifyJwt(rs256(rsa.privateKey, claims()), keys)).resolves.toMatchObject({ sub: 'CRM-01-1' });
    await expect(verifyJwt(rs256(rsa.privateKey, claims()), keys)).resolves.toBeDefined();
    expect(fetches).toBe(1);
  });

  it('accepts ES256 and EdDSA tokens from the provider', async () => {
    const keys = source();
    const es = await new SignJWT(claims()).setProtectedHeader({ alg: 'ES256', kid: 'ec1' }).sign(ec.privateKey);
    const eddsa = await new SignJWT(claims()).setProtectedHeader({ alg: 'EdDSA', kid: 'ed1' }).sign(ed.privateKey);
    await expect(verifyJwt(es, keys)).resolves.toMatchObject({ sub: 'CRM-01-1' });
    await expect(verifyJwt(eddsa, keys)).resolves.toMatchObject({ sub: 'CRM-01-1' });
  });

  it('refuses an algorithm the configuration does not list', async () => {
    const keys = jwksKeySource(url, { algorithms: ['RS256'] });
    const es = await new SignJWT(claims()).setProtectedHeader({ alg: 'ES256', kid: 'ec1' }).sign(ec.privateKey);
    await expect(verifyJwt(es, keys)).rejects.toThrow(/must be signed with RS256$/);
  });

  it('refuses a token signed by another key, and one naming an unknown key id, without refetching each time', async () => {
    const keys = source();
    await expect(verifyJwt(rs256(other.privateKey, claims()), keys)).rejects.toThrow(/signature is invalid/);
    await expect(verifyJwt(rs256(other.privateKey, claims(), 'k2'), keys)).rejects.toThrow(/does not publish/);
    await expect(verifyJwt(rs256(other.privateKey, claims(), 'k3'), keys)).rejects.toThrow(/does not publish/);
    expect(fetches).toBe(1);
  });

  it('refuses HS256 tokens signed with the public key as a secret (algorithm confusion), without fetching', async () => {
    const keys = source();
    const pem = rsa.publicKey.export({ format: 'pem', type: 'spki' }).toString();
    await expect(verifyJwt(signHs256(claims(), pem), keys)).rejects.toThrow(/must be signed with RS256/);
    await expect(verifyJwt(`${b64({ alg: 'none' })}.${b64(claims())}.x`, keys)).rejects.toThrow(/must be signed with RS256/);
    expect(fetches).toBe(0);
  });

  it('says so when the identity provider cannot be reached, and does not ask again at once', async () => {
    status = 503;
    const keys = source();
    await expect(verifyJwt(rs256(rsa.privateKey, claims()), keys)).rejects.toThrow(/could not be loaded/);
    await expect(verifyJwt(rs256(rsa.privateKey, claims()), keys)).rejects.toThrow(/could not be loaded/);
    expect(fetches).toBe(1);
  });
});
