import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, jwtSecret } from '../config/app-config';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-code';
import { ReadCache } from '../common/read-cache';
import { MANAGER_ROLES, type ManagerRole } from '../managers/manager-role';
import { jwksKeySource, secretKeySource, signHs256, TokenError, verifyJwt, type JwtAlgorithm, type KeySource } from './jwt';
import type { Viewer } from './viewer';

const refuseAll: KeySource = {
  algorithms: ['HS256'],
  key: async () => {
    throw new TokenError('token verification is not configured (JWT_SECRET or JWKS_URL)');
  },
};

/** Signs a token for a manager with an HS256 secret (the CLI, development tokens, tests). */
export function signManagerToken(externalId: string, secret: string, ttlMinutes: number, now = Date.now()): string {
  const iat = Math.floor(now / 1000);
  return signHs256({ sub: externalId, iat, exp: iat + ttlMinutes * 60 }, secret);
}

/**
 * Turns a bearer token into the Viewer it names: signature, expiry and age checked with jose (HS256
 * with JWT_SECRET, or the configured algorithms against JWKS_URL), then the manager looked up by external id (`sub`). The
 * lookup is cached while nothing was written in this process and for at most a few seconds, so a
 * changed role or a removed manager takes effect within that time on every instance.
 */
@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuthService.name);
  private readonly keys: KeySource;
  private readonly managers = new ReadCache<Viewer | null>(5000, 10_000);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {
    const secret = jwtSecret(config);
    // Production without a secret or key set never gets here through the server (assertCanServe);
    // an application built some other way then refuses every token rather than accept any.
    this.keys = config.JWKS_URL
      ? jwksKeySource(config.JWKS_URL, { algorithms: config.JWT_ALGORITHMS.split(',') as JwtAlgorithm[] })
      : secret ? secretKeySource(secret) : refuseAll;
    if (!config.JWKS_URL && !config.JWT_SECRET) {
      this.logger.warn('JWT_SECRET is not set: tokens are signed with the public development secret (refused in production)');
    }
  }

  async authenticate(authorization: string | undefined): Promise<Viewer> {
    const match = /^Bearer ([^\s]+)$/i.exec(authorization?.trim() ?? '');
    if (!match) throw new AppError(ErrorCode.UNAUTHENTICATED, 'a bearer token is required (Authorization: Bearer <token>)');
    let subject: string;
    try {
      const claims = await verifyJwt(match[1]!, this.keys, {
        issuer: this.config.JWT_ISSUER,
        audience: this.config.JWT_AUDIENCE,
        maxAgeSec: this.config.TOKEN_MAX_AGE_MINUTES * 60,
      });
      subject = claims.sub;
    } catch (error) {
      if (error instanceof TokenError) throw new AppError(ErrorCode.UNAUTHENTICATED, error.message);
      throw error;
    }
    const viewer = await this.managers.get(subject, () => this.findManager(subject));
    if (!viewer) throw new AppError(ErrorCode.UNAUTHENTICATED, 'the token does not name a known manager');
    return viewer;
  }

  private async findManager(externalId: string): Promise<Viewer | null> {
    const [row] = await this.dataSource.query('SELECT id, external_id, role, branch_id FROM managers WHERE external_id = $1', [externalId]);
    return row ? { managerId: row.id, externalId: row.external_id, role: row.role, branchId: row.branch_id } : null;
  }

  /** A token for a manager, signed with the configured secret; undefined when keys come from JWKS_URL. */
  tokenFor(externalId: string): string | undefined {
    const secret = this.config.JWKS_URL ? undefined : jwtSecret(this.config);
    return secret ? signManagerToken(externalId, secret, this.config.TOKEN_TTL_MINUTES) : undefined;
  }

  /** One ready token per role, for the first manager of each role (development only). */
  async sampleTokens(): Promise<{ role: ManagerRole; externalId: string; token: string }[]> {
    const rows: { role: ManagerRole; external_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT ON (role) role, external_id FROM managers ORDER BY role, external_id`,
    );
    return MANAGER_ROLES.flatMap((role) => {
      const row = rows.find((r) => r.role === role);
      const token = row && this.tokenFor(row.external_id);
      return row && token ? [{ role, externalId: row.external_id, token }] : [];
    });
  }

  /** BOOTSTRAP_ADMIN_ID: an ADMIN manager with that external id, created when no manager has it. */
  async onApplicationBootstrap(): Promise<void> {
    const externalId = this.config.BOOTSTRAP_ADMIN_ID;
    if (!externalId) return;
    const rows: { role: string }[] = await this.dataSource.query(
      `INSERT INTO managers (external_id, name, role, branch_id) VALUES ($1, 'Bootstrap administrator', 'ADMIN', NULL)
       ON CONFLICT (external_id) DO NOTHING RETURNING role`,
      [externalId],
    );
    if (rows.length > 0) {
      this.logger.log(`bootstrap administrator ${externalId} created`);
      return;
    }
    const [existing] = await this.dataSource.query('SELECT role FROM managers WHERE external_id = $1', [externalId]);
    if (existing?.role !== 'ADMIN') this.logger.warn(`BOOTSTRAP_ADMIN_ID ${externalId} names an existing ${existing?.role} manager: left as it is`);
  }
}
