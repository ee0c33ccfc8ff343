export const AUDIT_ACTIONS = ['LEAD_LIST_VIEWED', 'OUTCOME_RECORDED', 'RULES_RELOADED'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
