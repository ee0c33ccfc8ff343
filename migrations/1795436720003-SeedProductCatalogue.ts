import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The bank's standard product catalogue as reference data, so rules can name product codes on a
 * fresh installation. Existing codes are left untouched (a bank may have edited them).
 */
export class SeedProductCatalogue1795436720003 implements MigrationInterface {
  name = 'SeedProductCatalogue1795436720003';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      INSERT INTO "products" ("code", "name", "description", "category", "audience", "risk_level", "value", "family", "family_rank")
      VALUES
      ('DEBIT_CARD_STD', 'Payroll debit card', 'Standard debit card on the salary account', 'DEBIT_CARD', 'PERSON', NULL, '120.00', 'DEBIT_CARD', 1),
      ('DEBIT_CARD_PREMIUM', 'Premium debit card', 'Debit card with travel insurance and lounge access', 'DEBIT_CARD', 'PERSON', NULL, '300.00', 'DEBIT_CARD', 2),
      ('CREDIT_CARD_CLASSIC', 'Classic credit card', 'Credit card for salaried customers', 'CREDIT_CARD', 'PERSON', NULL, '450.00', 'CREDIT_CARD', 1),
      ('CREDIT_CARD_GOLD', 'Gold credit card', 'Higher-limit credit card with cash back', 'CREDIT_CARD', 'PERSON', NULL, '900.00', 'CREDIT_CARD', 2),
      ('CREDIT_CARD_PLATINUM', 'Platinum credit card', 'Premium credit card for executives and affluent customers', 'CREDIT_CARD', 'PERSON', NULL, '2200.00', 'CREDIT_CARD', 3),
      ('MOBILE_BANKING', 'Mobile and online banking', 'Mobile app and internet banking activation', 'E_BANKING', 'PERSON', NULL, '60.00', NULL, NULL),
      ('PERSONAL_LOAN', 'Consumer loan', 'Unsecured consumer loan for salaried customers', 'PERSONAL_LOAN', 'PERSON', NULL, '1800.00', NULL, NULL),
      ('AUTO_LOAN', 'Car loan', 'Secured loan for a new or used car', 'AUTO_LOAN', 'PERSON', NULL, '2500.00', NULL, NULL),
      ('MORTGAGE', 'Home mortgage', 'Mortgage for buying or building a home', 'MORTGAGE', 'PERSON', NULL, '9000.00', NULL, NULL),
      ('TERM_DEPOSIT', 'Term deposit', 'Fixed-term deposit with guaranteed interest', 'DEPOSIT', 'PERSON', NULL, '400.00', NULL, NULL),
      ('SAVINGS_PLAN', 'Monthly savings plan', 'Automatic monthly saving from the salary', 'DEPOSIT', 'PERSON', NULL, '250.00', NULL, NULL),
      ('WEALTH_MONEY_MARKET', 'Money market fund', 'Low-risk liquid fund', 'WEALTH', 'PERSON', 'R1', '500.00', NULL, NULL),
      ('WEALTH_BOND_FUND', 'Bond fund', 'Investment-grade bond fund', 'WEALTH', 'PERSON', 'R2', '900.00', NULL, NULL),
      ('WEALTH_BALANCED_FUND', 'Balanced fund', 'Mixed bond and equity fund', 'WEALTH', 'PERSON', 'R3', '1400.00', NULL, NULL),
      ('GOLD_ACCOUNT', 'Gold account', 'Account held in gold grams', 'WEALTH', 'PERSON', 'R3', '600.00', NULL, NULL),
      ('WEALTH_EQUITY_FUND', 'Equity fund', 'Global equity fund', 'WEALTH', 'PERSON', 'R4', '2000.00', NULL, NULL),
      ('WEALTH_STRUCTURED_NOTE', 'Structured note', 'Capital-at-risk structured product', 'WEALTH', 'PERSON', 'R5', '2600.00', NULL, NULL),
      ('PRIVATE_BANKING', 'Private banking', 'Named private banker and discretionary mandate', 'WEALTH', 'PERSON', NULL, '12000.00', NULL, NULL),
      ('INSURANCE_HEALTH', 'Health insurance', 'Private health cover for the family', 'INSURANCE', 'PERSON', NULL, '700.00', NULL, NULL),
      ('INSURANCE_ACCIDENT', 'Accident insurance', 'Personal accident cover', 'INSURANCE', 'PERSON', NULL, '300.00', NULL, NULL),
      ('INSURANCE_ENDOWMENT', 'Endowment insurance', 'Savings life insurance paying out at maturity', 'INSURANCE', 'PERSON', 'R2', '1500.00', NULL, NULL),
      ('RISK_ASSESSMENT_RENEWAL', 'Risk assessment renewal', 'Renew the customer''s risk tolerance assessment', 'ADVISORY', 'PERSON', NULL, '80.00', NULL, NULL),
      ('SALARY_RETENTION_OFFER', 'Salary account retention offer', 'Bonus interest for keeping the salary at the bank', 'RETENTION', 'PERSON', NULL, '400.00', NULL, NULL),
      ('ACCOUNT_REACTIVATION', 'Account reactivation', 'Reactivate a dormant account', 'RETENTION', 'PERSON', NULL, '150.00', NULL, NULL),
      ('POS_TERMINAL', 'POS terminal', 'Card acceptance terminal for shops and restaurants', 'POS', 'CORPORATE', NULL, '3000.00', NULL, NULL),
      ('PAYROLL_SERVICE', 'Payroll service', 'Salaries paid through the bank', 'PAYROLL_SERVICE', 'CORPORATE', NULL, '5000.00', NULL, NULL),
      ('SETTLEMENT_ACCOUNT', 'Settlement account', 'Business current account for settlements', 'SETTLEMENT', 'CORPORATE', NULL, '1500.00', NULL, NULL),
      ('CORPORATE_EBANKING', 'Corporate e-banking', 'Online banking for companies', 'E_BANKING', 'CORPORATE', NULL, '800.00', NULL, NULL)
      ON CONFLICT ("code") DO NOTHING`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "products" WHERE "code" IN (${CODES.map((c) => `'${c}'`).join(', ')})`);
  }
}

const CODES = [
  'DEBIT_CARD_STD',
  'DEBIT_CARD_PREMIUM',
  'CREDIT_CARD_CLASSIC',
  'CREDIT_CARD_GOLD',
  'CREDIT_CARD_PLATINUM',
  'MOBILE_BANKING',
  'PERSONAL_LOAN',
  'AUTO_LOAN',
  'MORTGAGE',
  'TERM_DEPOSIT',
  'SAVINGS_PLAN',
  'WEALTH_MONEY_MARKET',
  'WEALTH_BOND_FUND',
  'WEALTH_BALANCED_FUND',
  'GOLD_ACCOUNT',
  'WEALTH_EQUITY_FUND',
  'WEALTH_STRUCTURED_NOTE',
  'PRIVATE_BANKING',
  'INSURANCE_HEALTH',
  'INSURANCE_ACCIDENT',
  'INSURANCE_ENDOWMENT',
  'RISK_ASSESSMENT_RENEWAL',
  'SALARY_RETENTION_OFFER',
  'ACCOUNT_REACTIVATION',
  'POS_TERMINAL',
  'PAYROLL_SERVICE',
  'SETTLEMENT_ACCOUNT',
  'CORPORATE_EBANKING',
];
