import { registerEnumType } from '@nestjs/graphql';
import {
  CREDIT_GRADES,
  EMPLOYMENT_ROLES,
  INDUSTRIES,
  MARITAL_STATUSES,
  RISK_ASSESSMENT_STATUSES,
  RISK_TOLERANCES,
  SEGMENTS,
  SIZE_BANDS,
  type CreditGrade,
  type EmploymentRole,
  type Industry,
  type MaritalStatus,
  type RiskAssessmentStatus,
  type RiskTolerance,
  type Segment,
  type SizeBand,
} from './domain-values';
import { PRODUCT_AUDIENCES, PRODUCT_CATEGORIES, RISK_LEVELS, type ProductAudience, type ProductCategory, type RiskLevel } from '../products/product-catalogue';
import { MANAGER_ROLES, type ManagerRole } from '../managers/manager-role';

/** Turns a readonly list of names into the `{ NAME: 'NAME' }` object registerEnumType wants. */
export function enumObject<T extends string>(values: readonly T[]): { [K in T]: K } {
  return Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
}

/**
 * Registers a GraphQL enum whose every value carries a description (an integrator reads what C3 or
 * ACCEPTED means in the schema itself). The record's type makes a value without a description a
 * compile error.
 */
export function registerDescribedEnum<T extends string>(
  enumRef: { [K in T]: K },
  name: string,
  description: string,
  values: { [K in T]: string },
): void {
  const valuesMap = Object.fromEntries(Object.entries<string>(values).map(([value, text]) => [value, { description: text }]));
  registerEnumType(enumRef, { name, description, valuesMap: valuesMap as never });
}

export const SegmentEnum = enumObject(SEGMENTS);
export const EmploymentRoleEnum = enumObject(EMPLOYMENT_ROLES);
export const IndustryEnum = enumObject(INDUSTRIES);
export const SizeBandEnum = enumObject(SIZE_BANDS);
export const CreditGradeEnum = enumObject(CREDIT_GRADES);
export const MaritalStatusEnum = enumObject(MARITAL_STATUSES);
export const RiskToleranceEnum = enumObject(RISK_TOLERANCES);
export const RiskAssessmentStatusEnum = enumObject(RISK_ASSESSMENT_STATUSES);
export const ProductCategoryEnum = enumObject(PRODUCT_CATEGORIES);
export const ProductAudienceEnum = enumObject(PRODUCT_AUDIENCES);
export const RiskLevelEnum = enumObject(RISK_LEVELS);
export const ManagerRoleEnum = enumObject(MANAGER_ROLES);

registerDescribedEnum<Segment>(SegmentEnum, 'Segment', 'Customer tier by assets under management (AUM) at the bank.', {
  MASS: 'Mass customers: the bulk of the book, served through batch channels.',
  AFFLUENT: 'Affluent (mid) customers: meaningful assets at the bank, offered wealth products and regular contact.',
  HIGH_NET_WORTH: 'High-net-worth customers: the top tier by assets, with a named manager and private banking.',
});
registerDescribedEnum<EmploymentRole>(EmploymentRoleEnum, 'EmploymentRole', "A person's role at a company.", {
  EMPLOYEE: 'An employee: reached by the employer\'s corporate RM as an employee prospect.',
  EXECUTIVE: 'An executive or senior manager: an executive lead for retail RMs, and a route back to the company.',
  OWNER: 'An owner of the company: an executive lead, and a route to corporate leads for the company.',
});
registerDescribedEnum<Industry>(IndustryEnum, 'Industry', 'Industry of a corporate client.', {
  RETAIL: 'Shops and retail trade.',
  CATERING: 'Restaurants, cafés and catering.',
  MANUFACTURING: 'Manufacturing and production.',
  IT: 'Software and information technology.',
  CONSTRUCTION: 'Construction and building trades.',
  HEALTHCARE: 'Hospitals, clinics and care.',
  LOGISTICS: 'Transport, warehousing and logistics.',
  EDUCATION: 'Schools, universities and training.',
  FINANCE: 'Financial services.',
  PROFESSIONAL_SERVICES: 'Consulting, legal, accounting and other professional services.',
  AGRICULTURE: 'Farming, forestry and fishing.',
  PUBLIC_SECTOR: 'Government and public bodies.',
});
registerDescribedEnum<SizeBand>(SizeBandEnum, 'SizeBand', 'Company size by headcount.', {
  MICRO: 'Fewer than 10 people.',
  SMALL: '10 to 49 people.',
  MEDIUM: '50 to 249 people.',
  LARGE: '250 to 999 people.',
  ENTERPRISE: '1,000 people or more.',
});
registerDescribedEnum<CreditGrade>(CreditGradeEnum, 'CreditGrade', "The bank's internal credit grade of a company, A best.", {
  A: 'Best grade: lowest credit risk.',
  B: 'Good grade: low credit risk.',
  C: 'Middle grade: moderate credit risk.',
  D: 'Weak grade: elevated credit risk.',
  E: 'Worst grade: high credit risk.',
});
registerDescribedEnum<MaritalStatus>(MaritalStatusEnum, 'MaritalStatus', 'Marital status of a person.', {
  SINGLE: 'Never married.',
  MARRIED: 'Married or in a registered partnership.',
  DIVORCED: 'Divorced.',
  WIDOWED: 'Widowed.',
});
registerDescribedEnum<RiskTolerance>(
  RiskToleranceEnum,
  'RiskTolerance',
  'Risk tolerance from the customer\'s suitability assessment, C1 conservative … C5 aggressive. A product of risk level R may be offered only when R ≤ C and the assessment is valid.',
  {
    C1: 'Conservative: capital preservation; suits R1 products only.',
    C2: 'Moderately conservative: small fluctuations accepted; suits R1–R2.',
    C3: 'Balanced: moderate fluctuations for growth; suits R1–R3.',
    C4: 'Growth: large fluctuations accepted; suits R1–R4.',
    C5: 'Aggressive: high risk and loss of capital accepted; suits R1–R5.',
  },
);
registerDescribedEnum<RiskAssessmentStatus>(RiskAssessmentStatusEnum, 'RiskAssessmentStatus', 'Whether the risk assessment is valid today.', {
  VALID: 'Assessed and not yet expired: risk products up to the tolerance may be offered.',
  EXPIRED: 'The assessment has expired: no risk product is offered until it is renewed.',
  MISSING: 'Never assessed: no risk product is offered; renewing (taking) the assessment is the next step.',
});
registerDescribedEnum<ProductCategory>(ProductCategoryEnum, 'ProductCategory', 'Kind of product.', {
  DEBIT_CARD: 'Debit card on a current or salary account.',
  CREDIT_CARD: 'Credit card (a credit product).',
  PERSONAL_LOAN: 'Unsecured consumer loan (a credit product).',
  MORTGAGE: 'Home mortgage (a credit product).',
  AUTO_LOAN: 'Car loan (a credit product).',
  WEALTH: 'Investment and wealth management: funds, structured notes, gold, private banking.',
  INSURANCE: 'Insurance: health, accident, endowment.',
  DEPOSIT: 'Term deposits and savings plans.',
  E_BANKING: 'Mobile and online banking, for persons or companies.',
  POS: 'Card acceptance terminals for companies.',
  PAYROLL_SERVICE: 'Salaries paid through the bank, for companies.',
  SETTLEMENT: 'Business current account for settlements.',
  ADVISORY: 'Advice and assessments, such as renewing the risk assessment.',
  RETENTION: 'Offers that keep a customer: salary retention, dormant account reactivation.',
});
registerDescribedEnum<ProductAudience>(ProductAudienceEnum, 'ProductAudience', 'Who the product is sold to: persons or companies.', {
  PERSON: 'Sold to individuals (employee prospects and executive leads).',
  CORPORATE: 'Sold to companies (corporate leads).',
});
registerDescribedEnum<RiskLevel>(
  RiskLevelEnum,
  'RiskLevel',
  'Risk level of an investment product, R1 lowest … R5 highest; offered only to a customer whose valid tolerance C is at least R.',
  {
    R1: 'Low risk: capital is very unlikely to fall (money market); suits C1 and above.',
    R2: 'Moderately low risk: small fluctuations (bond funds, endowment insurance); suits C2 and above.',
    R3: 'Medium risk: moderate fluctuations (balanced funds, gold); suits C3 and above.',
    R4: 'Moderately high risk: large fluctuations (equity funds); suits C4 and above.',
    R5: 'High risk: capital at risk (structured notes); suits C5 only.',
  },
);
registerDescribedEnum<ManagerRole>(ManagerRoleEnum, 'ManagerRole', 'What a bank user does, and so what they may see.', {
  CORPORATE_RM: 'Corporate relationship manager: looks after company clients and asks for their employee prospects.',
  RETAIL_RM: 'Retail relationship manager: looks after individuals and asks for executive and corporate leads.',
  BRANCH_MANAGER: 'Branch manager: sees every lead list and record of their branch.',
  RULE_ADMIN: 'Maintains the rules: reads and reloads the rule set and asks why a product is not offered; bands only.',
  SYSTEM: 'Another system (CRM, call centre, core banking feed): pushes data in and pulls opportunities out, with exact figures.',
  ADMIN: 'Administers the installation: branches, managers, the product catalogue and the audit log.',
});
