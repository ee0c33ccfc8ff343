/** The bank's vocabulary shared by the database, the API and the rule engine (framework-free). */
export const SEGMENTS = ['MASS', 'AFFLUENT', 'HIGH_NET_WORTH'] as const;
export type Segment = (typeof SEGMENTS)[number];

export const EMPLOYMENT_ROLES = ['EMPLOYEE', 'EXECUTIVE', 'OWNER'] as const;
export type EmploymentRole = (typeof EMPLOYMENT_ROLES)[number];

export const INDUSTRIES = [
  'RETAIL',
  'CATERING',
  'MANUFACTURING',
  'IT',
  'CONSTRUCTION',
  'HEALTHCARE',
  'LOGISTICS',
  'EDUCATION',
  'FINANCE',
  'PROFESSIONAL_SERVICES',
  'AGRICULTURE',
  'PUBLIC_SECTOR',
] as const;
export type Industry = (typeof INDUSTRIES)[number];

/** By headcount: MICRO <10, SMALL <50, MEDIUM <250, LARGE <1000, ENTERPRISE 1000+. */
export const SIZE_BANDS = ['MICRO', 'SMALL', 'MEDIUM', 'LARGE', 'ENTERPRISE'] as const;
export type SizeBand = (typeof SIZE_BANDS)[number];

/** The bank's internal credit grade of a company, A best. */
export const CREDIT_GRADES = ['A', 'B', 'C', 'D', 'E'] as const;
export type CreditGrade = (typeof CREDIT_GRADES)[number];

export const MARITAL_STATUSES = ['SINGLE', 'MARRIED', 'DIVORCED', 'WIDOWED'] as const;
export type MaritalStatus = (typeof MARITAL_STATUSES)[number];

/** Risk tolerance from the suitability assessment: C1 conservative … C5 aggressive. */
export const RISK_TOLERANCES = ['C1', 'C2', 'C3', 'C4', 'C5'] as const;
export type RiskTolerance = (typeof RISK_TOLERANCES)[number];

export const RISK_ASSESSMENT_STATUSES = ['VALID', 'EXPIRED', 'MISSING'] as const;
export type RiskAssessmentStatus = (typeof RISK_ASSESSMENT_STATUSES)[number];
