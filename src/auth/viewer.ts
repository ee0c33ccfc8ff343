import type { AuditEntry } from '../audit/audit.service';
import type { ManagerRole } from '../managers/manager-role';

/**
 * Who is asking: the manager a verified token names. Role, branch and portfolio come from the
 * database, never from the token.
 */
export interface Viewer {
  readonly managerId: string;
  readonly externalId: string;
  readonly role: ManagerRole;
  readonly branchId: string | null;
  /** What this request recorded in the audit trail (a cached response replays it). */
  readonly trail?: AuditEntry[];
}

/**
 * The operator's own tools (the CSV import CLI) act with the role each step needs (ADMIN for
 * branches and managers, SYSTEM for the rest): whoever runs them already holds the database
 * credentials. Never used for a network request.
 */
export function operatorViewer(role: 'SYSTEM' | 'ADMIN'): Viewer {
  return Object.freeze({ managerId: '00000000-0000-0000-0000-000000000000', externalId: 'operator:cli', role, branchId: null });
}
