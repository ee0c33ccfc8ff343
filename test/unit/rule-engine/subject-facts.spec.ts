import { FACT_CATALOGUE } from '../../../src/rule-engine/facts/fact-catalogue';
import { companyFacts, NO_CONTACT, subjectFacts, type CompanyRecord, type EmploymentRecord, type PersonRecord } from '../../../src/rule-engine/facts/subject-facts';
import { PRODUCT_CATALOGUE } from '../../../src/products/product-catalogue';

const categoryOf = (code: string) => PRODUCT_CATALOGUE.find((p) => p.code === code)?.category;
const asOf = '2026-11-23';

const company: CompanyRecord = {
  id: 'c1', industry: 'RETAIL', sizeBand: 'SMALL', creditGrade: 'A', payrollWithBank: false, posTerminalCount: 0,
  hasSettlementAccount: true, relationshipSince: '2020-11-24', employeeCount: 40, productCodes: ['SETTLEMENT_ACCOUNT'],
};
const person: PersonRecord = {
  personId: 'p1', birthDate: '1990-11-24', segment: 'AFFLUENT', aum: 120000, monthlyIncome: 6500, creditScore: 720,
  riskTolerance: 'C4', riskAssessmentExpiresAt: '2026-11-23', maritalStatus: 'MARRIED', dependants: 2, dormantSince: '2026-11-01',
  salaryRetentionDays: 3, outflow30d: 1500, hasRetailRm: true, marketingConsent: true, doNotContact: false,
  holdingCodes: ['DEBIT_CARD_STD', 'PERSONAL_LOAN', 'MORTGAGE', 'TERM_DEPOSIT', 'WEALTH_BOND_FUND'], holdingBalances: [null, 5000, 100000, 20000, 7000],
};
const employment: EmploymentRecord = { employmentId: 'e1', role: 'EMPLOYEE', title: 'Buyer', monthlySalary: 6000, salaryPaidHere: true, startDate: '2024-05-24', endDate: null };

describe('subject facts', () => {
  const facts = subjectFacts(person, employment, companyFacts(company, categoryOf, asOf), NO_CONTACT, categoryOf, asOf);

  it('provides exactly the paths of the fact catalogue, no more and no fewer', () => {
    for (const spec of FACT_CATALOGUE) {
      const value = facts[spec.name] as Record<string, unknown>;
      expect(Object.keys(value).sort()).toEqual(spec.paths.map((p) => p.path.slice(2)).sort());
    }
    expect(Object.keys(facts).sort()).toEqual(FACT_CATALOGUE.map((f) => f.name).sort());
  });

  it('gives every value the type the catalogue documents', () => {
    for (const spec of FACT_CATALOGUE) {
      for (const path of spec.paths) {
        const value = (facts[spec.name] as Record<string, unknown>)[path.path.slice(2)];
        if (value === null) {
          expect(path.nullable).toBe(true);
          continue;
        }
        if (path.type === 'string[]') expect(Array.isArray(value)).toBe(true);
        else expect(typeof value).toBe(path.type);
      }
    }
  });

  it('computes age, tenure and relationship years on the evaluation date', () => {
    expect(facts.person).toMatchObject({ age: 35, dormantDays: 22, isDormant: true, riskTolerance: 4 });
    expect(facts.employment).toMatchObject({ tenureMonths: 29 });
    expect(facts.company).toMatchObject({ relationshipYears: 5, productCategories: ['SETTLEMENT'] });
  });

  it('treats an assessment expiring on the evaluation date as expired', () => {
    expect(facts.person).toMatchObject({ riskAssessmentStatus: 'EXPIRED', riskAssessmentExpiredDays: 0 });
    const valid = subjectFacts({ ...person, riskAssessmentExpiresAt: '2026-11-24' }, employment, {}, NO_CONTACT, categoryOf, asOf);
    expect(valid.person).toMatchObject({ riskAssessmentStatus: 'VALID', riskAssessmentExpiredDays: -1 });
    const missing = subjectFacts({ ...person, riskTolerance: null }, employment, {}, NO_CONTACT, categoryOf, asOf);
    expect(missing.person).toMatchObject({ riskAssessmentStatus: 'MISSING', riskAssessmentExpiredDays: null, riskTolerance: null });
  });

  it('sums loans, deposits and investments by product category', () => {
    expect(facts.holdings).toEqual({
      productCodes: person.holdingCodes,
      categories: ['DEBIT_CARD', 'PERSONAL_LOAN', 'MORTGAGE', 'DEPOSIT', 'WEALTH'],
      count: 5,
      loanCount: 2,
      loanBalance: 105000,
      depositBalance: 20000,
      investmentBalance: 7000,
    });
  });
});
