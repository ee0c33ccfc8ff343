import { runTokenCommand } from '../../../src/auth/token-command';
import { secretKeySource, verifyJwt } from '../../../src/auth/jwt';
import { DEVELOPMENT_JWT_SECRET } from '../../../src/config/app-config';

function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runTokenCommand(argv, env, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe('npm run token', () => {
  it('prints a token for the manager, signed with JWT_SECRET, valid for TOKEN_TTL_MINUTES', async () => {
    const secret = 'a-configured-secret-of-32-characters-or-more';
    const { code, out } = run(['CRM-01-1'], { JWT_SECRET: secret, TOKEN_TTL_MINUTES: '15' });
    expect(code).toBe(0);
    const claims = await verifyJwt(out[0]!, secretKeySource(secret));
    expect(claims.sub).toBe('CRM-01-1');
    expect(claims.exp - (claims.iat ?? 0)).toBe(15 * 60);
  });

  it('signs with the development secret when none is set, and says so', async () => {
    const { code, out, err } = run(['ADMIN-1', '--ttl', '5']);
    expect(code).toBe(0);
    expect(err.join()).toMatch(/development secret/);
    await expect(verifyJwt(out[0]!, secretKeySource(DEVELOPMENT_JWT_SECRET))).resolves.toMatchObject({ sub: 'ADMIN-1' });
  });

  it.each([[[]], [['a', 'b']], [['bad id']], [['X', '--ttl', 'soon']]])('refuses %j with usage and a non-zero code', (argv) => {
    const { code, out } = run(argv);
    expect(code).toBe(2);
    expect(out).toEqual([]);
  });

  it('refuses a lifetime the service would refuse (beyond TOKEN_MAX_AGE_MINUTES)', () => {
    expect(run(['X', '--ttl', '721'])).toMatchObject({ code: 2, out: [], err: [expect.stringMatching(/TOKEN_MAX_AGE_MINUTES \(720\)/)] });
    expect(run(['X', '--ttl', '900'], { TOKEN_MAX_AGE_MINUTES: '0' })).toMatchObject({ code: 0 });
  });

  it('refuses when tokens come from an identity provider', () => {
    expect(run(['X'], { JWKS_URL: 'https://idp.example/jwks' })).toMatchObject({ code: 1, err: [expect.stringMatching(/identity provider/)] });
  });

  it('refuses production without a secret', () => {
    expect(run(['X'], { NODE_ENV: 'production' })).toMatchObject({ code: 1, err: [expect.stringMatching(/JWT_SECRET must be set in production/)] });
  });
});
