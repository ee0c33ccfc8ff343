/**
 * A deterministic demo bank: branches, managers, corporate clients of several industries and sizes,
 * their payroll employees, executives and owners, and what they hold. The same options always give
 * the same bank (ids included). Framework-free: it yields plain rows; the loader writes them.
 */
import { addDays } from '../common/dates';
import type {
  CreditGrade,
  EmploymentRole,
  Industry,
  MaritalStatus,
  RiskTolerance,
  Segment,
  SizeBand,
} from '../common/domain-values';
import type { ManagerRole } from '../managers/manager-role';
import { PRODUCT_CATALOGUE } from '../products/product-catalogue';
import { Random } from './random';

export interface DemoBankOptions {
  corporates: number;
  /** Payroll employees (role EMPLOYEE) in all; executives and owners come on top. */
  employees: number;
  seed?: number;
  /** The day the bank is generated for (YYYY-MM-DD); dates are relative to it. */
  asOf: string;
  /** Give the first corporate client exactly this many employees (benchmarks), the rest share the remainder. */
  largestClientEmployees?: number;
}

export interface BranchRow { id: string; externalId: string; name: string; city: string }
export interface ManagerRow { id: string; externalId: string; name: string; role: ManagerRole; branchId: string | null }
export interface CorporateClientRow {
  id: string; externalId: string; name: string; industry: Industry; sizeBand: SizeBand; creditGrade: CreditGrade | null;
  branchId: string; corporateRmId: string | null; payrollWithBank: boolean; posTerminalCount: number;
  hasSettlementAccount: boolean; relationshipSince: string;
}
export interface PersonRow {
  id: string; externalId: string; fullName: string; birthDate: string; segment: Segment; aum: string; monthlyIncome: string;
  creditScore: number | null; riskTolerance: RiskTolerance | null; riskAssessedAt: string | null; riskAssessmentExpiresAt: string | null;
  marketingConsent: boolean; doNotContact: boolean; retailRmId: string | null; branchId: string | null; dormantSince: string | null;
  maritalStatus: MaritalStatus | null; dependants: number; salaryRetentionDays: number | null; outflow30d: string;
  nationalId: string | null; email: string | null; phone: string | null;
}
export interface EmploymentRow {
  id: string; externalId: string; personId: string; corporateClientId: string; role: EmploymentRole; title: string | null;
  monthlySalary: string | null; salaryPaidHere: boolean; startDate: string; endDate: string | null;
}
export interface HoldingRow {
  id: string; externalId: string; productCode: string; personId: string | null; corporateClientId: string | null;
  openedAt: string; closedAt: string | null; balance: string | null;
}

/** One corporate client with everything attached to it: what the loader writes in one batch. */
export interface CompanyBundle {
  company: CorporateClientRow;
  persons: PersonRow[];
  employments: EmploymentRow[];
  holdings: HoldingRow[];
  employeeCount: number;
}

export interface DemoBankStaff {
  branches: BranchRow[];
  managers: ManagerRow[];
}

const CITIES = ['Northport', 'Riverside', 'Eastfield', 'Westbrook', 'Lakeview', 'Hillcrest', 'Southgate', 'Maplewood', 'Stonebridge', 'Fairhaven'];
const FIRST = ['Anna', 'Ben', 'Clara', 'David', 'Elena', 'Farid', 'Grace', 'Hugo', 'Ines', 'Jonas', 'Kira', 'Liam', 'Maya', 'Noah', 'Olga', 'Pavel', 'Quinn', 'Rosa', 'Sami', 'Tara', 'Umar', 'Vera', 'Wen', 'Ximena', 'Yusuf', 'Zoe', 'Alma', 'Bruno', 'Chloe', 'Dario', 'Emil', 'Frida', 'Goran', 'Hana', 'Ivan', 'Julia', 'Karim', 'Lena', 'Marco', 'Nina'];
const LAST = ['Adler', 'Berg', 'Costa', 'Dumont', 'Eriksen', 'Fischer', 'Garcia', 'Horvat', 'Ivanova', 'Jansen', 'Kowalski', 'Larsen', 'Moreau', 'Novak', 'Okafor', 'Petrov', 'Quint', 'Rossi', 'Schmidt', 'Tanaka', 'Ulrich', 'Varga', 'Weber', 'Xu', 'Yilmaz', 'Zimmer', 'Brandt', 'Castillo', 'Duarte', 'Ekström'];
const COMPANY_WORDS = ['North', 'Blue', 'Summit', 'Green', 'Silver', 'Prime', 'Harbor', 'Oak', 'Metro', 'Alpine', 'Coastal', 'Union', 'Sun', 'Iron', 'Crown', 'Pioneer'];
const INDUSTRY_NOUNS: Record<Industry, string[]> = {
  RETAIL: ['Stores', 'Market', 'Outlet'], CATERING: ['Bistro', 'Kitchens', 'Catering'], MANUFACTURING: ['Works', 'Industries', 'Fabrication'],
  IT: ['Software', 'Systems', 'Digital'], CONSTRUCTION: ['Builders', 'Construction', 'Structures'], HEALTHCARE: ['Clinics', 'Health', 'Care'],
  LOGISTICS: ['Logistics', 'Freight', 'Transport'], EDUCATION: ['Academy', 'Learning', 'Schools'], FINANCE: ['Capital', 'Advisors', 'Finance'],
  PROFESSIONAL_SERVICES: ['Consulting', 'Partners', 'Associates'], AGRICULTURE: ['Farms', 'Agro', 'Harvest'], PUBLIC_SECTOR: ['Authority', 'Services', 'Agency'],
};
const INDUSTRY_WEIGHTS: [Industry, number][] = [
  ['RETAIL', 14], ['CATERING', 10], ['MANUFACTURING', 14], ['IT', 10], ['CONSTRUCTION', 9], ['HEALTHCARE', 8],
  ['LOGISTICS', 8], ['EDUCATION', 6], ['FINANCE', 5], ['PROFESSIONAL_SERVICES', 8], ['AGRICULTURE', 4], ['PUBLIC_SECTOR', 4],
];
const MEDIAN_SALARY: Record<Industry, number> = {
  RETAIL: 2400, CATERING: 2100, MANUFACTURING: 3400, IT: 5600, CONSTRUCTION: 3200, HEALTHCARE: 3800,
  LOGISTICS: 2900, EDUCATION: 2800, FINANCE: 6000, PROFESSIONAL_SERVICES: 5000, AGRICULTURE: 2200, PUBLIC_SECTOR: 3100,
};
const TITLES: Record<Industry, string[]> = {
  RETAIL: ['Sales assistant', 'Cashier', 'Store supervisor', 'Buyer'], CATERING: ['Cook', 'Waiter', 'Kitchen assistant', 'Shift lead'],
  MANUFACTURING: ['Machine operator', 'Technician', 'Quality inspector', 'Engineer'], IT: ['Developer', 'Tester', 'System administrator', 'Analyst'],
  CONSTRUCTION: ['Site worker', 'Foreman', 'Electrician', 'Engineer'], HEALTHCARE: ['Nurse', 'Physician', 'Lab technician', 'Receptionist'],
  LOGISTICS: ['Driver', 'Warehouse clerk', 'Dispatcher', 'Fleet planner'], EDUCATION: ['Teacher', 'Tutor', 'Administrator', 'Librarian'],
  FINANCE: ['Accountant', 'Analyst', 'Controller', 'Advisor'], PROFESSIONAL_SERVICES: ['Consultant', 'Associate', 'Paralegal', 'Designer'],
  AGRICULTURE: ['Farm hand', 'Agronomist', 'Machine operator', 'Supervisor'], PUBLIC_SECTOR: ['Clerk', 'Officer', 'Inspector', 'Coordinator'],
};
const EXEC_TITLES = ['Chief Executive Officer', 'Chief Financial Officer', 'Chief Operating Officer', 'Sales Director', 'HR Director', 'Technical Director', 'Head of Operations', 'Managing Director'];

const money = (n: number) => (Math.round(n * 100) / 100).toFixed(2);
const roundTo = (n: number, step: number) => Math.round(n / step) * step;
const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, n));

export function sizeBandFor(headcount: number): SizeBand {
  if (headcount < 10) return 'MICRO';
  if (headcount < 50) return 'SMALL';
  if (headcount < 250) return 'MEDIUM';
  if (headcount < 1000) return 'LARGE';
  return 'ENTERPRISE';
}

export function segmentFor(aum: number): Segment {
  if (aum >= 1_000_000) return 'HIGH_NET_WORTH';
  if (aum >= 50_000) return 'AFFLUENT';
  return 'MASS';
}

/** Splits `total` employees over `n` companies: few large, many small, summing exactly. */
export function employeeCounts(rng: Random, n: number, total: number, largest?: number): number[] {
  if (n <= 0) return [];
  const fixed = largest !== undefined ? Math.min(largest, total) : undefined;
  const rest = fixed !== undefined ? n - 1 : n;
  const restTotal = fixed !== undefined ? total - fixed : total;
  const weights = Array.from({ length: rest }, () => rng.weighted<number>([[5, 20], [25, 30], [120, 30], [500, 15], [2000, 5]]) * rng.between(0.6, 1.4));
  const sum = weights.reduce((s, w) => s + w, 0) || 1;
  const counts = weights.map((w) => Math.floor((restTotal * w) / sum));
  let remainder = restTotal - counts.reduce((s, c) => s + c, 0);
  for (let i = 0; remainder > 0 && counts.length > 0; i = (i + 1) % counts.length, remainder--) counts[i]! += 1;
  return fixed !== undefined ? [fixed, ...counts] : counts;
}

export class DemoBankGenerator {
  private readonly rng: Random;
  private personSeq = 0;
  private employmentSeq = 0;
  private holdingSeq = 0;
  readonly staff: DemoBankStaff;

  constructor(private readonly options: DemoBankOptions) {
    if (!Number.isInteger(options.corporates) || options.corporates < 1) throw new Error('corporates must be a whole number ≥ 1');
    if (!Number.isInteger(options.employees) || options.employees < 0) throw new Error('employees must be a whole number ≥ 0');
    this.rng = new Random(options.seed ?? 20261123);
    this.staff = this.makeStaff();
  }

  private makeStaff(): DemoBankStaff {
    const rng = this.rng;
    const branchCount = clamp(Math.ceil(this.options.corporates / 15), 2, CITIES.length);
    const branches: BranchRow[] = [];
    const managers: ManagerRow[] = [];
    for (let b = 0; b < branchCount; b++) {
      const code = String(b + 1).padStart(2, '0');
      const branch = { id: rng.uuid(), externalId: `BR-${code}`, name: `${CITIES[b]} Branch`, city: CITIES[b]! };
      branches.push(branch);
      const add = (role: ManagerRole, prefix: string, count: number) => {
        for (let i = 1; i <= count; i++) {
          managers.push({ id: rng.uuid(), externalId: `${prefix}-${code}-${i}`, name: `${rng.pick(FIRST)} ${rng.pick(LAST)}`, role, branchId: branch.id });
        }
      };
      add('CORPORATE_RM', 'CRM', 2);
      add('RETAIL_RM', 'RRM', 3);
      add('BRANCH_MANAGER', 'BM', 1);
    }
    managers.push({ id: rng.uuid(), externalId: 'RULE-ADMIN-1', name: 'Rule Administrator', role: 'RULE_ADMIN', branchId: null });
    managers.push({ id: rng.uuid(), externalId: 'SYSTEM-CRM', name: 'CRM integration', role: 'SYSTEM', branchId: null });
    managers.push({ id: rng.uuid(), externalId: 'ADMIN-1', name: 'Administrator', role: 'ADMIN', branchId: null });
    return { branches, managers };
  }

  /** Yields one company at a time, so a bank of any size never sits in memory whole. */
  *companies(): Generator<CompanyBundle> {
    const rng = this.rng;
    const counts = employeeCounts(rng, this.options.corporates, this.options.employees, this.options.largestClientEmployees);
    for (let c = 0; c < this.options.corporates; c++) yield this.company(c, counts[c] ?? 0);
  }

  private company(index: number, employeeCount: number): CompanyBundle {
    const rng = this.rng;
    const { asOf } = this.options;
    const branch = this.staff.branches[index % this.staff.branches.length]!;
    const branchManagers = this.staff.managers.filter((m) => m.branchId === branch.id);
    const corporateRms = branchManagers.filter((m) => m.role === 'CORPORATE_RM');
    const retailRms = branchManagers.filter((m) => m.role === 'RETAIL_RM');
    const industry = rng.weighted(INDUSTRY_WEIGHTS);
    const sizeBand = sizeBandFor(employeeCount);
    const payrollWithBank = rng.chance(0.65);
    const posCapable = industry === 'RETAIL' || industry === 'CATERING';
    const company: CorporateClientRow = {
      id: rng.uuid(),
      externalId: `CC-${String(index + 1).padStart(5, '0')}`,
      name: `${rng.pick(COMPANY_WORDS)} ${rng.pick(INDUSTRY_NOUNS[industry])} ${index + 1}`,
      industry,
      sizeBand,
      creditGrade: rng.chance(0.9) ? rng.weighted<CreditGrade>([['A', 15], ['B', 35], ['C', 30], ['D', 15], ['E', 5]]) : null,
      branchId: branch.id,
      corporateRmId: corporateRms.length ? corporateRms[index % corporateRms.length]!.id : null,
      payrollWithBank,
      posTerminalCount: posCapable ? (rng.chance(0.5) ? rng.int(1, 6) : 0) : rng.chance(0.08) ? rng.int(1, 2) : 0,
      hasSettlementAccount: payrollWithBank || rng.chance(0.7),
      relationshipSince: addDays(asOf, -rng.int(120, 15 * 365)),
    };
    const bundle: CompanyBundle = { company, persons: [], employments: [], holdings: [], employeeCount };
    const companyHolding = (code: string, balance: string | null = null) =>
      bundle.holdings.push({ id: rng.uuid(), externalId: `H-${String(++this.holdingSeq).padStart(8, '0')}`, productCode: code, personId: null, corporateClientId: company.id, openedAt: company.relationshipSince, closedAt: null, balance });
    if (company.payrollWithBank) companyHolding('PAYROLL_SERVICE');
    if (company.hasSettlementAccount) companyHolding('SETTLEMENT_ACCOUNT', money(rng.logNormal(40_000, 1)));
    if (company.posTerminalCount > 0) companyHolding('POS_TERMINAL');
    if (rng.chance(0.55)) companyHolding('CORPORATE_EBANKING');

    const owners = sizeBand === 'MICRO' || sizeBand === 'SMALL' ? 1 : rng.int(1, 2);
    const executives = { MICRO: rng.int(0, 1), SMALL: 1, MEDIUM: rng.int(2, 3), LARGE: rng.int(3, 5), ENTERPRISE: rng.int(5, 8) }[sizeBand];
    for (let i = 0; i < owners; i++) this.person(bundle, 'OWNER', retailRms);
    for (let i = 0; i < executives; i++) this.person(bundle, 'EXECUTIVE', retailRms);
    for (let i = 0; i < employeeCount; i++) this.person(bundle, 'EMPLOYEE', retailRms);
    return bundle;
  }

  private person(bundle: CompanyBundle, role: EmploymentRole, retailRms: ManagerRow[]): void {
    const rng = this.rng;
    const { asOf } = this.options;
    const { company } = bundle;
    const seq = ++this.personSeq;
    const age = role === 'EMPLOYEE' ? clamp(Math.round(rng.normal(38, 10)), 20, 64) : clamp(Math.round(rng.normal(48, 8)), 28, 72);
    const birthDate = addDays(asOf, -(age * 365 + Math.floor(age / 4) + rng.int(1, 360)));
    const median = MEDIAN_SALARY[company.industry] * (1 + 0.012 * (age - 25));
    const multiplier = role === 'EMPLOYEE' ? 1 : role === 'EXECUTIVE' ? rng.between(2.5, 6) : rng.between(3, 9);
    const salary = clamp(roundTo(rng.logNormal(median, 0.35) * multiplier, 10), 1500, 60_000);
    const monthlyIncome = salary + (rng.chance(0.12) ? roundTo(rng.between(200, 3000), 10) : 0);
    const aum =
      role === 'EMPLOYEE'
        ? rng.chance(0.07) ? rng.logNormal(150_000, 0.8) : rng.logNormal(salary * 2.5, 0.9)
        : rng.chance(role === 'OWNER' ? 0.4 : 0.25) ? rng.logNormal(2_000_000, 0.6) : rng.logNormal(250_000, 0.9);
    const segment = segmentFor(aum);
    const salaryPaidHere = company.payrollWithBank ? rng.chance(0.92) : rng.chance(0.08);
    const assessed = rng.chance(role === 'EMPLOYEE' ? (segment === 'MASS' ? 0.35 : 0.7) : 0.8);
    const assessedAt = assessed ? addDays(asOf, -rng.int(10, 700)) : null;
    const riskTolerance = assessed ? rng.weighted<RiskTolerance>([['C1', 15], ['C2', 25], ['C3', 30], ['C4', 20], ['C5', 10]]) : null;
    const married = age > 27 && rng.chance(0.6);
    const maritalStatus: MaritalStatus | null = rng.chance(0.1) ? null : married ? 'MARRIED' : age > 45 && rng.chance(0.3) ? rng.pick(['DIVORCED', 'WIDOWED'] as const) : 'SINGLE';
    const dependants = married && age < 55 ? rng.weighted([[0, 30], [1, 30], [2, 30], [3, 10]]) : rng.chance(0.1) ? 1 : 0;
    const dormant = !salaryPaidHere && rng.chance(0.15);
    const highValue = segment !== 'MASS';
    const first = rng.pick(FIRST);
    const last = rng.pick(LAST);
    const person: PersonRow = {
      id: rng.uuid(),
      externalId: `P-${String(seq).padStart(8, '0')}`,
      fullName: `${first} ${last}`,
      birthDate,
      segment,
      aum: money(aum),
      monthlyIncome: money(monthlyIncome),
      creditScore: rng.chance(0.92) ? clamp(Math.round(rng.normal(680, 70)), 300, 850) : null,
      riskTolerance,
      riskAssessedAt: assessedAt,
      riskAssessmentExpiresAt: assessedAt ? addDays(assessedAt, 365) : null,
      marketingConsent: rng.chance(0.86),
      doNotContact: rng.chance(0.03),
      retailRmId: retailRms.length && (highValue || role !== 'EMPLOYEE' || rng.chance(0.05)) ? rng.pick(retailRms).id : null,
      branchId: company.branchId,
      dormantSince: dormant ? addDays(asOf, -rng.int(90, 900)) : null,
      maritalStatus,
      dependants,
      salaryRetentionDays: salaryPaidHere ? rng.weighted([[rng.int(15, 30), 70], [rng.int(5, 14), 20], [rng.int(1, 3), 10]]) : null,
      outflow30d: money(highValue && rng.chance(0.05) ? aum * rng.between(0.25, 0.6) : rng.logNormal(salary * 0.2, 1)),
      nationalId: `ID${String(100_000_000 + seq * 7919).slice(-9)}`,
      email: `${first}.${last}.${seq}@example.com`.toLowerCase(),
      phone: `+1555${String(1_000_000 + seq).slice(-7)}`,
    };
    bundle.persons.push(person);

    const tenureMonths = clamp(Math.round(rng.logNormal(role === 'EMPLOYEE' ? 36 : 84, 0.8)), 1, 40 * 12);
    const ended = role === 'EMPLOYEE' && rng.chance(0.03);
    const startDate = addDays(asOf, -Math.round(tenureMonths * 30.44));
    bundle.employments.push({
      id: rng.uuid(),
      externalId: `E-${String(++this.employmentSeq).padStart(8, '0')}`,
      personId: person.id,
      corporateClientId: company.id,
      role,
      title: role === 'EMPLOYEE' ? rng.pick(TITLES[company.industry]) : role === 'OWNER' ? 'Owner' : rng.pick(EXEC_TITLES),
      monthlySalary: money(salary),
      salaryPaidHere,
      startDate,
      endDate: ended ? addDays(asOf, -rng.int(5, Math.max(6, Math.min(400, Math.round(tenureMonths * 30) - 1)))) : null,
    });

    const hold = (code: string, balance: number | null = null) =>
      bundle.holdings.push({
        id: rng.uuid(),
        externalId: `H-${String(++this.holdingSeq).padStart(8, '0')}`,
        productCode: code,
        personId: person.id,
        corporateClientId: null,
        openedAt: addDays(asOf, -rng.int(10, 2000)),
        closedAt: null,
        balance: balance === null ? null : money(balance),
      });
    if (rng.chance(salaryPaidHere ? 0.72 : 0.2)) hold(salary > 7000 && rng.chance(0.4) ? 'DEBIT_CARD_PREMIUM' : 'DEBIT_CARD_STD');
    if (rng.chance(salaryPaidHere ? 0.55 : 0.18)) hold('MOBILE_BANKING');
    if (rng.chance(role === 'EMPLOYEE' ? 0.22 : 0.5)) hold(role !== 'EMPLOYEE' && rng.chance(0.4) ? 'CREDIT_CARD_PLATINUM' : salary > 6000 && rng.chance(0.4) ? 'CREDIT_CARD_GOLD' : 'CREDIT_CARD_CLASSIC');
    if (rng.chance(0.12)) hold('PERSONAL_LOAN', rng.between(2000, 25_000));
    if (rng.chance(0.06)) hold('AUTO_LOAN', rng.between(5000, 35_000));
    if (age >= 28 && age <= 55 && rng.chance(0.09)) hold('MORTGAGE', rng.between(60_000, 400_000));
    if (rng.chance(0.12)) hold('TERM_DEPOSIT', aum * rng.between(0.2, 0.6));
    if (rng.chance(0.08)) hold('SAVINGS_PLAN', rng.between(500, 20_000));
    if (riskTolerance && aum > 30_000 && rng.chance(0.45)) {
      const level = Number(riskTolerance.slice(1));
      const funds = PRODUCT_CATALOGUE.filter((p) => p.riskLevel && Number(p.riskLevel.slice(1)) <= level);
      if (funds.length) hold(rng.pick(funds).code, aum * rng.between(0.1, 0.4));
    }
    if (rng.chance(0.1)) hold(rng.pick(['INSURANCE_HEALTH', 'INSURANCE_ACCIDENT']));
    if (segment === 'HIGH_NET_WORTH' && rng.chance(0.35)) hold('PRIVATE_BANKING');
  }
}

