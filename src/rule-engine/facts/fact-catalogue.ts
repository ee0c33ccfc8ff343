/**
 * The fact catalogue: every fact (and path into it) a rule may use, with its type and meaning.
 * Rule files are validated against it; the engine builds exactly these facts for every evaluation;
 * README's rule authoring guide documents it. Framework-free data.
 *
 * Every evaluation sees the facts `person`, `employment`, `company`, `holdings` and `contact`.
 * - EMPLOYEE_PROSPECT / EXECUTIVE_LEAD: the person, one current employment, its company (the employer).
 * - CORPORATE_LEAD: the company is the opportunity's party; person and employment are the owner or
 *   executive who links the company to the bank; `holdings` are the person's, and the company's own
 *   products are in `company.productCodes` / `company.productCategories`.
 */

export type FactValueType = 'number' | 'string' | 'boolean' | 'string[]';

export interface FactPathSpec {
  /** JSONPath into the fact, as rules write it (`$.age`). */
  path: string;
  type: FactValueType;
  description: string;
  /** Allowed values for enumerated strings (and the items of string arrays). */
  values?: readonly string[];
  /** True when the value may be null (unknown to the bank). */
  nullable?: boolean;
  /**
   * Sensitive personal financial data: shown to a corporate RM only as a band (MONTHLY for
   * salary-like amounts, AMOUNT for assets and balances), never as the figure.
   */
  sensitive?: 'MONTHLY' | 'AMOUNT' | 'SCORE';
  /** The value a rule example uses when it does not give one: a typical payroll employee. */
  example: unknown;
}

export interface FactSpec {
  name: string;
  description: string;
  paths: readonly FactPathSpec[];
}

import {
  CREDIT_GRADES,
  EMPLOYMENT_ROLES,
  INDUSTRIES,
  MARITAL_STATUSES,
  RISK_ASSESSMENT_STATUSES,
  SEGMENTS,
  SIZE_BANDS,
} from '../../common/domain-values';
export { CREDIT_GRADES, EMPLOYMENT_ROLES, INDUSTRIES, MARITAL_STATUSES, RISK_ASSESSMENT_STATUSES, SEGMENTS, SIZE_BANDS };

import { PRODUCT_CATEGORIES, PRODUCT_CATALOGUE } from '../../products/product-catalogue';
const PRODUCT_CODES = PRODUCT_CATALOGUE.map((product) => product.code);

export const FACT_CATALOGUE: readonly FactSpec[] = [
  {
    name: 'person',
    description: 'The individual: an employee, executive or owner of a corporate client.',
    paths: [
      { path: '$.age', type: 'number', description: 'Age in whole years on the evaluation date', example: 34 },
      { path: '$.segment', type: 'string', values: SEGMENTS, description: 'Customer tier by assets under management', example: 'MASS' },
      { path: '$.aum', type: 'number', sensitive: 'AMOUNT', description: 'Assets under management at the bank', example: 8000 },
      { path: '$.monthlyIncome', type: 'number', sensitive: 'MONTHLY', description: 'Total monthly income known to the bank', example: 4200 },
      { path: '$.creditScore', type: 'number', sensitive: 'SCORE', nullable: true, description: 'Credit bureau score (300–850); null when unknown', example: 690 },
      { path: '$.riskTolerance', type: 'number', nullable: true, description: 'Assessed risk tolerance as a number: C1 = 1 … C5 = 5; null when never assessed', example: 3 },
      { path: '$.riskAssessmentStatus', type: 'string', values: RISK_ASSESSMENT_STATUSES, description: 'Whether the risk tolerance assessment is valid on the evaluation date', example: 'VALID' },
      { path: '$.riskAssessmentExpiredDays', type: 'number', nullable: true, description: 'Days since the assessment expired (negative: days until it expires); null when never assessed', example: -200 },
      { path: '$.maritalStatus', type: 'string', values: MARITAL_STATUSES, nullable: true, description: 'Marital status; null when unknown', example: 'MARRIED' },
      { path: '$.dependants', type: 'number', description: 'Number of dependent children', example: 1 },
      { path: '$.isDormant', type: 'boolean', description: 'The person\'s accounts are dormant (no customer-initiated activity)', example: false },
      { path: '$.dormantDays', type: 'number', description: 'Days since the accounts became dormant; 0 when active', example: 0 },
      { path: '$.salaryRetentionDays', type: 'number', nullable: true, description: 'Average days the credited salary stays before most of it is moved out; null when no salary is credited here', example: 25 },
      { path: '$.outflow30d', type: 'number', sensitive: 'AMOUNT', description: 'Money moved out to other banks in the last 30 days', example: 500 },
      { path: '$.hasRetailRm', type: 'boolean', description: 'A named retail relationship manager looks after the person', example: false },
    ],
  },
  {
    name: 'employment',
    description: 'The person\'s employment at the company through which the lead arises.',
    paths: [
      { path: '$.role', type: 'string', values: EMPLOYMENT_ROLES, description: 'EMPLOYEE, EXECUTIVE or OWNER', example: 'EMPLOYEE' },
      { path: '$.title', type: 'string', nullable: true, description: 'Job title as recorded', example: 'Engineer' },
      { path: '$.monthlySalary', type: 'number', sensitive: 'MONTHLY', nullable: true, description: 'Monthly gross salary from this employer; null when unknown', example: 4000 },
      { path: '$.salaryPaidHere', type: 'boolean', description: 'The salary is paid into an account at the bank (payroll customer)', example: true },
      { path: '$.tenureMonths', type: 'number', description: 'Whole months since the employment started', example: 30 },
    ],
  },
  {
    name: 'company',
    description: 'The corporate client: the employer in person leads, the party in corporate leads.',
    paths: [
      { path: '$.industry', type: 'string', values: INDUSTRIES, description: 'Industry of the company', example: 'MANUFACTURING' },
      { path: '$.sizeBand', type: 'string', values: SIZE_BANDS, description: 'Size by headcount: MICRO <10, SMALL <50, MEDIUM <250, LARGE <1000, ENTERPRISE', example: 'MEDIUM' },
      { path: '$.creditGrade', type: 'string', values: CREDIT_GRADES, nullable: true, description: 'The bank\'s internal credit grade of the company, A best; null when not rated', example: 'B' },
      { path: '$.payrollWithBank', type: 'boolean', description: 'The bank runs the company\'s payroll', example: true },
      { path: '$.posTerminalCount', type: 'number', description: 'POS terminals the company has from the bank', example: 0 },
      { path: '$.hasSettlementAccount', type: 'boolean', description: 'The company has a settlement (current) account at the bank', example: true },
      { path: '$.relationshipYears', type: 'number', description: 'Whole years since the company became a client', example: 4 },
      { path: '$.employeeCount', type: 'number', description: 'Current employees known to the bank', example: 120 },
      { path: '$.productCodes', type: 'string[]', values: PRODUCT_CODES, description: 'Codes of the products the company holds', example: ['PAYROLL_SERVICE', 'SETTLEMENT_ACCOUNT'] },
      { path: '$.productCategories', type: 'string[]', values: PRODUCT_CATEGORIES, description: 'Categories of the products the company holds', example: ['PAYROLL_SERVICE', 'SETTLEMENT'] },
    ],
  },
  {
    name: 'holdings',
    description: 'What the person already holds at the bank (open products only).',
    paths: [
      { path: '$.productCodes', type: 'string[]', values: PRODUCT_CODES, description: 'Codes of the products the person holds', example: ['DEBIT_CARD_STD'] },
      { path: '$.categories', type: 'string[]', values: PRODUCT_CATEGORIES, description: 'Categories of the products the person holds', example: ['DEBIT_CARD'] },
      { path: '$.count', type: 'number', description: 'Number of open products', example: 1 },
      { path: '$.loanCount', type: 'number', description: 'Open personal, car and mortgage loans', example: 0 },
      { path: '$.loanBalance', type: 'number', sensitive: 'AMOUNT', description: 'Outstanding balance of those loans', example: 0 },
      { path: '$.depositBalance', type: 'number', sensitive: 'AMOUNT', description: 'Balance of deposits and savings', example: 3000 },
      { path: '$.investmentBalance', type: 'number', sensitive: 'AMOUNT', description: 'Balance of wealth products', example: 0 },
    ],
  },
  {
    name: 'contact',
    description: 'The bank\'s contact history with the person.',
    paths: [
      { path: '$.openOpportunities', type: 'number', description: 'Open opportunities the person has now', example: 0 },
      { path: '$.daysSinceLastContact', type: 'number', nullable: true, description: 'Days since a manager last recorded a contact; null when never contacted', example: null },
      { path: '$.declinedProductCodes', type: 'string[]', values: PRODUCT_CODES, description: 'Products the person declined within the cooling-off period', example: [] },
    ],
  },
];

/** The fact names every evaluation provides. */
export const FACT_NAMES = FACT_CATALOGUE.map((fact) => fact.name);

export function findFactPath(fact: string, path: string | undefined): FactPathSpec | FactSpec | undefined {
  const spec = FACT_CATALOGUE.find((f) => f.name === fact);
  if (!spec) return undefined;
  if (path === undefined) return spec;
  return spec.paths.find((p) => p.path === path);
}

/** Builds a complete fact map from the catalogue's example values, overridden by `overrides`. */
export function exampleFacts(overrides: Record<string, Record<string, unknown>> = {}): Record<string, Record<string, unknown>> {
  const facts: Record<string, Record<string, unknown>> = {};
  for (const fact of FACT_CATALOGUE) {
    const value: Record<string, unknown> = {};
    for (const p of fact.paths) value[p.path.slice(2)] = structuredClone(p.example);
    facts[fact.name] = { ...value, ...(overrides[fact.name] ?? {}) };
  }
  return facts;
}

