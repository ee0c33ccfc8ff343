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

/** The manager id of the service's own acts (no manager row has it; audit rows name `externalId`). */
const SERVICE_ID = '00000000-0000-0000-0000-000000000000';

/**
 * The service acting on its own: the operator's tools (the CSV import CLI, ADMIN for branches and
 * managers, SYSTEM for the rest: whoever runs them already holds the database credentials) and the
 * rule file watcher. Never used for a network request.
 */
export function serviceViewer(externalId: string, role: 'SYSTEM' | 'ADMIN'): Viewer {
  return Object.freeze({ managerId: SERVICE_ID, externalId, role, branchId: null });
}
