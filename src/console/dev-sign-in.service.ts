import { Injectable } from '@nestjs/common';
import { AuthService } from '../auth/auth.service';
import { DevSignInRepository, type SignInManagerRow } from './dev-sign-in.repository';

export type DevSignInManager = SignInManagerRow;

/** Managers shown on the development sign-in page, at most this many per role. */
const PER_ROLE = 6;

@Injectable()
export class DevSignInService {
  constructor(
    private readonly auth: AuthService,
    private readonly repository: DevSignInRepository,
  ) {}

  async managers(): Promise<{ managers: DevSignInManager[] }> {
    return { managers: await this.repository.firstManagersPerRole(PER_ROLE) };
  }

  /** A development token for a known manager; undefined for an unknown one or when keys come from JWKS_URL. */
  async tokenFor(externalId: string): Promise<string | undefined> {
    if (externalId.length === 0 || externalId.length > 64 || !(await this.repository.exists(externalId))) return undefined;
    return this.auth.tokenFor(externalId);
  }
}
