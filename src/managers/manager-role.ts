export const MANAGER_ROLES = ['CORPORATE_RM', 'RETAIL_RM', 'BRANCH_MANAGER', 'RULE_ADMIN', 'SYSTEM', 'ADMIN'] as const;
export type ManagerRole = (typeof MANAGER_ROLES)[number];
