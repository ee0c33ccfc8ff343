import type { RiskAssessmentStatus } from '../common/domain-values';

/** VALID while the assessment's expiry date is after `on`; MISSING when never assessed. */
export function riskAssessmentStatus(
  tolerance: string | null,
  expiresAt: string | null,
  on: string,
): RiskAssessmentStatus {
  if (!tolerance || !expiresAt) return 'MISSING';
  return expiresAt > on ? 'VALID' : 'EXPIRED';
}
