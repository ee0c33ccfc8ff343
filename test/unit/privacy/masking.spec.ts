import { amountBand, salaryBand } from '../../../src/common/privacy/bands';
import { maskReason } from '../../../src/opportunities/reason-masking';
import { placeholderValues } from '../../../src/opportunities/reason-storage';
import { exampleFacts } from '../../../src/rule-engine/facts/fact-catalogue';

describe('privacy bands', () => {
  it('bands monthly salaries with the lower edge inclusive', () => {
    expect(salaryBand(1999.99)).toBe('under 2k / month');
    expect(salaryBand(2000)).toBe('2k–3k / month');
    expect(salaryBand(7499)).toBe('5k–7.5k / month');
    expect(salaryBand(25000)).toBe('20k–30k / month');
    expect(salaryBand(30000)).toBe('30k+ / month');
    expect(salaryBand(null)).toBeNull();
  });

  it('bands assets and balances', () => {
    expect(amountBand(999)).toBe('under 1k');
    expect(amountBand(75_000)).toBe('50k–100k');
    expect(amountBand(2_000_000)).toBe('1M–5M');
    expect(amountBand(7_000_000)).toBe('5M+');
  });
});

describe('reason masking', () => {
  const template = 'Earns {{employment.monthlySalary}} a month at {{person.age}}, holds {{person.aum}} with us.';
  const facts = exampleFacts({ employment: { monthlySalary: 4321 }, person: { age: 41, aum: 123_456 } });
  const stored = {
    ruleId: 'r',
    text: 'Earns 4,321 a month at 41, holds 123,456 with us.',
    template,
    values: placeholderValues(template, facts),
    conditions: [
      { fact: 'employment', path: '$.monthlySalary', operator: 'greaterThan', value: 3000, factValue: 4321, result: true },
      { fact: 'person', path: '$.age', operator: 'greaterThan', value: 30, factValue: 41, result: true },
    ],
  };

  it('keeps the values a template quotes', () => {
    expect(stored.values).toEqual({ 'employment.monthlySalary': 4321, 'person.age': 41, 'person.aum': 123_456 });
  });

  it('renders sensitive amounts as bands and leaves the rest', () => {
    const masked = maskReason(stored);
    expect(masked.text).toBe('Earns 3k–5k a month at 41, holds 100k–250k with us.');
    expect(masked.conditions[0]!.factValue).toBe('3k–5k / month');
    expect(masked.conditions[1]!.factValue).toBe(41);
    expect(JSON.stringify(masked)).not.toMatch(/4,?321|123,?456/);
  });
});
