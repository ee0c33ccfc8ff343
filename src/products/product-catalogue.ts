/**
 * The bank's standard product catalogue (framework-free data). The demo bank loads it, the rule
 * checker validates product codes against it when no database is at hand, and other systems may add
 * or change products through the API later.
 */
export const PRODUCT_CATEGORIES = [
  'DEBIT_CARD',
  'CREDIT_CARD',
  'PERSONAL_LOAN',
  'MORTGAGE',
  'AUTO_LOAN',
  'WEALTH',
  'INSURANCE',
  'DEPOSIT',
  'E_BANKING',
  'POS',
  'PAYROLL_SERVICE',
  'SETTLEMENT',
  'ADVISORY',
  'RETENTION',
] as const;
export type ProductCategory = (typeof PRODUCT_CATEGORIES)[number];

export const PRODUCT_AUDIENCES = ['PERSON', 'CORPORATE'] as const;
export type ProductAudience = (typeof PRODUCT_AUDIENCES)[number];

export const RISK_LEVELS = ['R1', 'R2', 'R3', 'R4', 'R5'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** C1…C5, as the domain values spell it (kept here too: this file is framework-free and imports nothing). */
export type RiskTolerance = 'C1' | 'C2' | 'C3' | 'C4' | 'C5';

export interface CatalogueProduct {
  code: string;
  name: string;
  category: ProductCategory;
  audience: ProductAudience;
  /** Risk level for investment-type products; null where suitability rules do not apply. */
  riskLevel: RiskLevel | null;
  /** Expected yearly value to the bank, in the bank's currency (exact decimal string). */
  value: string;
  /** Products of one family replace each other; a higher rank supersedes a lower one. */
  family: string | null;
  familyRank: number | null;
  description: string;
  /** Youngest age it is offered at; null: the decision policy's default for its category (18 for credit, cards, investment, insurance). */
  minAge: number | null;
  /** Oldest age it is offered at; null: the decision policy's default (loans, R3+ investments). */
  maxAge: number | null;
  /** Needs a valid risk assessment even without a risk level (advisory or discretionary products). */
  requiresSuitability: boolean;
  /** With requiresSuitability: the least risk tolerance it suits (C1–C5); null: any. */
  minRiskTolerance: RiskTolerance | null;
}

const p = (
  code: string,
  name: string,
  category: ProductCategory,
  audience: ProductAudience,
  value: string,
  description: string,
  extra: Partial<Pick<CatalogueProduct, 'riskLevel' | 'family' | 'familyRank' | 'minAge' | 'maxAge' | 'requiresSuitability' | 'minRiskTolerance'>> = {},
): CatalogueProduct => ({
  code,
  name,
  category,
  audience,
  value,
  description,
  riskLevel: extra.riskLevel ?? null,
  family: extra.family ?? null,
  familyRank: extra.familyRank ?? null,
  minAge: extra.minAge ?? null,
  maxAge: extra.maxAge ?? null,
  requiresSuitability: extra.requiresSuitability ?? false,
  minRiskTolerance: extra.minRiskTolerance ?? null,
});

export const PRODUCT_CATALOGUE: readonly CatalogueProduct[] = [
  p('DEBIT_CARD_STD', 'Payroll debit card', 'DEBIT_CARD', 'PERSON', '120.00', 'Standard debit card on the salary account', { family: 'DEBIT_CARD', familyRank: 1 }),
  p('DEBIT_CARD_PREMIUM', 'Premium debit card', 'DEBIT_CARD', 'PERSON', '300.00', 'Debit card with travel insurance and lounge access', { family: 'DEBIT_CARD', familyRank: 2 }),
  p('CREDIT_CARD_CLASSIC', 'Classic credit card', 'CREDIT_CARD', 'PERSON', '450.00', 'Credit card for salaried customers', { family: 'CREDIT_CARD', familyRank: 1 }),
  p('CREDIT_CARD_GOLD', 'Gold credit card', 'CREDIT_CARD', 'PERSON', '900.00', 'Higher-limit credit card with cash back', { family: 'CREDIT_CARD', familyRank: 2 }),
  p('CREDIT_CARD_PLATINUM', 'Platinum credit card', 'CREDIT_CARD', 'PERSON', '2200.00', 'Premium credit card for executives and affluent customers', { family: 'CREDIT_CARD', familyRank: 3 }),
  p('MOBILE_BANKING', 'Mobile and online banking', 'E_BANKING', 'PERSON', '60.00', 'Mobile app and internet banking activation'),
  p('PERSONAL_LOAN', 'Consumer loan', 'PERSONAL_LOAN', 'PERSON', '1800.00', 'Unsecured consumer loan for salaried customers'),
  p('AUTO_LOAN', 'Car loan', 'AUTO_LOAN', 'PERSON', '2500.00', 'Secured loan for a new or used car'),
  p('MORTGAGE', 'Home mortgage', 'MORTGAGE', 'PERSON', '9000.00', 'Mortgage for buying or building a home'),
  p('TERM_DEPOSIT', 'Term deposit', 'DEPOSIT', 'PERSON', '400.00', 'Fixed-term deposit with guaranteed interest'),
  p('SAVINGS_PLAN', 'Monthly savings plan', 'DEPOSIT', 'PERSON', '250.00', 'Automatic monthly saving from the salary'),
  p('WEALTH_MONEY_MARKET', 'Money market fund', 'WEALTH', 'PERSON', '500.00', 'Low-risk liquid fund', { riskLevel: 'R1' }),
  p('WEALTH_BOND_FUND', 'Bond fund', 'WEALTH', 'PERSON', '900.00', 'Investment-grade bond fund', { riskLevel: 'R2' }),
  p('WEALTH_BALANCED_FUND', 'Balanced fund', 'WEALTH', 'PERSON', '1400.00', 'Mixed bond and equity fund', { riskLevel: 'R3' }),
  p('GOLD_ACCOUNT', 'Gold account', 'WEALTH', 'PERSON', '600.00', 'Account held in gold grams', { riskLevel: 'R3' }),
  p('WEALTH_EQUITY_FUND', 'Equity fund', 'WEALTH', 'PERSON', '2000.00', 'Global equity fund', { riskLevel: 'R4' }),
  p('WEALTH_STRUCTURED_NOTE', 'Structured note', 'WEALTH', 'PERSON', '2600.00', 'Capital-at-risk structured product', { riskLevel: 'R5' }),
  p('PRIVATE_BANKING', 'Private banking', 'WEALTH', 'PERSON', '12000.00', 'Named private banker and discretionary mandate', { requiresSuitability: true, minRiskTolerance: 'C3' }),
  p('INSURANCE_HEALTH', 'Health insurance', 'INSURANCE', 'PERSON', '700.00', 'Private health cover for the family'),
  p('INSURANCE_ACCIDENT', 'Accident insurance', 'INSURANCE', 'PERSON', '300.00', 'Personal accident cover'),
  p('INSURANCE_ENDOWMENT', 'Endowment insurance', 'INSURANCE', 'PERSON', '1500.00', 'Savings life insurance paying out at maturity', { riskLevel: 'R2' }),
  p('RISK_ASSESSMENT_RENEWAL', 'Risk assessment renewal', 'ADVISORY', 'PERSON', '80.00', 'Renew the customer\'s risk tolerance assessment'),
  p('SALARY_RETENTION_OFFER', 'Salary account retention offer', 'RETENTION', 'PERSON', '400.00', 'Bonus interest for keeping the salary at the bank'),
  p('ACCOUNT_REACTIVATION', 'Account reactivation', 'RETENTION', 'PERSON', '150.00', 'Reactivate a dormant account'),
  p('POS_TERMINAL', 'POS terminal', 'POS', 'CORPORATE', '3000.00', 'Card acceptance terminal for shops and restaurants'),
  p('PAYROLL_SERVICE', 'Payroll service', 'PAYROLL_SERVICE', 'CORPORATE', '5000.00', 'Salaries paid through the bank'),
  p('SETTLEMENT_ACCOUNT', 'Settlement account', 'SETTLEMENT', 'CORPORATE', '1500.00', 'Business current account for settlements'),
  p('CORPORATE_EBANKING', 'Corporate e-banking', 'E_BANKING', 'CORPORATE', '800.00', 'Online banking for companies'),
];
