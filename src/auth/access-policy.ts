/**
 * Which roles may call which GraphQL operation: the one table the guard, the services and the
 * authorization matrix test read. An operation missing here is refused to everyone (the guard
 * fails closed), and the matrix test fails until it is added. Scope (which records) is checked in
 * the services, by AccessService.
 */
import { MANAGER_ROLES, type ManagerRole } from '../managers/manager-role';

const EVERYONE = MANAGER_ROLES;
const RELATIONSHIP = ['CORPORATE_RM', 'RETAIL_RM', 'BRANCH_MANAGER'] as const;

export const OPERATION_ROLES = {
  // reads
  me: EVERYONE,
  products: EVERYONE,
  corporateClient: [...RELATIONSHIP, 'SYSTEM'],
  myClients: ['CORPORATE_RM', 'BRANCH_MANAGER'],
  person: [...RELATIONSHIP, 'SYSTEM'],
  employeeProspects: ['CORPORATE_RM', 'BRANCH_MANAGER'],
  executiveLeads: ['RETAIL_RM', 'BRANCH_MANAGER'],
  corporateLeads: RELATIONSHIP,
  linkageStats: ['CORPORATE_RM', 'BRANCH_MANAGER'],
  opportunities: [...RELATIONSHIP, 'SYSTEM'],
  whyNot: [...RELATIONSHIP, 'RULE_ADMIN', 'SYSTEM'],
  previewOpportunities: ['SYSTEM', 'RULE_ADMIN'],
  ruleset: ['RULE_ADMIN'],
  auditLog: ['ADMIN'],
  refreshStatus: ['SYSTEM', 'ADMIN', 'BRANCH_MANAGER'],
  opportunityChanges: ['SYSTEM'],
  // writes
  recordOutcome: [...RELATIONSHIP, 'SYSTEM'],
  refreshOpportunities: ['SYSTEM'],
  reloadRules: ['RULE_ADMIN'],
  upsertBranch: ['ADMIN'],
  upsertManager: ['ADMIN'],
  upsertProduct: ['ADMIN'],
  upsertCorporateClient: ['SYSTEM'],
  upsertPerson: ['SYSTEM'],
  upsertEmployment: ['SYSTEM'],
  upsertHolding: ['SYSTEM'],
  upsertPersons: ['SYSTEM'],
  upsertEmployments: ['SYSTEM'],
  upsertHoldings: ['SYSTEM'],
  upsertCorporateClients: ['SYSTEM'],
} as const satisfies Record<string, readonly ManagerRole[]>;

export type Operation = keyof typeof OPERATION_ROLES;

export function roleMayCall(role: ManagerRole, operation: string): boolean {
  const roles = (OPERATION_ROLES as Record<string, readonly ManagerRole[]>)[operation];
  return roles !== undefined && roles.includes(role);
}
