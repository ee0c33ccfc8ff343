/**
 * Builds the facts of one evaluation from plain records (as the database returns them, numbers
 * already parsed). Framework-free and allocation-light: it runs for every employee of a scope.
 * A unit test holds it to the fact catalogue, path for path.
 */
import { ageOn, daysBetween, monthsBetween } from '../../common/dates';
import type { FactMap } from '../types';

export interface CompanyRecord {
  id: string;
  industry: string;
  sizeBand: string;
  creditGrade: string | null;
  payrollWithBank: boolean;
  posTerminalCount: number;
  hasSettlementAccount: boolean;
  relationshipSince: string;
  employeeCount: number;
  /** Codes of the company's open holdings. */
  productCodes: readonly string[];
}

export interface PersonRecord {
  personId: string;
  birthDate: string;
  segment: string;
  aum: number;
  monthlyIncome: number;
  creditScore: number | null;
  riskTolerance: string | null;
  riskAssessmentExpiresAt: string | null;
  maritalStatus: string | null;
  dependants: number;
  dormantSince: string | null;
  salaryRetentionDays: number | null;
  outflow30d: number;
  hasRetailRm: boolean;
  marketingConsent: boolean;
  doNotContact: boolean;
  /** Open holdings: product codes and their balances, index for index. */
  holdingCodes: readonly string[];
  holdingBalances: readonly (number | null)[];
}

export interface EmploymentRecord {
  employmentId: string;
  role: string;
  title: string | null;
  monthlySalary: number | null;
  salaryPaidHere: boolean;
  startDate: string;
  endDate: string | null;
}

export interface ContactRecord {
  openOpportunities: number;
  daysSinceLastContact: number | null;
  declinedProductCodes: readonly string[];
}

export const NO_CONTACT: ContactRecord = Object.freeze({ openOpportunities: 0, daysSinceLastContact: null, declinedProductCodes: Object.freeze([]) as readonly string[] });

/** Product code → category, for holdings' categories and balances by kind. */
export type CategoryOf = (productCode: string) => string | undefined;

const LOAN_CATEGORIES = new Set(['PERSONAL_LOAN', 'AUTO_LOAN', 'MORTGAGE']);
const DEPOSIT_CATEGORIES = new Set(['DEPOSIT']);
const INVESTMENT_CATEGORIES = new Set(['WEALTH']);

export function riskToleranceNumber(tolerance: string | null): number | null {
  return tolerance ? Number(tolerance.slice(1)) : null;
}

export function companyFacts(company: CompanyRecord, categoryOf: CategoryOf, asOf: string): Record<string, unknown> {
  const categories = new Set<string>();
  for (const code of company.productCodes) {
    const category = categoryOf(code);
    if (category) categories.add(category);
  }
  return {
    industry: company.industry,
    sizeBand: company.sizeBand,
    creditGrade: company.creditGrade,
    payrollWithBank: company.payrollWithBank,
    posTerminalCount: company.posTerminalCount,
    hasSettlementAccount: company.hasSettlementAccount,
    relationshipYears: Math.floor(monthsBetween(company.relationshipSince, asOf) / 12),
    employeeCount: company.employeeCount,
    productCodes: [...company.productCodes],
    productCategories: [...categories],
  };
}

/**
 * The facts for one person through one employment. `company` is the already-built company fact
 * (shared by every employee of the company: build it once per company, not per person).
 */
export function subjectFacts(
  person: PersonRecord,
  employment: EmploymentRecord,
  company: Record<string, unknown>,
  contact: ContactRecord,
  categoryOf: CategoryOf,
  asOf: string,
): FactMap {
  const categories: string[] = [];
  let loanCount = 0;
  let loanBalance = 0;
  let depositBalance = 0;
  let investmentBalance = 0;
  const codes = person.holdingCodes;
  for (let i = 0; i < codes.length; i++) {
    const category = categoryOf(codes[i]!);
    if (!category) continue;
    if (!categories.includes(category)) categories.push(category);
    const balance = person.holdingBalances[i] ?? 0;
    if (LOAN_CATEGORIES.has(category)) {
      loanCount++;
      loanBalance += balance;
    } else if (DEPOSIT_CATEGORIES.has(category)) depositBalance += balance;
    else if (INVESTMENT_CATEGORIES.has(category)) investmentBalance += balance;
  }
  const expiredDays = person.riskTolerance && person.riskAssessmentExpiresAt ? daysBetween(person.riskAssessmentExpiresAt, asOf) : null;
  return {
    person: {
      age: ageOn(person.birthDate, asOf),
      segment: person.segment,
      aum: person.aum,
      monthlyIncome: person.monthlyIncome,
      creditScore: person.creditScore,
      riskTolerance: riskToleranceNumber(person.riskTolerance),
      riskAssessmentStatus: expiredDays === null ? 'MISSING' : expiredDays < 0 ? 'VALID' : 'EXPIRED',
      riskAssessmentExpiredDays: expiredDays,
      maritalStatus: person.maritalStatus,
      dependants: person.dependants,
      isDormant: person.dormantSince !== null,
      dormantDays: person.dormantSince ? Math.max(0, daysBetween(person.dormantSince, asOf)) : 0,
      salaryRetentionDays: person.salaryRetentionDays,
      outflow30d: person.outflow30d,
      hasRetailRm: person.hasRetailRm,
    },
    employment: {
      role: employment.role,
      title: employment.title,
      monthlySalary: employment.monthlySalary,
      salaryPaidHere: employment.salaryPaidHere,
      tenureMonths: monthsBetween(employment.startDate, asOf),
    },
    company,
    holdings: {
      productCodes: codes as string[],
      categories,
      count: codes.length,
      loanCount,
      loanBalance,
      depositBalance,
      investmentBalance,
    },
    contact: {
      openOpportunities: contact.openOpportunities,
      daysSinceLastContact: contact.daysSinceLastContact,
      declinedProductCodes: contact.declinedProductCodes as string[],
    },
  };
}
