import { assertCanServe, ConfigValidationError, DEVELOPMENT_JWT_SECRET, jwtSecret, loadConfig } from '../../../src/config/app-config';

describe('configuration', () => {
  it('applies documented defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ NODE_ENV: 'development', PORT: 3000, DATABASE_POOL_SIZE: 10, EMBEDDED_PG_PORT: 54329, RULES_DIR: 'rules', DEMO_DATA: true, LOG_FORMAT: 'text' });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('parses numbers and booleans from strings', () => {
    const config = loadConfig({ PORT: '8080', DEMO_DATA: 'false', DATABASE_URL: 'postgres://u:p@db.internal:5433/bank' });
    expect(config.PORT).toBe(8080);
    expect(config.DEMO_DATA).toBe(false);
    expect(config.DATABASE_URL).toBe('postgres://u:p@db.internal:5433/bank');
  });

  it('rejects a bad value with a message naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigValidationError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT="eighty"/);
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT/);
    expect(() => loadConfig({ DEMO_DATA: 'maybe' })).toThrow(/DEMO_DATA/);
  });

  it('validates the refresh settings: workers, nightly time, retries', () => {
    expect(loadConfig({})).toMatchObject({ WORKERS: 1, REFRESH_NIGHTLY_AT: '02:00', REFRESH_RETRY_LIMIT: 5, ACCEPTANCE_SUPPRESSION_DAYS: 90 });
    expect(loadConfig({ WORKERS: '0', REFRESH_NIGHTLY_AT: 'off' })).toMatchObject({ WORKERS: 0, REFRESH_NIGHTLY_AT: 'off' });
    expect(loadConfig({ REFRESH_NIGHTLY_AT: '23:59' }).REFRESH_NIGHTLY_AT).toBe('23:59');
    for (const bad of ['24:00', '2:00', '02:60', 'nightly']) expect(() => loadConfig({ REFRESH_NIGHTLY_AT: bad })).toThrow(/REFRESH_NIGHTLY_AT/);
    expect(() => loadConfig({ WORKERS: '-1' })).toThrow(/WORKERS/);
    expect(() => loadConfig({ REFRESH_JOB_TIMEOUT_SECONDS: '1' })).toThrow(/REFRESH_JOB_TIMEOUT_SECONDS/);
  });

  it('lists every bad variable at once', () => {
    try {
      loadConfig({ PORT: '-1', NODE_ENV: 'staging', DATABASE_POOL_SIZE: '0' });
      throw new Error('expected a ConfigValidationError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigValidationError);
      expect((error as ConfigValidationError).problems.map((p) => p.split('=')[0]).sort()).toEqual(['DATABASE_POOL_SIZE', 'NODE_ENV', 'PORT']);
    }
  });

  it('never prints DATABASE_URL, which may hold a password', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://admin:s3cret@db/bank' })).toThrow(/DATABASE_URL=\(hidden/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://admin:s3cret@db/bank' })).not.toThrow(/s3cret/);
  });

  it('refuses to serve in production without a way to verify tokens, and never prints the secret', () => {
    expect(() => assertCanServe(loadConfig({ NODE_ENV: 'production' }))).toThrow(/JWT_SECRET or JWKS_URL must be set in production/);
    expect(() => assertCanServe(loadConfig({ NODE_ENV: 'production', JWKS_URL: 'https://idp.example/jwks' }))).not.toThrow();
    expect(() => loadConfig({ JWT_SECRET: 'short-secret-value' })).toThrow(/JWT_SECRET=\(hidden/);
    expect(() => loadConfig({ JWT_SECRET: 'short-secret-value' })).not.toThrow(/short-secret-value/);
  });

  it('uses the public development secret only outside production', () => {
    expect(jwtSecret(loadConfig({}))).toBe(DEVELOPMENT_JWT_SECRET);
    expect(jwtSecret(loadConfig({ NODE_ENV: 'production' }))).toBeUndefined();
    expect(jwtSecret(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) }))).toBe('x'.repeat(32));
  });
});

describe('README configuration table', () => {
  it('lists exactly the variables the service reads', () => {
    const readme = require('node:fs').readFileSync(require('node:path').join(__dirname, '..', '..', '..', 'README.md'), 'utf8') as string;
    const section = readme.split('## Configuration')[1]!.split('\n## ')[0]!;
    const documented = [...section.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]).sort();
    const optional = ['DATABASE_URL', 'EMBEDDED_PG_DIR', 'JWT_SECRET', 'JWKS_URL', 'JWT_ISSUER', 'JWT_AUDIENCE', 'BOOTSTRAP_ADMIN_ID', 'REDIS_URL'];
    const read = [...new Set([...Object.keys(loadConfig({})), ...optional])].sort();
    expect(documented).toEqual(read);
  });

  it('loads no demo bank and logs JSON lines in production unless told to', () => {
    expect(loadConfig({ NODE_ENV: 'production' })).toMatchObject({ DEMO_DATA: false, LOG_FORMAT: 'json' });
    expect(loadConfig({ NODE_ENV: 'production', DEMO_DATA: 'true', LOG_FORMAT: 'text' })).toMatchObject({ DEMO_DATA: true, LOG_FORMAT: 'text' });
    expect(loadConfig({ NODE_ENV: 'test' })).toMatchObject({ DEMO_DATA: true, LOG_FORMAT: 'text' });
  });
});
